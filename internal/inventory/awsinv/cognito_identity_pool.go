package awsinv

// aws.cognito.identity_pool: Cognito identity pools, listed with
// cognito-identity:ListIdentityPools (paged, 60 a page, the API's most)
// and read with cognito-identity:DescribeIdentityPool, one call per
// pool: the list carries only ID and name, and no batch describe
// exists. About 1.02 calls per pool, the API's minimum.

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentity"
	cognitoidtypes "github.com/aws/aws-sdk-go-v2/service/cognitoidentity/types"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
)

func collectIdentityPools(ctx context.Context, s *Session) error {
	c := cognitoidentity.NewFromConfig(s.Config)
	var pools []cognitoidtypes.IdentityPoolShortDescription
	p := cognitoidentity.NewListIdentityPoolsPaginator(c, &cognitoidentity.ListIdentityPoolsInput{MaxResults: aws.Int32(60)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		pools = append(pools, page.IdentityPools...)
	}
	servicesEach(ctx, pools, 8, func(d cognitoidtypes.IdentityPoolShortDescription) {
		id := aws.ToString(d.IdentityPoolId)
		arn := fmt.Sprintf("arn:%s:cognito-identity:%s:%s:identitypool/%s", partitionOf(s.Region), s.Region, s.Account, id)
		m := awsmodel.CognitoIdentityPool{IdentityPoolId: d.IdentityPoolId, IdentityPoolName: d.IdentityPoolName}
		var unread []string
		out, err := c.DescribeIdentityPool(ctx, &cognitoidentity.DescribeIdentityPoolInput{IdentityPoolId: d.IdentityPoolId})
		if err != nil && IsNotFound(err) {
			return // deleted since it was listed
		}
		if svcCall(s, &unread, "cognito-identity:DescribeIdentityPool", "identity pool "+id, err,
			[]string{"allow_unauthenticated_identities", "allow_classic_flow"}) {
			m = awsmodel.CognitoIdentityPool{IdentityPoolId: out.IdentityPoolId, IdentityPoolName: out.IdentityPoolName,
				AllowUnauthenticatedIdentities: out.AllowUnauthenticatedIdentities, AllowClassicFlow: out.AllowClassicFlow,
				CognitoIdentityProviders: out.CognitoIdentityProviders, DeveloperProviderName: out.DeveloperProviderName,
				OpenIdConnectProviderARNs: out.OpenIdConnectProviderARNs, SamlProviderARNs: out.SamlProviderARNs,
				SupportedLoginProviders: out.SupportedLoginProviders, IdentityPoolTags: out.IdentityPoolTags}
		}
		s.Emit(s.New(awsmodel.TypeCognitoIdentityPool, arn, aws.ToString(m.IdentityPoolName), m.IdentityPoolTags, unread, m))
	})
	return ctx.Err()
}
