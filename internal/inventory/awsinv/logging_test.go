package awsinv

import (
	"sort"
	"strings"
	"testing"

	"github.com/vigil-cspm/vigil/internal/model"
)

var loggingServices = []string{"cloudtrail", "logs", "cloudwatch", "sns", "config", "securityhub", "macie2", "guardduty", "kms"}

// checkLoggingScan asserts the replay answered every request and every
// scope of the family is complete in both regions.
func checkLoggingScan(t *testing.T, name, account string) map[string]*model.Resource {
	t.Helper()
	srv := replay(t, name)
	_, res := scan(t, Config{Services: loggingServices})
	if m := srv.Misses(); len(m) > 0 {
		t.Fatalf("requests without a recorded response:\n%s", strings.Join(m, "\n"))
	}
	if res.Status != model.ScanComplete {
		t.Errorf("status %s, coverage %v", res.Status, res.Coverage)
	}
	got := map[string]string{}
	for _, c := range res.Coverage {
		got[c.Scope] = c.Status
	}
	var want []string
	for _, typ := range []string{"aws.cloudtrail.trail", "aws.logs.metric_filter", "aws.cloudwatch.alarm", "aws.sns.topic",
		"aws.config.regional_settings", "aws.securityhub.regional_settings", "aws.macie.regional_settings",
		"aws.guardduty.regional_settings", "aws.kms.key"} {
		for _, region := range []string{"us-east-1", "eu-west-1"} {
			want = append(want, typ+"@"+account+"/"+region)
		}
	}
	want = append(want, "aws.cloudtrail.account_settings@"+account)
	for _, w := range want {
		if got[w] != model.CoverageComplete {
			scopes := make([]string, 0, len(got))
			for k, v := range got {
				scopes = append(scopes, k+"="+v)
			}
			sort.Strings(scopes)
			t.Errorf("scope %s: %q; coverage %v", w, got[w], scopes)
		}
	}
	return byID(res)
}

func attrs(t *testing.T, rs map[string]*model.Resource, id string) map[string]any {
	t.Helper()
	r := mustGet(t, rs, id)
	if u, ok := r.Attributes["unread"]; ok {
		t.Errorf("%s: unexpected unread %v", id, u)
	}
	return r.Attributes
}

func wantAttr(t *testing.T, id string, a map[string]any, key string, want any) {
	t.Helper()
	if got := a[key]; got != want {
		t.Errorf("%s: %s = %v (%T), want %v", id, key, got, got, want)
	}
}

