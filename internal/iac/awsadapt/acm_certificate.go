package awsadapt

import (
	"github.com/aws/aws-sdk-go-v2/aws"
	acmtypes "github.com/aws/aws-sdk-go-v2/service/acm/types"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
)

// acmCertificate reads a certificate's key algorithm: Terraform's
// aws_acm_certificate (key_algorithm; RSA_2048 when a requested
// certificate omits it, the provider's and ACM's default) and
// CloudFormation's AWS::CertificateManager::Certificate (KeyAlgorithm,
// same default). An imported certificate's key (Terraform's
// private_key) decides its algorithm, unknown before apply. Validity
// and renewal exist only once issued: live only.
func acmCertificate(_ *Index, b *builder) (string, any) {
	in := b.in
	name := labelOr(in, spell(in, "domain_name", "DomainName"))
	c := acmtypes.CertificateSummary{DomainName: aws.String(name), Type: acmtypes.CertificateTypeAmazonIssued,
		KeyAlgorithm: acmtypes.KeyAlgorithmRsa2048}
	if _, imported := in.Get("private_key"); imported && !cfn(in) {
		c.Type, c.KeyAlgorithm = acmtypes.CertificateTypeImported, ""
		b.unknown("key_algorithm")
	} else if s, ok := b.str(spell(in, "key_algorithm", "KeyAlgorithm"), "key_algorithm"); ok {
		c.KeyAlgorithm = acmtypes.KeyAlgorithm(s)
	}
	if _, pca := in.Get(spell(in, "certificate_authority_arn", "CertificateAuthorityArn")); pca {
		c.Type = acmtypes.CertificateTypePrivate
	}
	return name, awsmodel.ACMCertificate{CertificateSummary: c}
}
