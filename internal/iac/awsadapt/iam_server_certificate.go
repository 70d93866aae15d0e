package awsadapt

import (
	"crypto/x509"
	"encoding/pem"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	iamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
)

// iamServerCertificate reads a server certificate; its expiration is
// the certificate body's.
func iamServerCertificate(_ *Index, b *builder) (string, any) {
	in := b.in
	name := labelOr(in, spell(in, "name", "ServerCertificateName"))
	c := awsmodel.IAMServerCertificate{ServerCertificateMetadata: iamtypes.ServerCertificateMetadata{ServerCertificateName: aws.String(name), Path: aws.String("/")}}
	if p := knownStr(in, spell(in, "path", "Path")); p != "" {
		c.Path = &p
	}
	// Expiration: given (Terraform state), else the body's NotAfter,
	// which is what IAM reports; otherwise unread.
	var exp *time.Time
	if s, ok := b.str("expiration", "expiration"); ok {
		if t, err := time.Parse(time.RFC3339, s); err == nil {
			exp = &t
		}
	}
	if exp == nil {
		if body, ok := b.str(spell(in, "certificate_body", "CertificateBody"), "expiration"); ok {
			if blk, _ := pem.Decode([]byte(body)); blk != nil {
				if cert, err := x509.ParseCertificate(blk.Bytes); err == nil {
					t := cert.NotAfter.UTC()
					exp = &t
				}
			}
		}
	}
	if exp == nil {
		b.unknown("expiration")
		b.unknown("expired")
		b.unknown("expires_in_days")
	}
	c.Expiration = exp
	return name, c
}
