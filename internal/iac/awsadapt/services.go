package awsadapt

import (
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	apigwtypes "github.com/aws/aws-sdk-go-v2/service/apigateway/types"
	apigwv2types "github.com/aws/aws-sdk-go-v2/service/apigatewayv2/types"
	cftypes "github.com/aws/aws-sdk-go-v2/service/cloudfront/types"
	elbv2types "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
	lambdatypes "github.com/aws/aws-sdk-go-v2/service/lambda/types"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
	"github.com/vigil-cspm/vigil/internal/iac/cloudres"
	"github.com/vigil-cspm/vigil/internal/model"
	"github.com/vigil-cspm/vigil/internal/secrets"
)

// The application services family: Lambda, ELBv2, CloudFront and API
// Gateway stages.
func servicesAdapters() []adapter {
	return []adapter{
		{Target: awsmodel.TypeLambdaFunction, Consumes: []string{"aws_lambda_function", "aws_lambda_permission", "aws_lambda_function_url",
			"AWS::Lambda::Function", "AWS::Lambda::Permission", "AWS::Lambda::Url"}, Adapt: adaptLambdaFunctions},
		{Target: awsmodel.TypeELBv2LoadBalancer, Consumes: []string{"aws_lb", "aws_alb", "aws_lb_listener", "aws_alb_listener",
			"AWS::ElasticLoadBalancingV2::LoadBalancer", "AWS::ElasticLoadBalancingV2::Listener"}, Adapt: adaptLoadBalancers},
		{Target: awsmodel.TypeCloudFrontDistribution, Consumes: []string{"aws_cloudfront_distribution", "AWS::CloudFront::Distribution"}, Adapt: adaptDistributions},
		{Target: awsmodel.TypeAPIGatewayStage, Consumes: []string{"aws_api_gateway_stage", "aws_api_gateway_method_settings", "aws_api_gateway_rest_api",
			"AWS::ApiGateway::Stage", "AWS::ApiGateway::RestApi"}, Adapt: adaptRESTStages},
		{Target: awsmodel.TypeAPIGatewayV2Stage, Consumes: []string{"aws_apigatewayv2_stage", "aws_apigatewayv2_api",
			"AWS::ApiGatewayV2::Stage", "AWS::ApiGatewayV2::Api"}, Adapt: adaptHTTPStages},
	}
}

// variables reads a string map (environment or stage variables). A
// value set from another resource keeps a placeholder (never a literal
// secret); an unknown value is dropped and marks attr unread.
func (b *builder) variables(path, attr string) map[string]string {
	v, ok := b.value(path, attr)
	if !ok {
		return nil
	}
	m, _ := v.(map[string]any)
	if len(m) == 0 {
		return nil
	}
	out := map[string]string{}
	for k := range m {
		if s, ok := b.strOrRef(path+"."+k, attr); ok {
			out[k] = s
		} else if sc, ok := b.scalar(path+"."+k, attr); ok {
			out[k] = sc
		}
	}
	return out
}

// ---- Lambda ---------------------------------------------------------

// fnLink tells whether a satellite's function reference names fn: a
// Ref to it, its name, or an ARN (optionally qualified) ending in it.
func fnLink(ix *Index, sat *cloudres.Instance, attr string, fn *cloudres.Instance, name string) linkState {
	st := ix.linkOf(sat, attr, fn, name)
	if st != linkOther {
		return st
	}
	if s, ok := sat.Values[attr].(string); ok {
		if i := strings.Index(s, ":function:"); i >= 0 {
			rest := s[i+len(":function:"):]
			if j := strings.Index(rest, ":"); j >= 0 {
				rest = rest[:j]
			}
			if rest == name {
				ix.claim(sat, attr)
				return linkTarget
			}
		}
	}
	return linkOther
}

// lambdaPrincipal writes a permission's principal as Lambda's policy
// does: "*", an account as its root ARN, a service, or an ARN.
func lambdaPrincipal(p string) any {
	switch {
	case p == "*":
		return "*"
	case len(p) == 12 && strings.Trim(p, "0123456789") == "":
		return map[string]any{"AWS": "arn:aws:iam::" + p + ":root"}
	case strings.HasSuffix(p, ".amazonaws.com") || strings.HasSuffix(p, ".amazonaws.com.cn"):
		return map[string]any{"Service": p}
	}
	return map[string]any{"AWS": p}
}

