package awsadapt

import (
	"slices"
	"strings"
	"testing"

	"github.com/vigil-cspm/vigil/internal/iac/cloudres"
)

func TestWAFv2WebACLs(t *testing.T) {
	vis := func(on bool) []any {
		return items(props{"cloudwatch_metrics_enabled": on, "metric_name": "m", "sampled_requests_enabled": true})
	}
	managed := props{"managed_rule_group_statement": items(props{"vendor_name": "AWS", "name": "AWSManagedRulesCommonRuleSet"})}
	insts := []cloudres.Instance{
		// Rules with metrics and a logging configuration by reference.
		tf("aws_wafv2_web_acl", "aws_wafv2_web_acl.good", 1, props{"name": "good", "scope": "REGIONAL",
			"default_action": items(props{"block": items(props{})}), "visibility_config": vis(true),
			"rule": items(props{"name": "common", "priority": int64(0), "statement": items(managed), "visibility_config": vis(true)})}),
		tf("aws_wafv2_web_acl_logging_configuration", "aws_wafv2_web_acl_logging_configuration.good", 10, props{
			"resource_arn": refAt("aws_wafv2_web_acl.good", "arn"), "log_destination_configs": items(refAt("aws_cloudwatch_log_group.waf", "arn"))}),
		// No rule, no metrics, no logs.
		tf("aws_wafv2_web_acl", "aws_wafv2_web_acl.empty", 20, props{"name": "empty", "scope": "REGIONAL",
			"default_action": items(props{"allow": items(props{})}), "visibility_config": vis(false)}),
		// Rules as JSON; a rule without metrics.
		tf("aws_wafv2_web_acl", "aws_wafv2_web_acl.json", 30, props{"name": "json", "scope": "CLOUDFRONT",
			"default_action": items(props{"allow": items(props{})}), "visibility_config": vis(true),
			"rule_json": `[{"Name":"flood","Priority":1,"Action":{"Block":{}},"Statement":{"RateBasedStatement":{"Limit":100,"AggregateKeyType":"IP"}},` +
				`"VisibilityConfig":{"CloudWatchMetricsEnabled":false,"MetricName":"flood","SampledRequestsEnabled":true}}]`}),
		// Rules known only at apply.
		tf("aws_wafv2_web_acl", "aws_wafv2_web_acl.later", 40, props{"name": "later", "scope": "REGIONAL",
			"default_action": items(props{"allow": items(props{})}), "visibility_config": vis(true), "rule_json": cloudres.Unknown{}}),
		// CloudFormation: rules, and a logging configuration whose ACL is
		// known only at deploy.
		cfnRes("AWS::WAFv2::WebACL", "Cfn", 1, props{"Name": "cfn", "Scope": "REGIONAL", "DefaultAction": props{"Block": props{}},
			"VisibilityConfig": props{"CloudWatchMetricsEnabled": "true", "MetricName": "cfn"},
			"Rules": items(props{"Name": "group", "Priority": "0", "Statement": props{"RuleGroupReferenceStatement": props{"Arn": "arn:aws:wafv2:us-east-1:1:regional/rulegroup/g/x"}},
				"VisibilityConfig": props{"CloudWatchMetricsEnabled": "true", "MetricName": "group"}})}),
		cfnRes("AWS::WAFv2::LoggingConfiguration", "CfnLogs", 20, props{"ResourceArn": cloudres.Unknown{}, "LogDestinationConfigs": items("arn:aws:s3:::aws-waf-logs-x")}),
	}
	res, got := evaluate(t, insts)
	assertFires(t, got, "aws-wafv2-rules", []string{"empty"}, []string{"good", "json", "later", "cfn"})
	assertFires(t, got, "aws-wafv2-metrics", []string{"empty", "json"}, []string{"good", "later", "cfn"})
	assertFires(t, got, "aws-wafv2-logging", []string{"empty", "json", "later"}, []string{"good", "cfn"})
	g := find(t, res, "good").Attributes
	if g["default_action"] != "BLOCK" || g["rule_count"] != int64(1) || g["logging_enabled"] != true {
		t.Errorf("good: %v", g)
	}
	if r, _ := g["rules"].([]any); len(r) != 1 || r[0].(map[string]any)["rule_group"] != "AWS/AWSManagedRulesCommonRuleSet" {
		t.Errorf("good rules: %v", g["rules"])
	}
	if j := find(t, res, "json").Attributes; j["scope"] != "CLOUDFRONT" || j["rule_count"] != int64(1) {
		t.Errorf("json: %v", j)
	}
	if u := unreadAttrs(t, res, "later"); !slices.Contains(u, any("rule_count")) || !slices.Contains(u, any("metrics_enabled")) {
		t.Errorf("later: unread %v", u)
	}
	c := find(t, res, "cfn").Attributes
	if r, _ := c["rules"].([]any); len(r) != 1 || r[0].(map[string]any)["statement"] != "rule_group" {
		t.Errorf("Cfn rules: %v", c["rules"])
	}
	if u := unreadAttrs(t, res, "cfn"); !slices.Contains(u, any("logging_enabled")) {
		t.Errorf("Cfn: unread %v", u)
	}
}

// An orphan logging configuration names an ACL the scope does not
// declare: a skipped coverage record, not silence.
func TestWAFv2OrphanLogging(t *testing.T) {
	res := Adapt([]cloudres.Instance{tf("aws_wafv2_web_acl_logging_configuration", "aws_wafv2_web_acl_logging_configuration.x", 1, props{
		"resource_arn": refAt("aws_wafv2_web_acl.elsewhere", "arn"), "log_destination_configs": items("arn:aws:s3:::aws-waf-logs-x")})})
	for _, c := range res.Coverage {
		if c.Scope == "iac-satellite:aws_wafv2_web_acl_logging_configuration" && strings.Contains(c.Reason, "aws_wafv2_web_acl") {
			return
		}
	}
	t.Errorf("no orphan coverage: %v", res.Coverage)
}
