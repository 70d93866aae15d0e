package awsmodel

import (
	"slices"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	waftypes "github.com/aws/aws-sdk-go-v2/service/wafv2/types"
)

func TestWAFv2WebACL(t *testing.T) {
	on := &waftypes.VisibilityConfig{CloudWatchMetricsEnabled: true, MetricName: aws.String("m")}
	off := &waftypes.VisibilityConfig{MetricName: aws.String("m")}
	acl := waftypes.WebACL{Name: aws.String("web"), DefaultAction: &waftypes.DefaultAction{Block: &waftypes.BlockAction{}}, VisibilityConfig: on,
		Rules: []waftypes.Rule{
			{Name: aws.String("common"), Priority: 1, VisibilityConfig: on, Statement: &waftypes.Statement{ManagedRuleGroupStatement: &waftypes.ManagedRuleGroupStatement{
				VendorName: aws.String("AWS"), Name: aws.String("AWSManagedRulesCommonRuleSet")}}},
			{Name: aws.String("flood"), Priority: 2, VisibilityConfig: off, Statement: &waftypes.Statement{RateBasedStatement: &waftypes.RateBasedStatement{Limit: aws.Int64(1000)}}},
		}}
	w := NewWAFv2WebACL(acl, "REGIONAL", nil)
	w.Derive()
	if w.DefaultAction != "BLOCK" || w.RuleCount != 2 || w.Rules[0].RuleGroup != "AWS/AWSManagedRulesCommonRuleSet" || w.Rules[1].Statement != "rate_based" {
		t.Errorf("built %+v", w)
	}
	if w.MetricsEnabled || !slices.Equal(w.RulesWithoutMetrics, []string{"flood"}) || w.LoggingEnabled {
		t.Errorf("metrics %v %v, logging %v", w.MetricsEnabled, w.RulesWithoutMetrics, w.LoggingEnabled)
	}
	acl.Rules[1].VisibilityConfig = on
	w = NewWAFv2WebACL(acl, "REGIONAL", &waftypes.LoggingConfiguration{LogDestinationConfigs: []string{"arn:aws:logs:us-east-1:1:log-group:aws-waf-logs-web"}})
	w.Derive()
	if !w.MetricsEnabled || len(w.RulesWithoutMetrics) != 0 || !w.LoggingEnabled {
		t.Errorf("metrics %v %v, logging %v", w.MetricsEnabled, w.RulesWithoutMetrics, w.LoggingEnabled)
	}
	// No visibility config on the ACL: no metrics.
	w = WAFv2WebACL{}
	w.Derive()
	if w.MetricsEnabled || w.RuleCount != 0 {
		t.Errorf("empty ACL: %+v", w)
	}
}