type permissionKeys struct{ sid, action, principal, sourceArn, sourceAccount, orgID, urlAuth string }

var (
	tfPermission  = permissionKeys{"statement_id", "action", "principal", "source_arn", "source_account", "principal_org_id", "function_url_auth_type"}
	cfnPermission = permissionKeys{"", "Action", "Principal", "SourceArn", "SourceAccount", "PrincipalOrgID", "FunctionUrlAuthType"}
)

// permissionStatement builds the statement Lambda adds for one
// permission (AddPermission): the principal, the action on the
// function, and the source ARN / account / organization conditions.
func permissionStatement(b *builder, k permissionKeys, fnARN string) (map[string]any, bool) {
	before := len(b.unread)
	principal, okP := b.str(k.principal, "policy")
	action, okA := b.str(k.action, "policy")
	if !okP || !okA {
		b.unknown("policy")
		return nil, false
	}
	st := map[string]any{"Effect": "Allow", "Principal": lambdaPrincipal(principal), "Action": action, "Resource": fnARN}
	if k.sid != "" {
		if s, ok := b.str(k.sid, ""); ok {
			st["Sid"] = s
		}
	}
	cond := map[string]map[string]any{}
	add := func(op, key, path string) {
		var s string
		var ok bool
		if v, _ := b.in.Get(path); cloudres.IsUnknown(v) && principal != "*" {
			// A condition only narrows who may call: on a principal that
			// is not everyone, its value decides nothing the analysis
			// reports (public access), so it may stay unknown.
			s, ok = cloudres.UnknownInDocument, true
		} else {
			s, ok = b.strOrRef(path, "policy")
		}
		if ok && s != "" {
			if cond[op] == nil {
				cond[op] = map[string]any{}
			}
			cond[op][key] = s
		}
	}
	add("ArnLike", "AWS:SourceArn", k.sourceArn)
	add("StringEquals", "AWS:SourceAccount", k.sourceAccount)
	add("StringEquals", "aws:PrincipalOrgID", k.orgID)
	add("StringEquals", "lambda:FunctionUrlAuthType", k.urlAuth)
	if len(cond) > 0 {
		c := map[string]any{}
		for op, m := range cond {
			c[op] = m
		}
		st["Condition"] = c
	}
	if len(b.unread) > before {
		return nil, false
	}
	return st, true
}

func adaptLambdaFunctions(ix *Index) []*model.Resource {
	var out []*model.Resource
	det := secrets.New()
	now := time.Now()
	for _, in := range ix.OfType("aws_lambda_function") {
		out = append(out, lambdaFunction(ix, in, det, now))
	}
	for _, in := range ix.OfType("AWS::Lambda::Function") {
		out = append(out, lambdaFunction(ix, in, det, now))
	}
	return out
}

