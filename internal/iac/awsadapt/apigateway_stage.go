package awsadapt

import (
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	apigwtypes "github.com/aws/aws-sdk-go-v2/service/apigateway/types"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
	"github.com/vigil-cspm/vigil/internal/iac/cloudres"
)

// apiGatewayStage reads a REST API stage with its method settings.
func apiGatewayStage(ix *Index, b *builder) (string, any) {
	in := b.in
	stage := labelOr(b.in, spell(in, "stage_name", "StageName"))
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
			b.setStr(&ms.LoggingLevel, p+"LoggingLevel", "method_settings")
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
				mb.setStr(&ms.LoggingLevel, "settings.0.logging_level", "method_settings")
				st.MethodSettings[path] = ms
			}
			b.merge(mb)
		}
	}
	st.WebAclArn = stageWebACL(ix, b)
	s := awsmodel.NewAPIGatewayStage(apiID, api, st, ix.secrets())
	name := stage
	if api != nil {
		name = *api + "/" + stage
	}
	return name, s
}

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

// wafAssociations are the source types that attach a web ACL to a
// regional resource: the resource's ARN attribute and the ACL's.
var wafAssociations = []struct{ typ, resource, acl string }{
	{"aws_wafv2_web_acl_association", "resource_arn", "web_acl_arn"},
	{"aws_wafregional_web_acl_association", "resource_arn", "web_acl_id"},
	{"AWS::WAFv2::WebACLAssociation", "ResourceArn", "WebACLArn"},
	{"AWS::WAFRegional::WebACLAssociation", "ResourceArn", "WebACLId"},
}

// wafAssociationTypes lists the association source types.
func wafAssociationTypes() []string {
	out := make([]string, 0, len(wafAssociations))
	for _, a := range wafAssociations {
		out = append(out, a.typ)
	}
	return out
}

// stageWebACL is the web ACL an association in the stage's scope
// attaches to it; nil when none does. The stage itself declares none
// (Terraform's web_acl_arn is computed). An association whose resource
// is known only at apply (a CloudFormation Fn::Sub ARN, a variable) may
// be the stage's: the stage's web_acl_arn is then unread.
func stageWebACL(ix *Index, b *builder) *string {
	maybe := false
	for _, w := range wafAssociations {
		for _, a := range ix.inScope(w.typ, b.in) {
			switch ix.linkOf(a, w.resource, b.in) {
			case linkTarget:
				// An ACL known only at apply is still an ACL.
				acl, ok := newBuilder(a).strOrRef(w.acl, "")
				if !ok {
					acl = setAtApply
				}
				b.locateBlock("web_acl_arn", a)
				return aws.String(acl)
			case linkUnknown:
				// A reference to a resource of another Terraform type
				// (an undeclared aws_lb) is not the stage.
				v, _ := a.Get(w.resource)
				r, isRef := v.(cloudres.Ref)
				maybe = maybe || !isRef || cfn(a) || strings.Contains(r.Address, b.in.Type+".")
			}
		}
	}
	if maybe {
		b.unknown("web_acl_arn")
	}
	return nil
}
