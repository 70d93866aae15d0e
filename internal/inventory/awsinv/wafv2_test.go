package awsinv

import (
	"encoding/json"
	"os"
	"testing"
)

const (
	billingACL = "arn:aws:wafv2:us-east-1:111111111111:regional/webacl/billing/a1b2c3d4"
	stagingACL = "arn:aws:wafv2:us-east-1:111111111111:regional/webacl/staging/e5f6a7b8"
	staticACL  = "arn:aws:wafv2:us-east-1:111111111111:global/webacl/static/a1b2c3d4"
	paymentACL = "arn:aws:wafv2:us-east-1:222222222222:regional/webacl/payments/a1b2c3d4"
	siteACL    = "arn:aws:wafv2:us-east-1:222222222222:global/webacl/site/a1b2c3d4"
)

func wafv2Rules() map[string][]string {
	return map[string][]string{
		"aws-wafv2-rules":   {stagingACL},
		"aws-wafv2-metrics": {billingACL, stagingACL},
		"aws-wafv2-logging": {stagingACL, staticACL},
	}
}

func TestMisconfiguredWAFv2(t *testing.T) {
	rs := scanTypes(t, "misconfigured", "111111111111", []string{"wafv2"}, "aws.wafv2.web_acl")
	if len(rs) != 3 {
		t.Errorf("%d web ACLs, want 3 (both pages and the CloudFront scope)", len(rs))
	}
	if os.Getenv("DUMP") != "" {
		b, _ := json.MarshalIndent(rs, "", " ")
		os.WriteFile(os.Getenv("DUMP"), b, 0o644)
	}
	b := mustGet(t, rs, billingACL)
	if attr(b, "rule_count") != int64(2) || attr(b, "logging_enabled") != true || attr(b, "scope") != "REGIONAL" ||
		attr(b, "rules_without_metrics") == nil {
		t.Errorf("billing: %v", b.Attributes)
	}
	if s := mustGet(t, rs, staticACL); attr(s, "scope") != "CLOUDFRONT" || attr(s, "metrics_enabled") != true || attr(s, "logging_enabled") != false {
		t.Errorf("static: %v", s.Attributes)
	}
	got, _ := firedOn(t, rs)
	checkFired(t, got, wafv2Rules())
}

func TestHardenedWAFv2(t *testing.T) {
	rs := scanTypes(t, "hardened", "222222222222", []string{"wafv2"}, "aws.wafv2.web_acl")
	if len(rs) != 2 {
		t.Errorf("%d web ACLs, want 2", len(rs))
	}
	if p := mustGet(t, rs, paymentACL); attr(p, "rule_count") != int64(3) || attr(p, "metrics_enabled") != true || attr(p, "logging_enabled") != true {
		t.Errorf("payments: %v", p.Attributes)
	}
	mustGet(t, rs, siteACL)
	got, sev := firedOn(t, rs)
	checkQuiet(t, got, sev)
	for id := range wafv2Rules() {
		if len(got[id]) > 0 {
			t.Errorf("%s fires in the hardened scenario on %v", id, got[id])
		}
	}
}