func lambdaFunction(ix *Index, in *cloudres.Instance, det *secrets.Detector, now time.Time) *model.Resource {
	b := newBuilder(in)
	c := cfn(in)
	pick := func(tf, cf string) string {
		if c {
			return cf
		}
		return tf
	}
	name := b.nameOr(pick("function_name", "FunctionName"))
	fnARN := "arn:aws:lambda:::function:" + name
	cfg := lambdatypes.FunctionConfiguration{FunctionName: aws.String(name), FunctionArn: aws.String(fnARN)}
	// Zip packages by default (both sources); images have no runtime.
	cfg.PackageType = lambdatypes.PackageTypeZip
	if s, ok := b.str(pick("package_type", "PackageType"), ""); ok {
		cfg.PackageType = lambdatypes.PackageType(s)
	}
	if s, ok := b.str(pick("runtime", "Runtime"), "runtime"); ok {
		cfg.Runtime = lambdatypes.Runtime(s)
	}
	if s, ok := b.str(pick("handler", "Handler"), ""); ok {
		cfg.Handler = aws.String(s)
	}
	if s, ok := b.strOrRef(pick("role", "Role"), "role"); ok {
		cfg.Role = aws.String(s)
	}
	envPath := pick("environment.0.variables", "Environment.Variables")
	if vars := b.variables(envPath, "environment"); vars != nil {
		cfg.Environment = &lambdatypes.EnvironmentResponse{Variables: vars}
		b.locate("credentials", envPath)
	}
	// Redaction and the runtime deprecation table, as the collector does.
	f := awsmodel.NewLambdaFunction(cfg, det, now)

	// The resource policy: one statement per permission.
	var statements []any
	undecidedPolicy, undecidedURL := false, false
	for _, t := range []string{"aws_lambda_permission", "AWS::Lambda::Permission"} {
		for _, p := range ix.inScope(t, in) {
			switch fnLink(ix, p, map[bool]string{true: "FunctionName", false: "function_name"}[cfn(p)], in, name) {
			case linkTarget:
				pb := newBuilder(p)
				if st, ok := permissionStatement(pb, map[bool]permissionKeys{true: cfnPermission, false: tfPermission}[cfn(p)], fnARN); ok {
					statements = append(statements, st)
				} else {
					undecidedPolicy = true // decided below, with the known statements
				}
				pb.unread = slices.DeleteFunc(pb.unread, func(a string) bool { return a == "policy" })
				b.merge(pb)
				b.locateBlock("policy", p)
			case linkUnknown:
				undecidedPolicy = true
			}
		}
	}
	if len(statements) > 0 {
		doc, err := awsmodel.ParsePolicy(mustJSON(map[string]any{"Version": "2012-10-17", "Statement": statements}), "")
		if err != nil {
			b.unknown("policy")
		}
		f.Policy = doc
	}
	// A permission that cannot be read (its function, principal, action
	// or a condition is unknown) leaves the policy unread — unless the
	// known statements already make it public: permissions only add
	// Allow statements, so no unknown one can take that back.
	if undecidedPolicy && (f.Policy == nil || !f.Policy.Analysis.Public) {
		b.unknown("policy")
	}
	// Function URLs.
	for _, t := range []string{"aws_lambda_function_url", "AWS::Lambda::Url"} {
		for _, u := range ix.inScope(t, in) {
			target, auth := "function_name", "authorization_type"
			if cfn(u) {
				target, auth = "TargetFunctionArn", "AuthType"
			}
			switch fnLink(ix, u, target, in, name) {
			case linkTarget:
				ub := newBuilder(u)
				if a, ok := ub.str(auth, "url_configs"); ok {
					f.URLConfigs = append(f.URLConfigs, lambdatypes.FunctionUrlConfig{AuthType: lambdatypes.FunctionUrlAuthType(a),
						FunctionArn: aws.String(fnARN), FunctionUrl: aws.String(u.Address + " (URL assigned at deploy)")})
				}
				b.merge(ub)
				b.locateBlock("url_configs", u)
			case linkUnknown:
				undecidedURL = true
			}
		}
	}
	if undecidedURL && !f.HasPublicURL() {
		b.unknown("url_configs")
		b.unknown("public_url")
	}
	return b.resource(awsmodel.TypeLambdaFunction, name, f)
}

// ---- ELBv2 ----------------------------------------------------------

// The attributes the rules read, with the values a new load balancer
// has (DescribeLoadBalancerAttributes of a fresh ALB; the provider's
// access_logs.enabled, enable_deletion_protection and
// drop_invalid_header_fields all default to false).
var lbAttrDefaults = map[string]string{
	"access_logs.s3.enabled":                          "false",
	"deletion_protection.enabled":                     "false",
	"routing.http.drop_invalid_header_fields.enabled": "false",
}

func adaptLoadBalancers(ix *Index) []*model.Resource {
	var out []*model.Resource
	for _, t := range []string{"aws_lb", "aws_alb"} {
		for _, in := range ix.OfType(t) {
			b := newBuilder(in)
			name := b.nameOr("name")
			lb := tfLoadBalancer(b, name)
			readListeners(ix, in, b, &lb, name)
			out = append(out, b.resource(awsmodel.TypeELBv2LoadBalancer, name, lb))
		}
	}
	for _, in := range ix.OfType("AWS::ElasticLoadBalancingV2::LoadBalancer") {
		b := newBuilder(in)
		name := b.nameOr("Name")
		lb := awsmodel.ELBv2LoadBalancer{Attributes: map[string]string{}}
		lb.LoadBalancerName = aws.String(name)
		lb.LoadBalancerArn = aws.String(in.Address)
		// Type defaults to application, Scheme to internet-facing.
		lb.Type, lb.Scheme = elbv2types.LoadBalancerTypeEnumApplication, elbv2types.LoadBalancerSchemeEnumInternetFacing
		if s, ok := b.str("Type", "type"); ok {
			lb.Type = elbv2types.LoadBalancerTypeEnum(s)
		}
		if s, ok := b.str("Scheme", "scheme"); ok {
			lb.Scheme = elbv2types.LoadBalancerSchemeEnum(s)
		}
		for k, v := range lbAttrDefaults {
			lb.Attributes[k] = v
		}
		for i := range b.list("LoadBalancerAttributes", "attributes") {
			p := "LoadBalancerAttributes." + itoa(i) + "."
			k, okK := b.str(p+"Key", "attributes")
			v, okV := b.str(p+"Value", "attributes")
			if okK && okV {
				lb.Attributes[k] = strings.ToLower(v)
				if k == "access_logs.s3.enabled" {
					b.locate("access_logs_enabled", p+"Value")
				}
			}
		}
		readListeners(ix, in, b, &lb, name)
		out = append(out, b.resource(awsmodel.TypeELBv2LoadBalancer, name, lb))
	}
	return out
}

