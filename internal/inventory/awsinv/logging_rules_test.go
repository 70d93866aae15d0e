package awsinv

import (
	"sort"
	"strings"
	"testing"

	"github.com/vigil-cspm/vigil/internal/model"
	"github.com/vigil-cspm/vigil/internal/policy"
	"github.com/vigil-cspm/vigil/internal/scan/scantest"
)

// loggingRuleDirs are the rule folders of the logging family.
var loggingRuleDirs = []string{"cloudtrail", "monitoring", "config", "securityhub", "macie", "guardduty", "kms", "sns"}

func isLoggingRule(r *model.RuleMeta) bool {
	for _, d := range loggingRuleDirs {
		if strings.HasPrefix(r.ID, "aws-"+d+"-") {
			return true
		}
	}
	return false
}

// evaluateScenario scans a replay scenario (S3 included, for the trail
// bucket join) and evaluates the rule library on it.
func evaluateScenario(t *testing.T, name string) (*policy.Engine, []policy.Result) {
	t.Helper()
	replay(t, name)
	_, res := scan(t, Config{Services: append([]string{"s3"}, loggingServices...)})
	eng := scantest.Library(t).Engine
	return eng, scantest.Evaluate(t, eng, res.Resources)
}

// TestMisconfiguredLoggingFindings: every rule of the family fires in the
// misconfigured scenario, on the resource it is about.
func TestMisconfiguredLoggingFindings(t *testing.T) {
	eng, results := evaluateScenario(t, "misconfigured")
	fired := map[string][]string{}
	for _, r := range results {
		if isLoggingRule(r.Rule) {
			fired[r.Rule.ID] = append(fired[r.Rule.ID], r.Resource.ID)
		}
	}
	want := map[string]string{
		"aws-cloudtrail-multi-region-trail":     "arn:aws:cloudtrail::111111111111:vigil/account-settings",
		"aws-cloudtrail-log-file-validation":    "arn:aws:cloudtrail:us-east-1:111111111111:trail/legacy-trail",
		"aws-cloudtrail-kms-encryption":         "arn:aws:cloudtrail:us-east-1:111111111111:trail/legacy-trail",
		"aws-cloudtrail-logging-stopped":        "arn:aws:cloudtrail:us-east-1:111111111111:trail/legacy-trail",
		"aws-cloudtrail-s3-data-events-read":    "arn:aws:cloudtrail::111111111111:vigil/account-settings",
		"aws-cloudtrail-s3-data-events-write":   "arn:aws:cloudtrail::111111111111:vigil/account-settings",
		"aws-cloudtrail-bucket-access-logging":  "arn:aws:cloudtrail:us-east-1:111111111111:trail/legacy-trail",
		"aws-config-recording":                  "arn:aws:config:us-east-1:111111111111:vigil/regional-settings",
		"aws-securityhub-enabled":               "arn:aws:securityhub:eu-west-1:111111111111:vigil/regional-settings",
		"aws-macie-enabled":                     "arn:aws:macie2:eu-west-1:111111111111:vigil/regional-settings",
		"aws-guardduty-enabled":                 "arn:aws:guardduty:us-east-1:111111111111:vigil/regional-settings",
		"aws-kms-key-rotation":                  "arn:aws:kms:us-east-1:111111111111:key/1111aaaa-0000-0000-0000-000000000001",
		"aws-kms-public-key-policy":             "arn:aws:kms:us-east-1:111111111111:key/1111aaaa-0000-0000-0000-000000000001",
		"aws-sns-public-topic":                  "arn:aws:sns:us-east-1:111111111111:security-alerts",
		"aws-sns-topic-encryption":              "arn:aws:sns:us-east-1:111111111111:security-alerts",
		"aws-monitoring-unauthorized-api-calls": "arn:aws:cloudtrail::111111111111:vigil/account-settings",
	}
	for _, r := range eng.Rules() {
		if isLoggingRule(r) {
			if _, ok := want[r.ID]; !ok {
				want[r.ID] = "arn:aws:cloudtrail::111111111111:vigil/account-settings"
			}
		}
	}
	if len(want) != 30 {
		t.Errorf("%d logging rules, want 30", len(want))
	}
	for id, res := range want {
		found := false
		for _, got := range fired[id] {
			found = found || got == res
		}
		if !found {
			t.Errorf("%s did not fire on %s (fired on %v)", id, res, fired[id])
		}
	}
	// The trail of the multi-region data trail is not stopped.
	for _, id := range fired["aws-cloudtrail-logging-stopped"] {
		if strings.Contains(id, "data-trail") {
			t.Errorf("logging-stopped fired on the logging data-trail")
		}
	}
}

// TestHardenedLoggingFindings: nothing above low fires in the hardened
// scenario.
func TestHardenedLoggingFindings(t *testing.T) {
	_, results := evaluateScenario(t, "hardened")
	var bad []string
	for _, r := range results {
		if isLoggingRule(r.Rule) && r.Rule.Severity > model.SeverityLow {
			bad = append(bad, r.Rule.ID+" on "+r.Resource.ID+": "+r.Message)
		}
	}
	sort.Strings(bad)
	if len(bad) > 0 {
		t.Errorf("findings in the hardened scenario:\n%s", strings.Join(bad, "\n"))
	}
}
