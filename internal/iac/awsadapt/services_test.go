package awsadapt

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/vigil-cspm/vigil/internal/iac/cloudres"
)

func TestLambdaFunctions(t *testing.T) {
	const secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
	insts := []cloudres.Instance{
		tf("aws_lambda_function", "aws_lambda_function.old", 1, props{"function_name": "old", "runtime": "python3.7",
			"environment": items(props{"variables": props{"AWS_SECRET_ACCESS_KEY": secret, "TABLE": refAt("aws_dynamodb_table.t", "name"), "MODE": "prod"}})}),
		// A permission for anyone, by Ref; a function URL without auth.
		tf("aws_lambda_permission", "aws_lambda_permission.any", 10, props{"function_name": refAt("aws_lambda_function.old", "function_name"),
			"action": "lambda:InvokeFunction", "principal": "*", "statement_id": "any"}),
		tf("aws_lambda_function_url", "aws_lambda_function_url.old", 20, props{"function_name": refAt("aws_lambda_function.old", "function_name"),
			"authorization_type": "NONE"}),
		// A current runtime; a permission for S3 narrowed by source ARN,
		// linked by name; an IAM-authenticated URL.
		tf("aws_lambda_function", "aws_lambda_function.new", 30, props{"function_name": "new", "runtime": "python3.13"}),
		tf("aws_lambda_permission", "aws_lambda_permission.s3", 40, props{"function_name": "arn:aws:lambda:us-east-1:111111111111:function:new",
			"action": "lambda:InvokeFunction", "principal": "*", "source_arn": refAt("aws_s3_bucket.b", "arn")}),
		tf("aws_lambda_function_url", "aws_lambda_function_url.new", 50, props{"function_name": "new", "authorization_type": "AWS_IAM"}),
		// CloudFormation.
		cfnRes("AWS::Lambda::Function", "Fn", 1, props{"Runtime": "nodejs14.x", "Environment": props{"Variables": props{"DB_PASSWORD": "s3cr3t-Pa55word!"}}}),
		cfnRes("AWS::Lambda::Permission", "FnPerm", 10, props{"FunctionName": refAt("Fn", "Arn"), "Action": "lambda:InvokeFunction", "Principal": "*"}),
		cfnRes("AWS::Lambda::Url", "FnUrl", 20, props{"TargetFunctionArn": refAt("Fn", "Arn"), "AuthType": "NONE"}),
		cfnRes("AWS::Lambda::Function", "Quiet", 30, props{"FunctionName": "quiet", "Runtime": "java21"}),
		cfnRes("AWS::Lambda::Permission", "QuietPerm", 40, props{"FunctionName": "quiet", "Action": "lambda:InvokeFunction",
			"Principal": "events.amazonaws.com", "SourceAccount": "111111111111"}),
	}
	res, got := evaluate(t, insts)
	assertFires(t, got, "aws-lambda-deprecated-runtime", []string{"old", "Fn"}, []string{"new", "quiet"})
	assertFires(t, got, "aws-lambda-env-credentials", []string{"old", "Fn"}, []string{"new", "quiet"})
	assertFires(t, got, "aws-lambda-public-policy", []string{"old", "Fn"}, []string{"new", "quiet"})
	assertFires(t, got, "aws-lambda-url-no-auth", []string{"old", "Fn"}, []string{"new", "quiet"})
	old := find(t, res, "old")
	raw, _ := json.Marshal(old.Attributes)
	if strings.Contains(string(raw), secret) {
		t.Fatal("a credential from the environment was stored")
	}
	env := old.Attributes["environment"].(map[string]any)["variables"].(map[string]any)
	if env["MODE"] != "prod" || !strings.HasPrefix(env["TABLE"].(string), "${") {
		t.Errorf("other variables are kept: %v", env)
	}
	if old.Source.Lines["policy"] != 10 || old.Source.Lines["url_configs"] != 20 {
		t.Errorf("lines %v", old.Source.Lines)
	}
	quiet := find(t, res, "quiet")
	if quiet.Attributes["policy"] == nil {
		t.Error("the permission linked by name builds the policy")
	}

	// A permission whose function cannot be told leaves the policy unread.
	res, got = evaluate(t, []cloudres.Instance{
		tf("aws_lambda_function", "aws_lambda_function.f", 1, props{"function_name": "f", "runtime": "python3.13"}),
		tf("aws_lambda_permission", "aws_lambda_permission.p", 10, props{"function_name": cloudres.Unknown{}, "action": "lambda:InvokeFunction", "principal": "*"}),
	})
	if !slices.Contains(unreadAttrs(t, res, "f"), any("policy")) {
		t.Error("policy unread")
	}
	assertFires(t, got, "aws-lambda-public-policy", nil, []string{"f"})

	// An unreadable permission (a condition set from the deploying
	// account) beside a known public one: the function is public whatever
	// the other says (permissions only add Allow statements).
	res, got = evaluate(t, []cloudres.Instance{
		cfnRes("AWS::Lambda::Function", "Mixed", 1, props{"FunctionName": "mixed", "Runtime": "python3.13"}),
		cfnRes("AWS::Lambda::Permission", "Scoped", 10, props{"FunctionName": refAt("Mixed", ""), "Action": "lambda:InvokeFunction",
			"Principal": "events.amazonaws.com", "SourceAccount": cloudres.Unknown{}}),
		cfnRes("AWS::Lambda::Permission", "Anyone", 20, props{"FunctionName": refAt("Mixed", ""), "Action": "lambda:InvokeFunction", "Principal": "*"}),
		// Only the unreadable one: undecided.
		cfnRes("AWS::Lambda::Function", "Alone", 30, props{"FunctionName": "alone", "Runtime": "python3.13"}),
		cfnRes("AWS::Lambda::Permission", "AloneScoped", 40, props{"FunctionName": refAt("Alone", ""), "Action": "lambda:InvokeFunction",
			"Principal": "*", "SourceAccount": cloudres.Unknown{}}),
		// A service scoped to a source known at deployment: never public,
		// whatever the source.
		cfnRes("AWS::Lambda::Function", "Service", 50, props{"FunctionName": "service", "Runtime": "python3.13"}),
		cfnRes("AWS::Lambda::Permission", "ServiceScoped", 60, props{"FunctionName": refAt("Service", ""), "Action": "lambda:InvokeFunction",
			"Principal": "apigateway.amazonaws.com", "SourceArn": cloudres.Unknown{}}),
	})
	if slices.Contains(unreadAttrs(t, res, "mixed"), any("policy")) {
		t.Error("a known public statement decides the policy")
	}
	if !slices.Contains(unreadAttrs(t, res, "alone"), any("policy")) {
		t.Error("an unreadable permission alone leaves the policy unread")
	}
	if slices.Contains(unreadAttrs(t, res, "service"), any("policy")) || find(t, res, "service").Attributes["policy"] == nil {
		t.Error("a service's permission with an unknown source is read")
	}
	assertFires(t, got, "aws-lambda-public-policy", []string{"mixed"}, []string{"alone", "service"})
}