func tfLoadBalancer(b *builder, name string) awsmodel.ELBv2LoadBalancer {
	lb := awsmodel.ELBv2LoadBalancer{Attributes: map[string]string{}}
	lb.LoadBalancerName = aws.String(name)
	lb.LoadBalancerArn = aws.String(b.in.Address)
	// load_balancer_type defaults to application, internal to false.
	lb.Type, lb.Scheme = elbv2types.LoadBalancerTypeEnumApplication, elbv2types.LoadBalancerSchemeEnumInternetFacing
	if s, ok := b.str("load_balancer_type", "type"); ok {
		lb.Type = elbv2types.LoadBalancerTypeEnum(s)
	}
	if v, ok := b.boolean("internal", "scheme"); ok && v {
		lb.Scheme = elbv2types.LoadBalancerSchemeEnumInternal
	}
	for k, v := range lbAttrDefaults {
		lb.Attributes[k] = v
	}
	// access_logs.enabled defaults to false, even with a bucket.
	if v, ok := b.boolean("access_logs.0.enabled", "attributes"); ok {
		lb.Attributes["access_logs.s3.enabled"] = boolText(v)
		b.locate("access_logs_enabled", "access_logs.0.enabled")
	}
	if s, ok := b.strOrRef("access_logs.0.bucket", "attributes"); ok {
		lb.Attributes["access_logs.s3.bucket"] = s
	}
	if v, ok := b.boolean("enable_deletion_protection", "attributes"); ok {
		lb.Attributes["deletion_protection.enabled"] = boolText(v)
	}
	if v, ok := b.boolean("drop_invalid_header_fields", "attributes"); ok {
		lb.Attributes["routing.http.drop_invalid_header_fields.enabled"] = boolText(v)
	}
	return lb
}

func boolText(v bool) string {
	if v {
		return "true"
	}
	return "false"
}

// readListeners joins the listeners that name the load balancer. A
// listener whose load balancer cannot be told, or whose protocol or port
// is unknown, leaves the listeners unread.
func readListeners(ix *Index, in *cloudres.Instance, b *builder, lb *awsmodel.ELBv2LoadBalancer, name string) {
	for _, t := range []string{"aws_lb_listener", "aws_alb_listener", "AWS::ElasticLoadBalancingV2::Listener"} {
		for _, li := range ix.inScope(t, in) {
			c := cfn(li)
			lbKey, portKey, protoKey, actKey, typeKey, redirKey := "load_balancer_arn", "port", "protocol", "default_action", "type", "redirect.0.protocol"
			if c {
				lbKey, portKey, protoKey, actKey, typeKey, redirKey = "LoadBalancerArn", "Port", "Protocol", "DefaultActions", "Type", "RedirectConfig.Protocol"
			}
			switch ix.linkOf(li, lbKey, in) {
			case linkUnknown:
				b.unknown("listeners")
				continue
			case linkOther:
				continue
			}
			lsb := newBuilder(li)
			l := elbv2types.Listener{ListenerArn: aws.String(li.Address), LoadBalancerArn: lb.LoadBalancerArn}
			if n, ok := lsb.integer(portKey, "listeners"); ok {
				l.Port = i32(n)
			}
			// Protocol: the provider's default is HTTP for an ALB (TCP
			// must be given for an NLB); CloudFormation documents none.
			if s, ok := lsb.str(protoKey, "listeners"); ok {
				l.Protocol = elbv2types.ProtocolEnum(strings.ToUpper(s))
			} else if _, set := li.Get(protoKey); !set && !c && lb.Type == elbv2types.LoadBalancerTypeEnumApplication {
				l.Protocol = elbv2types.ProtocolEnumHttp
			}
			for i := range lsb.list(actKey, "listeners") {
				p := actKey + "." + itoa(i) + "."
				a := elbv2types.Action{}
				if s, ok := lsb.str(p+typeKey, "listeners"); ok {
					a.Type = elbv2types.ActionTypeEnum(s)
				}
				if s, ok := lsb.str(p+redirKey, "listeners"); ok {
					a.RedirectConfig = &elbv2types.RedirectActionConfig{Protocol: aws.String(s)}
				}
				l.DefaultActions = append(l.DefaultActions, a)
			}
			lb.Listeners = append(lb.Listeners, l)
			if l.Protocol == elbv2types.ProtocolEnumHttp {
				b.locateBlock("plain_http_listener_ports", li)
			}
			b.merge(lsb)
		}
	}
	sort.SliceStable(lb.Listeners, func(i, j int) bool { return aws.ToInt32(lb.Listeners[i].Port) < aws.ToInt32(lb.Listeners[j].Port) })
}

