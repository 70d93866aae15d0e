package awsinv

// aws.apigatewayv2.stage: API Gateway HTTP and WebSocket API stages, read
// with GetApis and GetStages (IAM action apigateway:GET).

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/apigatewayv2"
	apigwv2types "github.com/aws/aws-sdk-go-v2/service/apigatewayv2/types"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
	"github.com/vigil-cspm/vigil/internal/secrets"
)

// collectHTTPAPIStages lists HTTP and WebSocket APIs and each one's
// stages. (The SDK has no paginators for API Gateway v2.)
func collectHTTPAPIStages(ctx context.Context, s *Session) error {
	c := apigatewayv2.NewFromConfig(s.Config)
	var apis []apigwv2types.Api
	in := &apigatewayv2.GetApisInput{MaxResults: aws.String("500")}
	for {
		page, err := c.GetApis(ctx, in)
		if err != nil {
			return err
		}
		apis = append(apis, page.Items...)
		if page.NextToken == nil || *page.NextToken == "" {
			break
		}
		in.NextToken = page.NextToken
	}
	det := secrets.New()
	servicesEach(ctx, apis, 4, func(api apigwv2types.Api) {
		id := aws.ToString(api.ApiId)
		sin := &apigatewayv2.GetStagesInput{ApiId: api.ApiId, MaxResults: aws.String("500")}
		for {
			out, err := c.GetStages(ctx, sin)
			if err != nil {
				if !IsNotFound(err) {
					s.Fail("apigateway:GetStages", fmt.Errorf("api %s: %w", id, err))
				}
				return
			}
			for _, st := range out.Items {
				m := awsmodel.NewAPIGatewayV2Stage(api, st, det)
				stage := aws.ToString(st.StageName)
				arn := fmt.Sprintf("arn:%s:apigateway:%s::/apis/%s/stages/%s", partitionOf(s.Region), s.Region, id, stage)
				s.Emit(s.New(awsmodel.TypeAPIGatewayV2Stage, arn, aws.ToString(api.Name)+"/"+stage, st.Tags, nil, m))
			}
			if out.NextToken == nil || *out.NextToken == "" {
				return
			}
			sin.NextToken = out.NextToken
		}
	})
	return ctx.Err()
}
