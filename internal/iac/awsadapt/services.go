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

// permissionStatement builds the statement Lambda adds for one
// permission (AddPermission): the principal, the action on the
// function, and the source ARN / account / organization conditions.
func permissionStatement(b *builder, fnARN string) (map[string]any, bool) {
	in := b.in
	before := len(b.unread)
	principal, okP := b.str(spell(in, "principal", "Principal"), "policy")
	action, okA := b.str(spell(in, "action", "Action"), "policy")
	if !okP || !okA {
		b.unknown("policy")
		return nil, false
	}
	st := map[string]any{"Effect": "Allow", "Principal": lambdaPrincipal(principal), "Action": action, "Resource": fnARN}
	if sid := spell(in, "statement_id", ""); sid != "" {
		if s, ok := b.str(sid, ""); ok {
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
	add("ArnLike", "AWS:SourceArn", spell(in, "source_arn", "SourceArn"))
	add("StringEquals", "AWS:SourceAccount", spell(in, "source_account", "SourceAccount"))
	add("StringEquals", "aws:PrincipalOrgID", spell(in, "principal_org_id", "PrincipalOrgID"))
	add("StringEquals", "lambda:FunctionUrlAuthType", spell(in, "function_url_auth_type", "FunctionUrlAuthType"))
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
	for _, in := range both(ix, "aws_lambda_function", "AWS::Lambda::Function") {
		out = append(out, lambdaFunction(ix, in, det, now))
	}
	return out
}

func lambdaFunction(ix *Index, in *cloudres.Instance, det *secrets.Detector, now time.Time) *model.Resource {
	b := newBuilder(in)
	name := b.nameOr(spell(in, "function_name", "FunctionName"))
	fnARN := "arn:aws:lambda:::function:" + name
	cfg := lambdatypes.FunctionConfiguration{FunctionName: aws.String(name), FunctionArn: aws.String(fnARN)}
	// Zip packages by default (both sources); images have no runtime.
	cfg.PackageType = lambdatypes.PackageTypeZip
	if s, ok := b.str(spell(in, "package_type", "PackageType"), ""); ok {
		cfg.PackageType = lambdatypes.PackageType(s)
	}
	if s, ok := b.str(spell(in, "runtime", "Runtime"), "runtime"); ok {
		cfg.Runtime = lambdatypes.Runtime(s)
	}
	if s, ok := b.str(spell(in, "handler", "Handler"), ""); ok {
		cfg.Handler = aws.String(s)
	}
	if s, ok := b.strOrRef(spell(in, "role", "Role"), "role"); ok {
		cfg.Role = aws.String(s)
	}
	envPath := spell(in, "environment.0.variables", "Environment.Variables")
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
			switch fnLink(ix, p, spell(p, "function_name", "FunctionName"), in, name) {
			case linkTarget:
				pb := newBuilder(p)
				if st, ok := permissionStatement(pb, fnARN); ok {
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
			switch fnLink(ix, u, spell(u, "function_name", "TargetFunctionArn"), in, name) {
			case linkTarget:
				ub := newBuilder(u)
				if a, ok := ub.str(spell(u, "authorization_type", "AuthType"), "url_configs"); ok {
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
			switch ix.linkOf(li, spell(li, "load_balancer_arn", "LoadBalancerArn"), in) {
			case linkUnknown:
				b.unknown("listeners")
				continue
			case linkOther:
				continue
			}
			lsb := newBuilder(li)
			l := elbv2types.Listener{ListenerArn: aws.String(li.Address), LoadBalancerArn: lb.LoadBalancerArn}
			if n, ok := lsb.integer(spell(li, "port", "Port"), "listeners"); ok {
				l.Port = i32(n)
			}
			// Protocol: the provider's default is HTTP for an ALB (TCP
			// must be given for an NLB); CloudFormation documents none.
			proto := spell(li, "protocol", "Protocol")
			if s, ok := lsb.str(proto, "listeners"); ok {
				l.Protocol = elbv2types.ProtocolEnum(strings.ToUpper(s))
			} else if _, set := li.Get(proto); !set && !cfn(li) && lb.Type == elbv2types.LoadBalancerTypeEnumApplication {
				l.Protocol = elbv2types.ProtocolEnumHttp
			}
			actions := spell(li, "default_action", "DefaultActions")
			for i := range lsb.list(actions, "listeners") {
				p := actions + "." + itoa(i) + "."
				a := elbv2types.Action{}
				if s, ok := lsb.str(p+spell(li, "type", "Type"), "listeners"); ok {
					a.Type = elbv2types.ActionTypeEnum(s)
				}
				if s, ok := lsb.str(p+spell(li, "redirect.0.protocol", "RedirectConfig.Protocol"), "listeners"); ok {
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

func adaptDistributions(ix *Index) []*model.Resource {
	var out []*model.Resource
	for _, in := range both(ix, "aws_cloudfront_distribution", "AWS::CloudFront::Distribution") {
		out = append(out, distribution(in))
	}
	return out
}

// distribution reads a distribution's configuration: Terraform's
// arguments, CloudFormation's DistributionConfig.
func distribution(in *cloudres.Instance) *model.Resource {
	b := newBuilder(in)
	d := awsmodel.CloudFrontDistribution{Id: aws.String(in.Address), DomainName: aws.String("${" + in.Address + ".domain_name}")}
	cfg := &cftypes.DistributionConfig{}
	const attr = "distribution_config"
	// Standard logging is on when the logging block is declared
	// (Terraform's logging_config, CloudFormation's Logging).
	cfg.Logging = &cftypes.LoggingConfig{Enabled: aws.Bool(false)}
	logging := spell(in, "logging_config", "DistributionConfig.Logging")
	if top, set := in.Get(logging); set && hasUnknown(top) && !cfn(in) {
		if _, isList := top.([]any); !isList {
			b.unknown(attr)
		}
	}
	if _, set := in.Get(logging); set {
		lp := spell(in, "logging_config.0", "DistributionConfig.Logging")
		if v, ok := in.Get(lp); ok && v != nil {
			cfg.Logging.Enabled = aws.Bool(true)
			b.locate("logging_enabled", lp)
			if s, ok := b.strOrRef(lp+"."+spell(in, "bucket", "Bucket"), attr); ok {
				cfg.Logging.Bucket = aws.String(s)
			}
			if s, ok := b.str(lp+"."+spell(in, "prefix", "Prefix"), attr); ok {
				cfg.Logging.Prefix = aws.String(s)
			}
		} else if cloudres.IsUnknown(v) {
			b.unknown(attr)
		}
	}
	vpp := spell(in, "viewer_protocol_policy", "ViewerProtocolPolicy")
	def := &cftypes.DefaultCacheBehavior{}
	defVPP := spell(in, "default_cache_behavior.0.", "DistributionConfig.DefaultCacheBehavior.") + vpp
	if s, ok := b.str(defVPP, attr); ok {
		def.ViewerProtocolPolicy = cftypes.ViewerProtocolPolicy(s)
		b.locate("viewer_protocol_policies", defVPP)
	}
	cfg.DefaultCacheBehavior = def
	behaviors := spell(in, "ordered_cache_behavior", "DistributionConfig.CacheBehaviors")
	if items := b.list(behaviors, attr); len(items) > 0 {
		cbs := &cftypes.CacheBehaviors{}
		for i := range items {
			p := behaviors + "." + itoa(i) + "."
			cb := cftypes.CacheBehavior{}
			if s, ok := b.str(p+vpp, attr); ok {
				cb.ViewerProtocolPolicy = cftypes.ViewerProtocolPolicy(s)
				if cb.ViewerProtocolPolicy == cftypes.ViewerProtocolPolicyAllowAll {
					b.locate("viewer_protocol_policies", p+vpp)
				}
			}
			if s, ok := b.str(p+spell(in, "path_pattern", "PathPattern"), ""); ok {
				cb.PathPattern = aws.String(s)
			}
			cbs.Items = append(cbs.Items, cb)
		}
		cbs.Quantity = aws.Int32(int32(len(cbs.Items)))
		cfg.CacheBehaviors = cbs
	}
	// Viewer certificate: the CloudFront default certificate when none
	// is given; minimum_protocol_version defaults to TLSv1 (provider
	// docs; CloudFront's own default for the default certificate).
	vc := &cftypes.ViewerCertificate{MinimumProtocolVersion: cftypes.MinimumProtocolVersionTLSv1}
	cp := spell(in, "viewer_certificate.0", "DistributionConfig.ViewerCertificate")
	if _, set := in.Get(cp); set {
		if v, ok := b.boolean(cp+"."+spell(in, "cloudfront_default_certificate", "CloudFrontDefaultCertificate"), attr); ok {
			vc.CloudFrontDefaultCertificate = aws.Bool(v)
		}
		if s, ok := b.strOrRef(cp+"."+spell(in, "acm_certificate_arn", "AcmCertificateArn"), attr); ok {
			vc.ACMCertificateArn = aws.String(s)
		}
		if s, ok := b.str(cp+"."+spell(in, "ssl_support_method", "SslSupportMethod"), ""); ok {
			vc.SSLSupportMethod = cftypes.SSLSupportMethod(s)
		}
		if s, ok := b.str(cp+"."+spell(in, "minimum_protocol_version", "MinimumProtocolVersion"), attr); ok {
			vc.MinimumProtocolVersion = cftypes.MinimumProtocolVersion(s)
		}
	} else {
		vc.CloudFrontDefaultCertificate = aws.Bool(true)
	}
	cfg.ViewerCertificate = vc
	if v, ok := b.boolean(spell(in, "enabled", "DistributionConfig.Enabled"), ""); ok {
		cfg.Enabled = aws.Bool(v)
	}
	d.DistributionConfig = cfg
	return b.resource(awsmodel.TypeCloudFrontDistribution, in.Name, d)
}

// ---- API Gateway stages ---------------------------------------------

// apiName is the name of the API a stage's api_id / RestApiId points to.
func apiName(ix *Index, in *cloudres.Instance, path string) (*string, string) {
	v, _ := in.Get(path)
	if to, ok := ix.Resolve(in, v); ok {
		return aws.String(labelOr(to, spell(to, "name", "Name"))), to.Address
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
			b := newBuilder(in)
			stage := b.nameOr(spell(in, "stage_name", "StageName"))
			api, apiID := apiName(ix, in, spell(in, "rest_api_id", "RestApiId"))
			st := apigwtypes.Stage{StageName: aws.String(stage)}
			readAccessLog(b, spell(in, "access_log_settings.0.", "AccessLogSetting."), func(dest, format *string) {
				st.AccessLogSettings = &apigwtypes.AccessLogSettings{DestinationArn: dest, Format: format}
			})
			st.Variables = b.variables(spell(in, "variables", "Variables"), "variables")
			st.MethodSettings = map[string]apigwtypes.MethodSetting{}
			if cfn(in) {
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
func readAccessLog(b *builder, prefix string, set func(dest, format *string)) {
	path := prefix + spell(b.in, "destination_arn", "DestinationArn")
	dest, ok := b.strOrRef(path, "access_log_settings")
	if !ok || dest == "" {
		return
	}
	var format *string
	if f, ok := b.str(prefix+spell(b.in, "format", "Format"), ""); ok {
		format = aws.String(f)
	}
	b.locate("access_logging_enabled", path)
	set(aws.String(dest), format)
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
