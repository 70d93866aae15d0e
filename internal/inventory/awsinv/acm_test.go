package awsinv

import (
	"encoding/json"
	"os"
	"slices"
	"testing"
)

const (
	wwwCert      = "arn:aws:acm:us-east-1:111111111111:certificate/0a1b2c3d-1111-2222-3333-444455556666"
	legacyCert   = "arn:aws:acm:us-east-1:111111111111:certificate/1b2c3d4e-1111-2222-3333-444455556666"
	siteCert     = "arn:aws:acm:us-east-1:222222222222:certificate/2c3d4e5f-1111-2222-3333-444455556666"
	paymentsCert = "arn:aws:acm:eu-west-1:222222222222:certificate/3d4e5f6a-1111-2222-3333-444455556666"
)

func acmRules() map[string][]string {
	return map[string][]string{
		"aws-acm-expiry":         {legacyCert},
		"aws-acm-rsa-key-length": {legacyCert},
	}
}

func TestMisconfiguredACM(t *testing.T) {
	rs := scanTypes(t, "misconfigured", "111111111111", []string{"acm"}, "aws.acm.certificate")
	if len(rs) != 2 {
		t.Errorf("%d certificates, want 2 (both pages)", len(rs))
	}
	if os.Getenv("DUMP") != "" {
		b, _ := json.MarshalIndent(rs, "", " ")
		_ = os.WriteFile(os.Getenv("DUMP"), b, 0o644)
	}
	l := mustGet(t, rs, legacyCert)
	if attr(l, "key_bits") != int64(1024) || attr(l, "rsa") != true || !slices.Contains([]any{int64(-3), int64(-4)}, attr(l, "days_to_expiry")) || attr(l, "type") != "IMPORTED" {
		t.Errorf("legacy: %v", l.Attributes)
	}
	if w := mustGet(t, rs, wwwCert); attr(w, "key_bits") != int64(2048) || w.Name != "www.example.com" {
		t.Errorf("www: %v", w.Attributes)
	}
	got, _ := firedOn(t, rs)
	checkFired(t, got, acmRules())
}

func TestHardenedACM(t *testing.T) {
	rs := scanTypes(t, "hardened", "222222222222", []string{"acm"}, "aws.acm.certificate")
	if s := mustGet(t, rs, siteCert); attr(s, "rsa") != false || attr(s, "key_algorithm") != "EC_prime256v1" {
		t.Errorf("site: %v", s.Attributes)
	}
	if p := mustGet(t, rs, paymentsCert); attr(p, "key_bits") != int64(4096) {
		t.Errorf("payments: %v", p.Attributes)
	}
	got, sev := firedOn(t, rs)
	checkQuiet(t, got, sev)
	for id := range acmRules() {
		if len(got[id]) > 0 {
			t.Errorf("%s fires in the hardened scenario on %v", id, got[id])
		}
	}
}