// ---- CloudFront -----------------------------------------------------

type cfKeys struct {
	root, logging, logBucket, logPrefix, defBehavior, behaviors, vpp, pathPattern, cert, defCert, minProto, acm, sslMethod string
}

var (
	tfCF  = cfKeys{"", "logging_config", "bucket", "prefix", "default_cache_behavior.0", "ordered_cache_behavior", "viewer_protocol_policy", "path_pattern", "viewer_certificate.0", "cloudfront_default_certificate", "minimum_protocol_version", "acm_certificate_arn", "ssl_support_method"}
	cfnCF = cfKeys{"DistributionConfig.", "Logging", "Bucket", "Prefix", "DefaultCacheBehavior", "CacheBehaviors", "ViewerProtocolPolicy", "PathPattern", "ViewerCertificate", "CloudFrontDefaultCertificate", "MinimumProtocolVersion", "AcmCertificateArn", "SslSupportMethod"}
)

func adaptDistributions(ix *Index) []*model.Resource {
	var out []*model.Resource
	for _, t := range []string{"aws_cloudfront_distribution", "AWS::CloudFront::Distribution"} {
		for _, in := range ix.OfType(t) {
			k := tfCF
			if cfn(in) {
				k = cfnCF
			}
			b := newBuilder(in)
			d := awsmodel.CloudFrontDistribution{Id: aws.String(in.Address), DomainName: aws.String("${" + in.Address + ".domain_name}")}
			cfg := &cftypes.DistributionConfig{}
			const attr = "distribution_config"
			// Standard logging is on when the logging block is declared
			// (Terraform's logging_config, CloudFormation's Logging).
			cfg.Logging = &cftypes.LoggingConfig{Enabled: aws.Bool(false)}
			if top, set := in.Get(k.root + k.logging); set && hasUnknown(top) && !cfn(in) {
				if _, isList := top.([]any); !isList {
					b.unknown(attr)
				}
			}
			if _, set := in.Get(k.root + k.logging); set {
				lp := k.root + k.logging
				if !cfn(in) {
					lp += ".0"
				}
				if v, ok := in.Get(lp); ok && v != nil {
					cfg.Logging.Enabled = aws.Bool(true)
					b.locate("logging_enabled", lp)
					if s, ok := b.strOrRef(lp+"."+k.logBucket, attr); ok {
						cfg.Logging.Bucket = aws.String(s)
					}
					if s, ok := b.str(lp+"."+k.logPrefix, attr); ok {
						cfg.Logging.Prefix = aws.String(s)
					}
				} else if cloudres.IsUnknown(v) {
					b.unknown(attr)
				}
			}
			def := &cftypes.DefaultCacheBehavior{}
			if s, ok := b.str(k.root+k.defBehavior+"."+k.vpp, attr); ok {
				def.ViewerProtocolPolicy = cftypes.ViewerProtocolPolicy(s)
				b.locate("viewer_protocol_policies", k.root+k.defBehavior+"."+k.vpp)
			}
			cfg.DefaultCacheBehavior = def
			if items := b.list(k.root+k.behaviors, attr); len(items) > 0 {
				cbs := &cftypes.CacheBehaviors{}
				for i := range items {
					p := k.root + k.behaviors + "." + itoa(i) + "."
					cb := cftypes.CacheBehavior{}
					if s, ok := b.str(p+k.vpp, attr); ok {
						cb.ViewerProtocolPolicy = cftypes.ViewerProtocolPolicy(s)
						if cb.ViewerProtocolPolicy == cftypes.ViewerProtocolPolicyAllowAll {
							b.locate("viewer_protocol_policies", p+k.vpp)
						}
					}
					if s, ok := b.str(p+k.pathPattern, ""); ok {
						cb.PathPattern = aws.String(s)
					}
					cbs.Items = append(cbs.Items, cb)
				}
				cbs.Quantity = aws.Int32(int32(len(cbs.Items)))
				cfg.CacheBehaviors = cbs
			}
			// Viewer certificate: the CloudFront default certificate when
			// none is given; minimum_protocol_version defaults to TLSv1
			// (provider docs; CloudFront's own default for the default
			// certificate).
			vc := &cftypes.ViewerCertificate{MinimumProtocolVersion: cftypes.MinimumProtocolVersionTLSv1}
			cp := k.root + k.cert
			if _, set := in.Get(cp); set {
				if v, ok := b.boolean(cp+"."+k.defCert, attr); ok {
					vc.CloudFrontDefaultCertificate = aws.Bool(v)
				}
				if s, ok := b.strOrRef(cp+"."+k.acm, attr); ok {
					vc.ACMCertificateArn = aws.String(s)
				}
				if s, ok := b.str(cp+"."+k.sslMethod, ""); ok {
					vc.SSLSupportMethod = cftypes.SSLSupportMethod(s)
				}
				if s, ok := b.str(cp+"."+k.minProto, attr); ok {
					vc.MinimumProtocolVersion = cftypes.MinimumProtocolVersion(s)
				}
			} else {
				vc.CloudFrontDefaultCertificate = aws.Bool(true)
			}
			cfg.ViewerCertificate = vc
			if v, ok := b.boolean(k.root+map[bool]string{true: "Enabled", false: "enabled"}[cfn(in)], ""); ok {
				cfg.Enabled = aws.Bool(v)
			}
			d.DistributionConfig = cfg
			out = append(out, b.resource(awsmodel.TypeCloudFrontDistribution, in.Name, d))
		}
	}
	return out
}