func TestMisconfiguredLogging(t *testing.T) {
	const acct = "111111111111"
	rs := checkLoggingScan(t, "misconfigured", acct)

	legacy := "arn:aws:cloudtrail:us-east-1:111111111111:trail/legacy-trail"
	a := attrs(t, rs, legacy)
	if rs[legacy].Region != "us-east-1" {
		t.Errorf("legacy-trail region %q", rs[legacy].Region)
	}
	for k, v := range map[string]any{"is_logging": false, "is_multi_region_trail": false, "log_file_validation_enabled": false,
		"management_events_read": true, "management_events_write": false, "all_management_events": false,
		"s3_data_events_read": false, "s3_data_events_write": false, "s3_bucket_name": "cloudtrail-logs-111111111111",
		"cloudwatch_logs_log_group_name": "cloudtrail-legacy", "cloudwatch_logs_log_group_region": "us-east-1"} {
		wantAttr(t, legacy, a, k, v)
	}
	if _, ok := a["kms_key_id"]; ok {
		t.Errorf("legacy-trail has no KMS key: %v", a["kms_key_id"])
	}
	data := "arn:aws:cloudtrail:eu-west-1:111111111111:trail/data-trail"
	a = attrs(t, rs, data)
	for k, v := range map[string]any{"is_logging": true, "is_multi_region_trail": true, "all_management_events": false,
		"management_events_read": false, "management_events_write": false, "s3_data_events_write": false} {
		wantAttr(t, data, a, k, v)
	}
	if b, _ := a["s3_data_events_write_buckets"].([]any); len(b) != 1 || b[0] != "public-assets" {
		t.Errorf("data-trail write buckets %v", a["s3_data_events_write_buckets"])
	}
	acctSet := attrs(t, rs, "arn:aws:cloudtrail::111111111111:vigil/account-settings")
	if m, _ := acctSet["multi_region_trail_arns"].([]any); len(m) != 1 || m[0] != data {
		t.Errorf("account settings multi-region trails %v", acctSet["multi_region_trail_arns"])
	}

	// Metric filters over two pages, alarms over two pages.
	for _, id := range []string{"arn:aws:logs:us-east-1:111111111111:log-group:cloudtrail-legacy:metric-filter:unauthorized-api-calls",
		"arn:aws:logs:us-east-1:111111111111:log-group:cloudtrail-legacy:metric-filter:root-usage"} {
		f := attrs(t, rs, id)
		wantAttr(t, id, f, "log_group_name", "cloudtrail-legacy")
		if mt, _ := f["metric_transformations"].([]any); len(mt) != 1 || mt[0].(map[string]any)["metric_namespace"] != "CISBenchmark" {
			t.Errorf("%s transformations %v", id, f["metric_transformations"])
		}
	}
	al := attrs(t, rs, "arn:aws:cloudwatch:us-east-1:111111111111:alarm:root-usage")
	wantAttr(t, "root-usage alarm", al, "actions_enabled", false)
	wantAttr(t, "root-usage alarm", al, "metric_name", "RootUsage")
	al = attrs(t, rs, "arn:aws:cloudwatch:us-east-1:111111111111:alarm:unauthorized-api-calls")
	if acts, _ := al["alarm_actions"].([]any); len(acts) != 1 || acts[0] != "arn:aws:sns:us-east-1:111111111111:security-alerts" {
		t.Errorf("alarm actions %v", al["alarm_actions"])
	}

	topicID := "arn:aws:sns:us-east-1:111111111111:security-alerts"
	tp := attrs(t, rs, topicID)
	wantAttr(t, topicID, tp, "confirmed_subscription_count", int64(0))
	wantAttr(t, topicID, tp, "subscriptions_pending", int64(1))
	if _, ok := tp["kms_master_key_id"]; ok {
		t.Errorf("%s: an unencrypted topic has no kms_master_key_id, got %v", topicID, tp["kms_master_key_id"])
	}
	if tp["policy"].(map[string]any)["analysis"].(map[string]any)["public"] != true {
		t.Errorf("topic policy should be public: %v", tp["policy"])
	}

	cfg := attrs(t, rs, "arn:aws:config:us-east-1:111111111111:vigil/regional-settings")
	wantAttr(t, "config us-east-1", cfg, "recording", false)
	cfg = attrs(t, rs, "arn:aws:config:eu-west-1:111111111111:vigil/regional-settings")
	wantAttr(t, "config eu-west-1", cfg, "recording", false)
	for _, region := range []string{"us-east-1", "eu-west-1"} {
		for _, svc := range []string{"securityhub", "macie2", "guardduty"} {
			id := "arn:aws:" + svc + ":" + region + ":111111111111:vigil/regional-settings"
			wantAttr(t, id, attrs(t, rs, id), "enabled", false)
		}
	}
	gd := attrs(t, rs, "arn:aws:guardduty:us-east-1:111111111111:vigil/regional-settings")
	if d, _ := gd["detectors"].([]any); len(d) != 1 || d[0].(map[string]any)["status"] != "DISABLED" {
		t.Errorf("guardduty detectors %v", gd["detectors"])
	}

	keyID := "arn:aws:kms:us-east-1:111111111111:key/1111aaaa-0000-0000-0000-000000000001"
	k := attrs(t, rs, keyID)
	for kk, v := range map[string]any{"customer_managed": true, "rotation_applicable": true, "key_rotation_enabled": false, "key_manager": "CUSTOMER"} {
		wantAttr(t, keyID, k, kk, v)
	}
	if k["policy"].(map[string]any)["analysis"].(map[string]any)["public"] != true {
		t.Errorf("key policy should be public")
	}
	if rs[keyID].Name != "app-data" {
		t.Errorf("key name %q", rs[keyID].Name)
	}
	awsKey := "arn:aws:kms:us-east-1:111111111111:key/1111aaaa-0000-0000-0000-0000000000a3"
	k = attrs(t, rs, awsKey)
	wantAttr(t, awsKey, k, "customer_managed", false)
	if _, ok := k["policy"]; ok {
		t.Errorf("AWS managed key policy should not be read")
	}
}

func TestHardenedLogging(t *testing.T) {
	const acct = "222222222222"
	rs := checkLoggingScan(t, "hardened", acct)
	trail := "arn:aws:cloudtrail:us-east-1:222222222222:trail/audit"
	a := attrs(t, rs, trail)
	for k, v := range map[string]any{"is_logging": true, "is_multi_region_trail": true, "log_file_validation_enabled": true,
		"all_management_events": true, "s3_data_events_read": true, "s3_data_events_write": true,
		"kms_key_id":                     "arn:aws:kms:us-east-1:222222222222:key/2222bbbb-0000-0000-0000-000000000001",
		"cloudwatch_logs_log_group_name": "cloudtrail/audit", "cloudwatch_logs_log_group_region": "us-east-1"} {
		wantAttr(t, trail, a, k, v)
	}
	n := 0
	for _, r := range rs {
		if r.Type == "aws.logs.metric_filter" {
			n++
		}
	}
	if n != 15 {
		t.Errorf("%d metric filters, want 15", n)
	}
	tp := attrs(t, rs, "arn:aws:sns:us-east-1:222222222222:security-alerts")
	wantAttr(t, "topic", tp, "confirmed_subscription_count", int64(1))
	wantAttr(t, "topic", tp, "kms_master_key_id", "alias/sns-alerts")
	if tp["policy"].(map[string]any)["analysis"].(map[string]any)["public"] != false {
		t.Errorf("topic policy should not be public")
	}
	for _, region := range []string{"us-east-1", "eu-west-1"} {
		for _, svc := range []string{"securityhub", "macie2", "guardduty"} {
			id := "arn:aws:" + svc + ":" + region + ":222222222222:vigil/regional-settings"
			wantAttr(t, id, attrs(t, rs, id), "enabled", true)
		}
		id := "arn:aws:config:" + region + ":222222222222:vigil/regional-settings"
		c := attrs(t, rs, id)
		wantAttr(t, id, c, "recording", true)
		wantAttr(t, id, c, "all_supported", true)
	}
	key := "arn:aws:kms:us-east-1:222222222222:key/2222bbbb-0000-0000-0000-000000000001"
	k := attrs(t, rs, key)
	wantAttr(t, key, k, "key_rotation_enabled", true)
	wantAttr(t, key, k, "rotation_period_in_days", int64(365))
	if k["policy"].(map[string]any)["analysis"].(map[string]any)["public"] != false {
		t.Errorf("key policy should not be public")
	}
}