func TestLoadBalancers(t *testing.T) {
	insts := []cloudres.Instance{
		// Defaults: an internet-facing ALB without access logs; an HTTP
		// listener that forwards.
		tf("aws_lb", "aws_lb.web", 1, props{"name": "web"}),
		tf("aws_lb_listener", "aws_lb_listener.http", 10, props{"load_balancer_arn": refAt("aws_lb.web", "arn"), "port": int64(80),
			"default_action": items(props{"type": "forward", "target_group_arn": refAt("aws_lb_target_group.t", "arn")})}),
		// Logged, HTTP redirected to HTTPS.
		tf("aws_alb", "aws_alb.good", 20, props{"name": "good", "access_logs": items(props{"bucket": "logs", "enabled": true})}),
		tf("aws_lb_listener", "aws_lb_listener.redirect", 30, props{"load_balancer_arn": refAt("aws_alb.good", "arn"), "port": int64(80), "protocol": "HTTP",
			"default_action": items(props{"type": "redirect", "redirect": items(props{"protocol": "HTTPS", "port": "443", "status_code": "HTTP_301"})})}),
		// A bucket without enabled: still off.
		tf("aws_lb", "aws_lb.half", 40, props{"name": "half", "access_logs": items(props{"bucket": "logs"})}),
		cfnRes("AWS::ElasticLoadBalancingV2::LoadBalancer", "Alb", 1, props{"LoadBalancerAttributes": items(
			props{"Key": "access_logs.s3.enabled", "Value": "true"}, props{"Key": "access_logs.s3.bucket", "Value": "logs"})}),
		cfnRes("AWS::ElasticLoadBalancingV2::Listener", "AlbHttp", 10, props{"LoadBalancerArn": refAt("Alb", ""), "Port": 8080, "Protocol": "HTTP",
			"DefaultActions": items(props{"Type": "forward"})}),
		cfnRes("AWS::ElasticLoadBalancingV2::LoadBalancer", "Quiet", 20, props{"Name": "quiet"}),
		cfnRes("AWS::ElasticLoadBalancingV2::Listener", "QuietHttp", 30, props{"LoadBalancerArn": refAt("Quiet", ""), "Port": "80", "Protocol": "HTTP",
			"DefaultActions": items(props{"Type": "redirect", "RedirectConfig": props{"Protocol": "HTTPS", "StatusCode": "HTTP_301"}})}),
	}
	_, got := evaluate(t, insts)
	assertFires(t, got, "aws-elbv2-access-logging", []string{"web", "half", "quiet"}, []string{"good", "Alb"})
	assertFires(t, got, "aws-elbv2-http-listener", []string{"web", "Alb"}, []string{"good", "half", "quiet"})
}

