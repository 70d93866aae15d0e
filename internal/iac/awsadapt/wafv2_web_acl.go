package awsadapt

import (
	"encoding/json"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	waftypes "github.com/aws/aws-sdk-go-v2/service/wafv2/types"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
	"github.com/vigil-cspm/vigil/internal/iac/cloudres"
)

// wafRuleAttrs are the model attributes a web ACL's rules decide.
var wafRuleAttrs = []string{"rules", "rule_count", "metrics_enabled", "rules_without_metrics"}

// wafv2WebACL reads a web ACL: Terraform's aws_wafv2_web_acl (rule
// blocks, or rule_json) and CloudFormation's AWS::WAFv2::WebACL, with
// the logging configuration a separate resource declares for it.
func wafv2WebACL(ix *Index, b *builder) (string, any) {
	in := b.in
	name := labelOr(in, spell(in, "name", "Name"))
	w := awsmodel.WAFv2WebACL{Name: aws.String(name), ARN: aws.String("${" + in.Address + ".arn}")}
	b.setStr(&w.Description, spell(in, "description", "Description"), "")
	if s, ok := b.str(spell(in, "scope", "Scope"), "scope"); ok {
		w.Scope = s
	}
	da := spell(in, "default_action.0", "DefaultAction")
	for _, a := range []string{"allow", "block"} {
		if v, ok := in.Get(da + "." + spell(in, a, strings.ToUpper(a[:1])+a[1:])); ok && v != nil {
			w.DefaultAction = strings.ToUpper(a)
		}
	}
	w.VisibilityConfig = wafVisibility(b, spell(in, "visibility_config.0", "VisibilityConfig"))
	ruleJSON, jsonSet := in.Get("rule_json")
	switch {
	case jsonSet && !cfn(in):
		s, ok := ruleJSON.(string)
		var rules []waftypes.Rule
		if !ok || json.Unmarshal([]byte(s), &rules) != nil {
			for _, a := range wafRuleAttrs {
				b.unknown(a)
			}
			break
		}
		b.locate("rules", "rule_json")
		for _, r := range rules {
			kind, group := awsmodel.WAFv2StatementKind(r.Statement)
			w.Rules = append(w.Rules, awsmodel.WAFv2Rule{Name: r.Name, Priority: r.Priority, Statement: kind, RuleGroup: group, VisibilityConfig: r.VisibilityConfig})
		}
	default:
		rp := spell(in, "rule", "Rules")
		if v, set := in.Get(rp); set && hasUnknown(v) && !isList(v) {
			for _, a := range wafRuleAttrs {
				b.unknown(a)
			}
		}
		for i := range b.list(rp, "rules") {
			p := rp + "." + itoa(i) + "."
			r := awsmodel.WAFv2Rule{}
			b.setStr(&r.Name, p+spell(in, "name", "Name"), "")
			if n, ok := b.integer(p+spell(in, "priority", "Priority"), ""); ok {
				r.Priority = int32(n)
			}
			r.Statement, r.RuleGroup = wafStatement(b, p+spell(in, "statement.0", "Statement"))
			r.VisibilityConfig = wafVisibility(b, p+spell(in, "visibility_config.0", "VisibilityConfig"))
			w.Rules = append(w.Rules, r)
		}
		b.locateFirst("rules", rp)
	}
	w.LogDestinationConfigs = wafLogging(ix, b)
	return name, w
}

// isList reports whether v is a list (of blocks, some of whose values
// may be unknown).
func isList(v any) bool { _, ok := v.([]any); return ok }

// wafVisibility reads a visibility configuration; an unknown metrics
// switch leaves metrics_enabled unread.
func wafVisibility(b *builder, p string) *waftypes.VisibilityConfig {
	if v, ok := b.in.Get(p); !ok || v == nil {
		return nil
	}
	vc := &waftypes.VisibilityConfig{}
	if on, ok := b.boolean(p+"."+spell(b.in, "cloudwatch_metrics_enabled", "CloudWatchMetricsEnabled"), "metrics_enabled"); ok {
		vc.CloudWatchMetricsEnabled = on
		if !on {
			b.locateFirst("metrics_enabled", p)
		}
	}
	if on, ok := b.boolean(p+"."+spell(b.in, "sampled_requests_enabled", "SampledRequestsEnabled"), ""); ok {
		vc.SampledRequestsEnabled = on
	}
	b.setStr(&vc.MetricName, p+"."+spell(b.in, "metric_name", "MetricName"), "")
	return vc
}

// wafStatementKinds maps a statement's snake_case name (less
// "_statement") to the model's kind.
var wafStatementKinds = map[string]string{
	"managed_rule_group": "managed_rule_group", "rule_group_reference": "rule_group", "rate_based": "rate_based",
	"ip_set_reference": "ip_set", "geo_match": "geo_match", "byte_match": "byte_match", "sqli_match": "sqli_match",
	"xss_match": "xss_match", "and": "and", "or": "or", "not": "not",
}

// wafStatement names the kind of the statement at p and, for a rule
// group statement, the group.
func wafStatement(b *builder, p string) (kind, group string) {
	v, ok := b.in.Get(p)
	st, isMap := v.(map[string]any)
	if !ok || !isMap {
		return "", ""
	}
	for key := range st {
		k := strings.TrimSuffix(awsmodel.Snake(key), "_statement")
		kind, known := wafStatementKinds[k]
		if !known {
			continue
		}
		sp := p + "." + key + spell(b.in, ".0.", ".")
		switch kind {
		case "managed_rule_group":
			vendor, _ := b.str(sp+spell(b.in, "vendor_name", "VendorName"), "")
			n, _ := b.str(sp+spell(b.in, "name", "Name"), "")
			group = vendor + "/" + n
		case "rule_group":
			group, _ = b.strOrRef(sp+spell(b.in, "arn", "Arn"), "")
		}
		return kind, group
	}
	return "other", ""
}

// wafLoggingTypes are the logging configuration resources: the web
// ACL's ARN attribute and the destinations'.
var wafLoggingTypes = []struct{ typ, resource, dests string }{
	{"aws_wafv2_web_acl_logging_configuration", "resource_arn", "log_destination_configs"},
	{"AWS::WAFv2::LoggingConfiguration", "ResourceArn", "LogDestinationConfigs"},
}

// wafLogging returns the destinations of the logging configuration
// that names the ACL; none when no configuration does. One naming an
// ACL known only at apply may be this one's: logging is then unread.
func wafLogging(ix *Index, b *builder) []string {
	maybe := false
	for _, l := range wafLoggingTypes {
		for _, c := range ix.inScope(l.typ, b.in) {
			switch ix.linkOf(c, l.resource, b.in) {
			case linkTarget:
				cb := newBuilder(c)
				dests := cb.strList(l.dests, "", true)
				if len(dests) == 0 {
					dests = []string{setAtApply}
				}
				b.locateBlock("logging_enabled", c)
				return dests
			case linkUnknown:
				v, _ := c.Get(l.resource)
				r, isRef := v.(cloudres.Ref)
				maybe = maybe || !isRef || cfn(c) || strings.Contains(r.Address, b.in.Type+".")
			}
		}
	}
	if maybe {
		b.unknown("logging_enabled")
	}
	return nil
}
