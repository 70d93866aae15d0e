package awsinv

import "testing"

const (
	clickStream   = "arn:aws:kinesis:us-east-1:111111111111:stream/clickstream"
	auditStream   = "arn:aws:kinesis:us-east-1:111111111111:stream/audit-events"
	paymentStream = "arn:aws:kinesis:eu-west-1:222222222222:stream/payments"
)

func kinesisRules() map[string][]string {
	return map[string][]string{
		"aws-kinesis-encryption": {clickStream},
		"aws-kinesis-retention":  {auditStream, clickStream},
	}
}

func TestMisconfiguredKinesis(t *testing.T) {
	rs := scanTypes(t, "misconfigured", "111111111111", []string{"kinesis"}, "aws.kinesis.stream")
	if len(rs) != 2 {
		t.Errorf("%d streams, want 2 (both pages)", len(rs))
	}
	c := mustGet(t, rs, clickStream)
	if attr(c, "encrypted") != false || attr(c, "retention_period_hours") != int64(24) || attr(c, "encryption_type") != "NONE" {
		t.Errorf("clickstream: %v", c.Attributes)
	}
	if a := mustGet(t, rs, auditStream); attr(a, "encrypted") != true || attr(a, "key_id") != "alias/aws/kinesis" {
		t.Errorf("audit-events: %v", a.Attributes)
	}
	got, _ := firedOn(t, rs)
	checkFired(t, got, kinesisRules())
}

func TestHardenedKinesis(t *testing.T) {
	rs := scanTypes(t, "hardened", "222222222222", []string{"kinesis"}, "aws.kinesis.stream")
	if p := mustGet(t, rs, paymentStream); attr(p, "encrypted") != true || attr(p, "retention_period_hours") != int64(168) {
		t.Errorf("payments: %v", p.Attributes)
	}
	got, sev := firedOn(t, rs)
	checkQuiet(t, got, sev)
	for id := range kinesisRules() {
		if len(got[id]) > 0 {
			t.Errorf("%s fires in the hardened scenario on %v", id, got[id])
		}
	}
}