func TestDistributions(t *testing.T) {
	insts := []cloudres.Instance{
		tf("aws_cloudfront_distribution", "aws_cloudfront_distribution.bad", 1, props{"enabled": true,
			"default_cache_behavior": items(props{"viewer_protocol_policy": "redirect-to-https"}),
			"ordered_cache_behavior": items(props{"path_pattern": "/img/*", "viewer_protocol_policy": "allow-all"}),
			"viewer_certificate":     items(props{"cloudfront_default_certificate": true})}),
		tf("aws_cloudfront_distribution", "aws_cloudfront_distribution.good", 20, props{"enabled": true,
			"logging_config":         items(props{"bucket": "logs.s3.amazonaws.com"}),
			"default_cache_behavior": items(props{"viewer_protocol_policy": "https-only"}),
			"viewer_certificate":     items(props{"acm_certificate_arn": "arn:aws:acm:us-east-1:1:certificate/x", "minimum_protocol_version": "TLSv1.2_2021"})}),
		tf("aws_cloudfront_distribution", "aws_cloudfront_distribution.unknown", 40, props{
			"default_cache_behavior": items(props{"viewer_protocol_policy": cloudres.Unknown{}})}),
		cfnRes("AWS::CloudFront::Distribution", "Cdn", 1, props{"DistributionConfig": props{"Enabled": true,
			"DefaultCacheBehavior": props{"ViewerProtocolPolicy": "allow-all"}}}),
		cfnRes("AWS::CloudFront::Distribution", "CdnGood", 20, props{"DistributionConfig": props{"Enabled": true,
			"Logging":              props{"Bucket": refAt("Logs", "DomainName")},
			"DefaultCacheBehavior": props{"ViewerProtocolPolicy": "redirect-to-https"}}}),
	}
	res, got := evaluate(t, insts)
	assertFires(t, got, "aws-cloudfront-access-logging", []string{"aws_cloudfront_distribution.bad", "Cdn"},
		[]string{"aws_cloudfront_distribution.good", "CdnGood", "aws_cloudfront_distribution.unknown"})
	assertFires(t, got, "aws-cloudfront-viewer-http", []string{"aws_cloudfront_distribution.bad", "Cdn"},
		[]string{"aws_cloudfront_distribution.good", "CdnGood", "aws_cloudfront_distribution.unknown"})
	if v := find(t, res, "Cdn").Attributes["minimum_protocol_version"]; v != "TLSv1" {
		t.Errorf("the default certificate's TLS floor: %v", v)
	}
	if v := find(t, res, "aws_cloudfront_distribution.good").Attributes["minimum_protocol_version"]; v != "TLSv1.2_2021" {
		t.Errorf("declared TLS floor: %v", v)
	}
}

