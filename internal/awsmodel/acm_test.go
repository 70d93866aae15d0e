package awsmodel

import (
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	acmtypes "github.com/aws/aws-sdk-go-v2/service/acm/types"
)

func TestACMCertificateDerive(t *testing.T) {
	now := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		alg      acmtypes.KeyAlgorithm
		notAfter *time.Time
		rsa      bool
		bits     int
		days     *int64
	}{
		{"RSA_1024", aws.Time(now.Add(10*24*time.Hour + time.Hour)), true, 1024, aws.Int64(10)},
		{"RSA_4096", aws.Time(now.Add(400 * 24 * time.Hour)), true, 4096, aws.Int64(400)},
		{"EC_prime256v1", aws.Time(now.Add(-time.Hour)), false, 0, aws.Int64(-1)},
		{"", nil, false, 0, nil},
	} {
		a := ACMCertificate{CertificateSummary: acmtypes.CertificateSummary{KeyAlgorithm: c.alg, NotAfter: c.notAfter}}
		a.Derive(now)
		if a.RSA != c.rsa || a.KeyBits != c.bits || (a.DaysToExpiry == nil) != (c.days == nil) || (c.days != nil && *a.DaysToExpiry != *c.days) {
			t.Errorf("%s %v: rsa %v bits %d days %v", c.alg, c.notAfter, a.RSA, a.KeyBits, a.DaysToExpiry)
		}
	}
}
