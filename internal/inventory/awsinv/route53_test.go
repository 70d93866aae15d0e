package awsinv

import "testing"

const (
	exampleZone  = "arn:aws:route53:::hostedzone/Z0EXAMPLE00000001"
	internalZone = "arn:aws:route53:::hostedzone/Z0INTERNAL0000001"
	shopZone     = "arn:aws:route53:::hostedzone/Z0SHOP00000000001"
	secureZone   = "arn:aws:route53:::hostedzone/Z0SECURE000000001"
)

// TestMisconfiguredRoute53 reads both pages of zones and joins the
// account's query logging configurations onto them.
func TestMisconfiguredRoute53(t *testing.T) {
	rs := scanTypes(t, "misconfigured", "111111111111", []string{"route53"}, "aws.route53.hosted_zone")
	if len(rs) != 3 {
		t.Errorf("%d zones, want 3 (both pages)", len(rs))
	}
	ex := mustGet(t, rs, exampleZone)
	if ex.Name != "example.com." || ex.Region != "" || attr(ex, "private") != false || attr(ex, "query_logging_enabled") != false {
		t.Errorf("example.com: %q %q %v", ex.Name, ex.Region, ex.Attributes)
	}
	if in := mustGet(t, rs, internalZone); attr(in, "private") != true {
		t.Errorf("internal: %v", in.Attributes)
	}
	sh := mustGet(t, rs, shopZone)
	if cfgs, _ := attr(sh, "query_logging_configs").([]any); attr(sh, "query_logging_enabled") != true || len(cfgs) != 1 ||
		cfgs[0].(map[string]any)["cloud_watch_logs_log_group_arn"] != "arn:aws:logs:us-east-1:111111111111:log-group:/aws/route53/shop.example.com" {
		t.Errorf("shop: %v", sh.Attributes)
	}
	got, _ := firedOn(t, rs)
	checkFired(t, got, map[string][]string{"aws-route53-query-logging": {exampleZone}})
}

func TestHardenedRoute53(t *testing.T) {
	rs := scanTypes(t, "hardened", "222222222222", []string{"route53"}, "aws.route53.hosted_zone")
	if z := mustGet(t, rs, secureZone); attr(z, "query_logging_enabled") != true {
		t.Errorf("secure zone (logging on the second page): %v", z.Attributes)
	}
	got, sev := firedOn(t, rs)
	checkQuiet(t, got, sev)
	if ids := got["aws-route53-query-logging"]; len(ids) > 0 {
		t.Errorf("aws-route53-query-logging fires in the hardened scenario on %v", ids)
	}
}
