package awsinv

// aws.cognito.user_pool: Cognito user pools, listed with
// cognito-idp:ListUserPools (paged, 60 a page, the API's most) and read
// with cognito-idp:DescribeUserPool, one call per pool: the list has
// neither the password policy nor the add-ons, and no batch describe
// exists. About 1.02 calls per pool, the API's minimum.

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	cognitotypes "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
)

func collectUserPools(ctx context.Context, s *Session) error {
	c := cognitoidentityprovider.NewFromConfig(s.Config)
	var pools []cognitotypes.UserPoolDescriptionType
	p := cognitoidentityprovider.NewListUserPoolsPaginator(c, &cognitoidentityprovider.ListUserPoolsInput{MaxResults: aws.Int32(60)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		pools = append(pools, page.UserPools...)
	}
	servicesEach(ctx, pools, 8, func(d cognitotypes.UserPoolDescriptionType) {
		id := aws.ToString(d.Id)
		arn := fmt.Sprintf("arn:%s:cognito-idp:%s:%s:userpool/%s", partitionOf(s.Region), s.Region, s.Account, id)
		m := awsmodel.CognitoUserPool{UserPoolType: cognitotypes.UserPoolType{Id: d.Id, Name: d.Name,
			CreationDate: d.CreationDate, LastModifiedDate: d.LastModifiedDate}}
		var unread []string
		out, err := c.DescribeUserPool(ctx, &cognitoidentityprovider.DescribeUserPoolInput{UserPoolId: d.Id})
		if err != nil && IsNotFound(err) {
			return // deleted since it was listed
		}
		if svcCall(s, &unread, "cognito-idp:DescribeUserPool", "user pool "+id, err,
			[]string{"policies", "user_pool_add_ons", "threat_protection_enforced", "mfa_configuration"}) && out.UserPool != nil {
			m.UserPoolType = *out.UserPool
		}
		if a := aws.ToString(m.Arn); a != "" {
			arn = a
		}
		s.Emit(s.New(awsmodel.TypeCognitoUserPool, arn, aws.ToString(m.Name), m.UserPoolTags, unread, m))
	})
	return ctx.Err()
}
