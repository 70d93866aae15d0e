package awsinv

// aws.iam.server_certificate: IAM server certificates, read with
// iam:ListServerCertificates.

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
)

func collectIAMServerCertificates(ctx context.Context, s *Session) error {
	c := iam.NewFromConfig(s.Config)
	p := iam.NewListServerCertificatesPaginator(c, &iam.ListServerCertificatesInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		for _, m := range page.ServerCertificateMetadataList {
			cert := awsmodel.IAMServerCertificate{ServerCertificateMetadata: m}
			s.Emit(s.New(awsmodel.TypeIAMServerCertificate, aws.ToString(m.Arn), aws.ToString(m.ServerCertificateName), nil, nil, cert))
		}
	}
	return nil
}
