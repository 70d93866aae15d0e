package awsadapt

import (
	"crypto/x509"
	"encoding/pem"
	"time"

	iamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
	"github.com/vigil-cspm/vigil/internal/iac/cloudres"
	"github.com/vigil-cspm/vigil/internal/model"
)

// iamServerCertificateAdapter reads IAM server certificates.
func iamServerCertificateAdapter() adapter {
	return adapter{Target: awsmodel.TypeIAMServerCertificate, Adapt: adaptServerCertificates,
		Consumes: []string{"aws_iam_server_certificate", "AWS::IAM::ServerCertificate"}}
}

func adaptServerCertificates(ix *Index) []*model.Resource {
	var out []*model.Resource
	for _, in := range append(append([]*cloudres.Instance{}, ix.OfType("aws_iam_server_certificate")...), ix.OfType("AWS::IAM::ServerCertificate")...) {
		b := newBuilder(in)
		name := labelOr(in, spell(in, "name", "ServerCertificateName"))
		c := awsmodel.IAMServerCertificate{ServerCertificateMetadata: iamtypes.ServerCertificateMetadata{ServerCertificateName: strp(name), Path: strp("/")}}
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
		out = append(out, b.resource(awsmodel.TypeIAMServerCertificate, name, c))
	}
	return out
}