func TestAPIStages(t *testing.T) {
	insts := []cloudres.Instance{
		tf("aws_api_gateway_rest_api", "aws_api_gateway_rest_api.api", 1, props{"name": "shop"}),
		tf("aws_api_gateway_stage", "aws_api_gateway_stage.prod", 10, props{"rest_api_id": refAt("aws_api_gateway_rest_api.api", "id"), "stage_name": "prod",
			"access_log_settings": items(props{"destination_arn": refAt("aws_cloudwatch_log_group.l", "arn"), "format": "$context.requestId"})}),
		tf("aws_api_gateway_method_settings", "aws_api_gateway_method_settings.all", 20, props{"rest_api_id": refAt("aws_api_gateway_rest_api.api", "id"),
			"stage_name": refAt("aws_api_gateway_stage.prod", "stage_name"), "method_path": "*/*", "settings": items(props{"logging_level": "ERROR"})}),
		tf("aws_api_gateway_stage", "aws_api_gateway_stage.dev", 30, props{"rest_api_id": refAt("aws_api_gateway_rest_api.api", "id"), "stage_name": "dev",
			"variables": props{"api_token": "ghp_abcdefghijklmnopqrstuvwxyz0123456789"}}),
		tf("aws_apigatewayv2_api", "aws_apigatewayv2_api.http", 40, props{"name": "edge", "protocol_type": "HTTP"}),
		tf("aws_apigatewayv2_stage", "aws_apigatewayv2_stage.default", 50, props{"api_id": refAt("aws_apigatewayv2_api.http", "id"), "name": "$default"}),
		tf("aws_apigatewayv2_stage", "aws_apigatewayv2_stage.logged", 60, props{"api_id": refAt("aws_apigatewayv2_api.http", "id"), "name": "live",
			"access_log_settings": items(props{"destination_arn": "arn:aws:logs:us-east-1:1:log-group:x", "format": "$context.requestId"})}),
		cfnRes("AWS::ApiGateway::RestApi", "Api", 1, props{"Name": "orders"}),
		cfnRes("AWS::ApiGateway::Stage", "Prod", 10, props{"RestApiId": refAt("Api", ""), "StageName": "prod",
			"AccessLogSetting": props{"DestinationArn": "arn:aws:logs:us-east-1:1:log-group:y"},
			"MethodSettings":   items(props{"ResourcePath": "/*", "HttpMethod": "*", "LoggingLevel": "INFO"})}),
		cfnRes("AWS::ApiGateway::Stage", "Dev", 20, props{"RestApiId": refAt("Api", ""), "StageName": "dev"}),
		cfnRes("AWS::ApiGatewayV2::Api", "Ws", 30, props{"Name": "ws", "ProtocolType": "WEBSOCKET"}),
		cfnRes("AWS::ApiGatewayV2::Stage", "WsStage", 40, props{"ApiId": refAt("Ws", ""), "StageName": "live"}),
	}
	res, got := evaluate(t, insts)
	assertFires(t, got, "aws-apigateway-access-logging", []string{"shop/dev", "edge/$default", "orders/dev", "ws/live"},
		[]string{"shop/prod", "edge/live", "orders/prod"})
	if v := find(t, res, "shop/prod").Attributes["execution_logging_level"]; v != "ERROR" {
		t.Errorf("method settings join their stage: %v", v)
	}
	if v := find(t, res, "orders/prod").Attributes["execution_logging_level"]; v != "INFO" {
		t.Errorf("CloudFormation method settings: %v", v)
	}
	dev := find(t, res, "shop/dev")
	if raw, _ := json.Marshal(dev.Attributes); strings.Contains(string(raw), "ghp_abcdefghijklmnopqrstuvwxyz0123456789") {
		t.Fatal("a stage variable credential was stored")
	}
	if c, _ := dev.Attributes["credentials"].([]any); len(c) != 1 {
		t.Errorf("credentials %v", dev.Attributes["credentials"])
	}
	if ws := find(t, res, "ws/live"); ws.Attributes["protocol_type"] != "WEBSOCKET" {
		t.Errorf("protocol %v", ws.Attributes)
	}
}