// ---- API Gateway stages ---------------------------------------------

// apiName is the name of the API a stage's api_id / RestApiId points to.
func apiName(ix *Index, in *cloudres.Instance, path string) (*string, string) {
	v, _ := in.Get(path)
	if to, ok := ix.Resolve(in, v); ok {
		for _, k := range []string{"name", "Name"} {
			if s, ok := to.Values[k].(string); ok && s != "" {
				return aws.String(s), to.Address
			}
		}
		return aws.String(to.Name), to.Address
	}
	if s, ok := v.(string); ok {
		return nil, s
	}
	return nil, ""
}

func adaptRESTStages(ix *Index) []*model.Resource {
	var out []*model.Resource
	det := secrets.New()
	for _, t := range []string{"aws_api_gateway_stage", "AWS::ApiGateway::Stage"} {
		for _, in := range ix.OfType(t) {
			c := cfn(in)
			b := newBuilder(in)
			apiKey, stageKey, logKey, varsKey := "rest_api_id", "stage_name", "access_log_settings.0", "variables"
			if c {
				apiKey, stageKey, logKey, varsKey = "RestApiId", "StageName", "AccessLogSetting", "Variables"
			}
			stage := b.nameOr(stageKey)
			api, apiID := apiName(ix, in, apiKey)
			st := apigwtypes.Stage{StageName: aws.String(stage)}
			readAccessLog(b, logKey+".", "DestinationArn", "destination_arn", c, func(dest, format *string) {
				st.AccessLogSettings = &apigwtypes.AccessLogSettings{DestinationArn: dest, Format: format}
			})
			st.Variables = b.variables(varsKey, "variables")
			st.MethodSettings = map[string]apigwtypes.MethodSetting{}
			if c {
				for i := range b.list("MethodSettings", "method_settings") {
					p := "MethodSettings." + itoa(i) + "."
					path, _ := b.str(p+"ResourcePath", "")
					method, _ := b.str(p+"HttpMethod", "")
					if path == "" || method == "" {
						continue
					}
					ms := apigwtypes.MethodSetting{}
					if s, ok := b.str(p+"LoggingLevel", "method_settings"); ok {
						ms.LoggingLevel = aws.String(s)
					}
					st.MethodSettings[strings.TrimPrefix(path, "/")+"/"+method] = ms
				}
			} else {
				for _, m := range ix.inScope("aws_api_gateway_method_settings", in) {
					if !methodSettingsFor(ix, m, in, stage) {
						continue
					}
					ix.claim(m, "stage_name")
					mb := newBuilder(m)
					path, ok := mb.str("method_path", "method_settings")
					if ok {
						ms := apigwtypes.MethodSetting{}
						if s, ok := mb.str("settings.0.logging_level", "method_settings"); ok {
							ms.LoggingLevel = aws.String(s)
						}
						st.MethodSettings[path] = ms
					}
					b.merge(mb)
				}
			}
			s := awsmodel.NewAPIGatewayStage(apiID, api, st, det)
			name := stage
			if api != nil {
				name = *api + "/" + stage
			}
			out = append(out, b.resource(awsmodel.TypeAPIGatewayStage, name, s))
		}
	}
	return out
}

