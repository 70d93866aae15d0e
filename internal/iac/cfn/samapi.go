package cfn

import (
	"sort"
	"strings"

	"github.com/vigil-cspm/vigil/internal/iac/cloudres"
)

// restAPI expands an AWS::Serverless::Api (or the implicit
// ServerlessRestApi) into its AWS::ApiGateway::RestApi, Deployment and
// Stage, and the permissions for its Lambda authorizers.
func (g *samGen) restAPI() {
	id := g.in.Address
	api := g.instance("AWS::ApiGateway::RestApi", id, 0)
	g.copyAll(&api, "Name", "Description", "BinaryMediaTypes", "MinimumCompressionSize", "Mode", "DisableExecuteApiEndpoint",
		"ApiKeySourceType", "FailOnWarnings")
	g.copy(&api, "DefinitionBody", "Body")
	g.s3Location(&api, "DefinitionUri", "BodyS3Location", [3]string{"Bucket", "Key", "Version"})
	// EndpointConfiguration is a type, or {Type, VPCEndpointIds}.
	switch v := g.in.Values["EndpointConfiguration"].(type) {
	case map[string]any:
		if t, ok := v["Type"]; ok {
			g.set(&api, "EndpointConfiguration.Types", []any{t}, "EndpointConfiguration.Type")
		}
		g.copy(&api, "EndpointConfiguration.VPCEndpointIds", "EndpointConfiguration.VpcEndpointIds")
	case nil:
	default:
		g.set(&api, "EndpointConfiguration.Types", []any{v}, "EndpointConfiguration")
	}
	g.emit(api)

	dep := g.instance("AWS::ApiGateway::Deployment", id+"Deployment", 0)
	dep.Values["RestApiId"] = cloudres.Ref{Address: id}
	g.emit(dep)

	st := g.instance("AWS::ApiGateway::Stage", g.stageID(), 0)
	st.Values["RestApiId"] = cloudres.Ref{Address: id}
	st.Values["DeploymentId"] = cloudres.Ref{Address: dep.Address}
	g.copyAll(&st, "StageName", "AccessLogSetting", "MethodSettings", "TracingEnabled", "CacheClusterEnabled", "CacheClusterSize",
		"Variables", "CanarySetting", "Description")
	g.tagList(&st)
	g.emit(st)
	g.authorizerPermissions()
}

// httpAPI expands an AWS::Serverless::HttpApi (or the implicit
// ServerlessHttpApi) into its AWS::ApiGatewayV2::Api and Stage (the
// $default stage unless StageName is set), and the permissions for its
// Lambda authorizers.
func (g *samGen) httpAPI() {
	id := g.in.Address
	api := g.instance("AWS::ApiGatewayV2::Api", id, 0)
	api.Values["ProtocolType"] = "HTTP"
	g.copyAll(&api, "Name", "Description", "DisableExecuteApiEndpoint", "FailOnWarnings", "Tags")
	g.copy(&api, "DefinitionBody", "Body")
	g.s3Location(&api, "DefinitionUri", "BodyS3Location", [3]string{"Bucket", "Key", "Version"})
	if _, ok := g.in.Values["CorsConfiguration"].(map[string]any); ok {
		g.copy(&api, "CorsConfiguration", "CorsConfiguration")
	}
	g.emit(api)

	stageID := id + "ApiGatewayDefaultStage"
	if _, ok := g.in.Values["StageName"]; ok {
		stageID = g.stageID()
	}
	st := g.instance("AWS::ApiGatewayV2::Stage", stageID, 0)
	st.Values["ApiId"] = cloudres.Ref{Address: id}
	st.Values["StageName"] = "$default"
	st.Values["AutoDeploy"] = true
	g.copyAll(&st, "StageName", "AccessLogSettings", "DefaultRouteSettings", "RouteSettings", "StageVariables", "Tags")
	g.emit(st)
	g.authorizerPermissions()
}

// stageID is the logical ID of an API's stage: <API><StageName>Stage,
// the stage name reduced to its alphanumeric characters (SAM uses a
// hash when it has others).
func (g *samGen) stageID() string {
	name, _ := scalarString(g.in.Values["StageName"])
	return g.in.Address + strings.Map(func(r rune) rune {
		if alphanumeric(string(r)) {
			return r
		}
		return -1
	}, name) + "Stage"
}

// authorizerPermissions emits the permissions SAM adds for API Gateway
// to call the API's Lambda authorizers (Auth.Authorizers entries with a
// FunctionArn).
func (g *samGen) authorizerPermissions() {
	auths, _ := g.in.Values["Auth"].(map[string]any)
	m, _ := auths["Authorizers"].(map[string]any)
	names := make([]string, 0, len(m))
	for name := range m {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		a, _ := m[name].(map[string]any)
		fn, ok := a["FunctionArn"]
		if !ok {
			continue
		}
		path := "Auth.Authorizers." + name
		p := g.permission(g.in.Address+name+"AuthorizerPermission", g.line(path), fn, "apigateway.amazonaws.com", "lambda:InvokeFunction")
		g.moveLines(path+".FunctionArn", p.Lines, "FunctionName")
		p.Values["SourceArn"] = cloudres.Unknown{} // the API's execute-api ARN
		g.emit(p)
	}
}
