package awsinv

// aws.apigateway.stage: API Gateway REST API stages, read with GetRestApis
// and GetStages (IAM action apigateway:GET).

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/apigateway"
	apigwtypes "github.com/aws/aws-sdk-go-v2/service/apigateway/types"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
	"github.com/vigil-cspm/vigil/internal/secrets"
)

// collectRESTAPIStages lists REST APIs and each one's stages.
func collectRESTAPIStages(ctx context.Context, s *Session) error {
	c := apigateway.NewFromConfig(s.Config)
	var apis []apigwtypes.RestApi
	p := apigateway.NewGetRestApisPaginator(c, &apigateway.GetRestApisInput{Limit: aws.Int32(500)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		apis = append(apis, page.Items...)
	}
	det := secrets.New()
	servicesEach(ctx, apis, 4, func(api apigwtypes.RestApi) {
		id := aws.ToString(api.Id)
		out, err := c.GetStages(ctx, &apigateway.GetStagesInput{RestApiId: api.Id})
		if err != nil {
			if !IsNotFound(err) {
				s.Fail("apigateway:GetStages", fmt.Errorf("rest api %s: %w", id, err))
			}
			return
		}
		for _, st := range out.Item {
			m := awsmodel.NewAPIGatewayStage(id, api.Name, st, det)
			stage := aws.ToString(st.StageName)
			arn := fmt.Sprintf("arn:%s:apigateway:%s::/restapis/%s/stages/%s", partitionOf(s.Region), s.Region, id, stage)
			s.Emit(s.New(awsmodel.TypeAPIGatewayStage, arn, aws.ToString(api.Name)+"/"+stage, st.Tags, nil, m))
		}
	})
	return ctx.Err()
}