// methodSettingsFor tells whether an aws_api_gateway_method_settings
// applies to the stage: its stage_name refers to the stage, or names it
// with the same REST API.
func methodSettingsFor(ix *Index, m, stage *cloudres.Instance, stageName string) bool {
	v, _ := m.Get("stage_name")
	if to, ok := ix.Resolve(m, v); ok {
		return to == stage
	}
	if s, ok := v.(string); !ok || s != stageName {
		return false
	}
	a, _ := m.Get("rest_api_id")
	bv, _ := stage.Get("rest_api_id")
	ta, okA := ix.Resolve(m, a)
	tb, okB := ix.Resolve(stage, bv)
	if okA || okB {
		return okA && okB && ta == tb
	}
	sa, _ := a.(string)
	sb, _ := bv.(string)
	return sa != "" && sa == sb
}

// readAccessLog reads an access log destination: set from another
// resource (a log group of the same source) it exists — the text comes
// at apply; unknown, access_log_settings is unread.
func readAccessLog(b *builder, prefix, cfnKey, tfKey string, c bool, set func(dest, format *string)) {
	key := tfKey
	if c {
		key = cfnKey
	}
	dest, ok := b.strOrRef(prefix+key, "access_log_settings")
	if !ok || dest == "" {
		return
	}
	var format *string
	if f, ok := b.str(prefix+map[bool]string{true: "Format", false: "format"}[c], ""); ok {
		format = aws.String(f)
	}
	b.locate("access_logging_enabled", prefix+key)
	set(aws.String(dest), format)
}

func adaptHTTPStages(ix *Index) []*model.Resource {
	var out []*model.Resource
	det := secrets.New()
	for _, t := range []string{"aws_apigatewayv2_stage", "AWS::ApiGatewayV2::Stage"} {
		for _, in := range ix.OfType(t) {
			c := cfn(in)
			b := newBuilder(in)
			apiKey, stageKey, logKey, varsKey, levelKey := "api_id", "name", "access_log_settings.0", "stage_variables", "default_route_settings.0.logging_level"
			if c {
				apiKey, stageKey, logKey, varsKey, levelKey = "ApiId", "StageName", "AccessLogSettings", "StageVariables", "DefaultRouteSettings.LoggingLevel"
			}
			stage := b.nameOr(stageKey)
			api := apigwv2types.Api{}
			v, _ := in.Get(apiKey)
			if to, ok := ix.Resolve(in, v); ok {
				tb := newBuilder(to)
				api.Name = aws.String(tb.nameOr(map[bool]string{true: "Name", false: "name"}[cfn(to)]))
				if s, ok := tb.str(map[bool]string{true: "ProtocolType", false: "protocol_type"}[cfn(to)], ""); ok {
					api.ProtocolType = apigwv2types.ProtocolType(s)
				}
				api.ApiId = aws.String(to.Address)
			} else if s, ok := v.(string); ok {
				api.ApiId = aws.String(s)
			}
			st := apigwv2types.Stage{StageName: aws.String(stage)}
			readAccessLog(b, logKey+".", "DestinationArn", "destination_arn", c, func(dest, format *string) {
				st.AccessLogSettings = &apigwv2types.AccessLogSettings{DestinationArn: dest, Format: format}
			})
			st.StageVariables = b.variables(varsKey, "stage_variables")
			if s, ok := b.str(levelKey, ""); ok {
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
