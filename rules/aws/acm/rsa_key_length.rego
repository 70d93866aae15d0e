# METADATA
# title: ACM RSA certificates should use keys of at least 2048 bits
# description: >-
#   An RSA key shorter than 2048 bits no longer resists factoring by a
#   well-funded attacker, and browsers and AWS services reject such
#   certificates. A certificate with a 1024-bit key (only an imported one
#   can have it) should be replaced. AWS Security Hub control ACM.2.
# related_resources:
#   - ref: https://docs.aws.amazon.com/securityhub/latest/userguide/acm-controls.html#acm-2
#   - ref: https://docs.aws.amazon.com/acm/latest/userguide/acm-certificate.html#algorithms
# custom:
#   id: aws-acm-rsa-key-length
#   severity: high
#   resource_types: [aws.acm.certificate]
#   remediation: |-
#     Request (or import) a certificate with a 2048-bit or larger RSA key, or an ECDSA key, and move its users to it:
#       aws acm request-certificate --domain-name <domain> --validation-method DNS --key-algorithm RSA_2048
#     Terraform: key_algorithm = "RSA_2048" (or EC_prime256v1) on aws_acm_certificate;
#     CloudFormation: KeyAlgorithm on AWS::CertificateManager::Certificate.
package vigil.rules.aws.acm.rsa_key_length

import data.vigil.lib.aws
import rego.v1

deny contains {
	"msg": sprintf("certificate %s has a %d-bit RSA key (%s)", [object.get(input, "name", ""), input.attributes.key_bits, object.get(input.attributes, "key_algorithm", "")]),
	"path": "key_algorithm",
} if {
	aws.known("key_algorithm")
	input.attributes.rsa
	input.attributes.key_bits < 2048
}
