package awsadapt

import (
	"github.com/aws/aws-sdk-go-v2/aws"
	apigwv2types "github.com/aws/aws-sdk-go-v2/service/apigatewayv2/types"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
)

// apiGatewayV2Stage reads an HTTP or WebSocket API stage.
func apiGatewayV2Stage(ix *Index, b *builder) (string, any) {
	in := b.in
	stage := labelOr(b.in, spell(in, "name", "StageName"))
	api := apigwv2types.Api{}
	v, _ := in.Get(spell(in, "api_id", "ApiId"))
	if to, ok := ix.Resolve(in, v); ok {
		tb := newBuilder(to)
		api.Name = aws.String(labelOr(to, spell(to, "name", "Name")))
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
	s := awsmodel.NewAPIGatewayV2Stage(api, st, ix.secrets())
	name := stage
	if api.Name != nil {
		name = *api.Name + "/" + stage
	}
	return name, s
}