func TestWAFAssociations(t *testing.T) {
	insts := []cloudres.Instance{
		tf("aws_api_gateway_rest_api", "aws_api_gateway_rest_api.api", 1, props{"name": "shop"}),
		// Protected by a WAFv2 association, by a WAF Classic one, and
		// not at all (the only other association names a load balancer).
		tf("aws_api_gateway_stage", "aws_api_gateway_stage.prod", 10, props{"rest_api_id": refAt("aws_api_gateway_rest_api.api", "id"), "stage_name": "prod"}),
		tf("aws_wafv2_web_acl_association", "aws_wafv2_web_acl_association.prod", 20, props{
			"resource_arn": refAt("aws_api_gateway_stage.prod", "arn"), "web_acl_arn": refAt("aws_wafv2_web_acl.api", "arn")}),
		tf("aws_api_gateway_stage", "aws_api_gateway_stage.legacy", 30, props{"rest_api_id": refAt("aws_api_gateway_rest_api.api", "id"), "stage_name": "legacy"}),
		tf("aws_wafregional_web_acl_association", "aws_wafregional_web_acl_association.legacy", 40, props{
			"resource_arn": refAt("aws_api_gateway_stage.legacy", "arn"), "web_acl_id": cloudres.Unknown{}}),
		tf("aws_api_gateway_stage", "aws_api_gateway_stage.dev", 50, props{"rest_api_id": refAt("aws_api_gateway_rest_api.api", "id"), "stage_name": "dev"}),
		tf("aws_wafv2_web_acl_association", "aws_wafv2_web_acl_association.alb", 60, props{
			"resource_arn": refAt("aws_lb.web", "arn"), "web_acl_arn": "arn:aws:wafv2:us-east-1:1:regional/webacl/web/x"}),
		// An association whose resource is known only at deploy may be
		// the stage's: unread, not judged.
		cfnRes("AWS::ApiGateway::RestApi", "Api", 1, props{"Name": "orders"}),
		cfnRes("AWS::ApiGateway::Stage", "Prod", 10, props{"RestApiId": refAt("Api", ""), "StageName": "prod"}),
		cfnRes("AWS::WAFv2::WebACLAssociation", "ProdWaf", 20, props{"ResourceArn": cloudres.Unknown{}, "WebACLArn": "arn:aws:wafv2:us-east-1:1:regional/webacl/api/x"}),
		// Distributions: by reference, unknown, none; CloudFormation's
		// DistributionConfig.WebACLId.
		tf("aws_cloudfront_distribution", "aws_cloudfront_distribution.waf", 70, props{"enabled": true, "web_acl_id": refAt("aws_wafv2_web_acl.site", "arn")}),
		tf("aws_cloudfront_distribution", "aws_cloudfront_distribution.later", 80, props{"enabled": true, "web_acl_id": cloudres.Unknown{}}),
		tf("aws_cloudfront_distribution", "aws_cloudfront_distribution.open", 90, props{"enabled": true}),
		cfnRes("AWS::CloudFront::Distribution", "Cdn", 30, props{"DistributionConfig": props{"Enabled": true, "WebACLId": "arn:aws:wafv2:us-east-1:1:global/webacl/site/x"}}),
	}
	res, got := evaluate(t, insts)
	assertFires(t, got, "aws-apigateway-waf", []string{"shop/dev"}, []string{"shop/prod", "shop/legacy", "orders/prod"})
	if v := find(t, res, "shop/prod").Attributes["web_acl_arn"]; v != "${aws_wafv2_web_acl.api.arn}" {
		t.Errorf("shop/prod web ACL %v", v)
	}
	if v := find(t, res, "shop/legacy").Attributes["web_acl_arn"]; v != setAtApply {
		t.Errorf("shop/legacy web ACL %v", v)
	}
	if u := unreadAttrs(t, res, "orders/prod"); !slices.Contains(u, any("web_acl_arn")) {
		t.Errorf("orders/prod: unread %v", u)
	}
	assertFires(t, got, "aws-cloudfront-waf", []string{"aws_cloudfront_distribution.open"},
		[]string{"aws_cloudfront_distribution.waf", "aws_cloudfront_distribution.later", "Cdn"})
	if u := unreadAttrs(t, res, "aws_cloudfront_distribution.later"); !slices.Contains(u, any("web_acl_id")) {
		t.Errorf("later: unread %v", u)
	}
}
