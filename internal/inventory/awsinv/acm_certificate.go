package awsinv

// aws.acm.certificate: ACM certificates, listed with
// acm:ListCertificates asking for every key type (by default the API
// lists RSA_1024 and RSA_2048 keys only), 1000 a page. The summary
// carries the key algorithm, NotAfter and renewal eligibility, so no
// per-certificate describe is needed: about 0.001 calls per
// certificate, the API's minimum. Tags come from the region's tagging
// API read.

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/acm"
	acmtypes "github.com/aws/aws-sdk-go-v2/service/acm/types"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
)

func collectCertificates(ctx context.Context, s *Session) error {
	c := acm.NewFromConfig(s.Config)
	var keyTypes acmtypes.KeyAlgorithm
	in := &acm.ListCertificatesInput{MaxItems: aws.Int32(1000), Includes: &acmtypes.Filters{KeyTypes: keyTypes.Values()}}
	p := acm.NewListCertificatesPaginator(c, in)
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		for _, cert := range page.CertificateSummaryList {
			s.Emit(s.New(awsmodel.TypeACMCertificate, aws.ToString(cert.CertificateArn), aws.ToString(cert.DomainName), nil, nil,
				&awsmodel.ACMCertificate{CertificateSummary: cert}))
		}
	}
	return ctx.Err()
}
