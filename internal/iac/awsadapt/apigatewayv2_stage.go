package awsadapt

import (
	"github.com/aws/aws-sdk-go-v2/aws"
	apigwv2types "github.com/aws/aws-sdk-go-v2/service/apigatewayv2/types"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
	"github.com/vigil-cspm/vigil/internal/model"
	"github.com/vigil-cspm/vigil/internal/secrets"
)

// apiGatewayV2StageAdapter reads HTTP and WebSocket API stages.
func apiGatewayV2StageAdapter() adapter {
	return adapter{Target: awsmodel.TypeAPIGatewayV2Stage, Adapt: adaptHTTPStages,
		Consumes: []string{"aws_apigatewayv2_stage", "aws_apigatewayv2_api",
			"AWS::ApiGatewayV2::Stage", "AWS::ApiGatewayV2::Api"}}
}

func adaptHTTPStages(ix *Index) []*model.Resource {
	var out []*model.Resource
	det := secrets.New()
	for _, t := range []string{"aws_apigatewayv2_stage", "AWS::ApiGatewayV2::Stage"} {
		for _, in := range ix.OfType(t) {
			b := newBuilder(in)
			stage := b.nameOr(spell(in, "name", "StageName"))
			api := apigwv2types.Api{}
			v, _ := in.Get(spell(in, "api_id", "ApiId"))
			if to, ok := ix.Resolve(in, v); ok {
				tb := newBuilder(to)
				api.Name = aws.String(tb.nameOr(spell(to, "name", "Name")))
				if s, ok := tb.str(spell(to, "protocol_type", "ProtocolType"), ""); ok {
					api.ProtocolType = apigwv2types.ProtocolType(s)
				}
				api.ApiId = aws.String(to.Address)
			} else if s, ok := v.(string); ok {
				api.ApiId = aws.String(s)
			}
			st := apigwv2types.Stage{StageName: aws.String(stage)}
			readAccessLog(b, spell(in, "access_log_settings.0.", "AccessLogSettings."), func(dest, format *string) {
				st.AccessLogSettings = &apigwv2types.AccessLogSettings{DestinationArn: dest, Format: format}
			})
			st.StageVariables = b.variables(spell(in, "stage_variables", "StageVariables"), "stage_variables")
			if s, ok := b.str(spell(in, "default_route_settings.0.logging_level", "DefaultRouteSettings.LoggingLevel"), ""); ok {
				st.DefaultRouteSettings = &apigwv2types.RouteSettings{LoggingLevel: apigwv2types.LoggingLevel(s)}
			}
			s := awsmodel.NewAPIGatewayV2Stage(api, st, det)
			name := stage
			if api.Name != nil {
				name = *api.Name + "/" + stage
			}
			out = append(out, b.resource(awsmodel.TypeAPIGatewayV2Stage, name, s))
		}
	}
	return out
}
