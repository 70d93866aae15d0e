package awsmodel

import (
	"strconv"
	"strings"
	"time"

	acmtypes "github.com/aws/aws-sdk-go-v2/service/acm/types"
)

// TypeACMCertificate is an AWS Certificate Manager certificate.
const TypeACMCertificate = "aws.acm.certificate"

func acmTypes() []Type {
	return []Type{typeOf[ACMCertificate](TypeACMCertificate, "AWS::CertificateManager::Certificate", false)}
}

// ACMCertificate is aws.acm.certificate: ListCertificates' summary of
// the certificate (every key type asked for), which carries its key
// algorithm, validity and renewal eligibility.
type ACMCertificate struct {
	acmtypes.CertificateSummary
	// KeyBits is the key's size for RSA keys (RSA_2048: 2048); 0 for
	// elliptic-curve keys.
	KeyBits int `attr:"key_bits"`
	// RSA: the key is an RSA key.
	RSA bool `attr:"rsa"`
	// DaysToExpiry counts whole days from the read to NotAfter (negative
	// once expired); absent while the certificate has no validity yet.
	DaysToExpiry *int64 `attr:"days_to_expiry"`
}

// Derive computes the key size and the days left before expiry.
func (c *ACMCertificate) Derive(now time.Time) {
	alg := string(c.KeyAlgorithm)
	c.RSA = strings.HasPrefix(alg, "RSA_") || strings.HasPrefix(alg, "RSA-")
	c.KeyBits = 0
	if c.RSA {
		c.KeyBits, _ = strconv.Atoi(alg[4:])
	}
	c.DaysToExpiry = nil
	if c.NotAfter != nil {
		d := int64(c.NotAfter.Sub(now).Hours() / 24)
		if c.NotAfter.Before(now) && c.NotAfter.Sub(now)%(24*time.Hour) != 0 {
			d-- // a certificate that expired this morning is -1 day, not 0
		}
		c.DaysToExpiry = &d
	}
}
