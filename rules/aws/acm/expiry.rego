# METADATA
# title: ACM certificates should be renewed well before they expire
# description: >-
#   An expired certificate breaks every HTTPS endpoint that serves it:
#   load balancers, CloudFront distributions and API Gateway domains
#   start failing TLS handshakes. ACM renews the certificates it issued
#   when their DNS or email validation still works; imported certificates
#   are never renewed automatically. A certificate that expires within
#   the rule parameter acm_min_days_to_expiry (30 days by default) needs
#   attention now. AWS Security Hub control ACM.1.
# related_resources:
#   - ref: https://docs.aws.amazon.com/securityhub/latest/userguide/acm-controls.html#acm-1
#   - ref: https://docs.aws.amazon.com/acm/latest/userguide/check-certificate-renewal-status.html
# custom:
#   id: aws-acm-expiry
#   severity: medium
#   resource_types: [aws.acm.certificate]
#   remediation: |-
#     ACM-issued: fix the validation that blocks renewal (the CNAME record of DNS validation):
#       aws acm describe-certificate --certificate-arn <arn> --query Certificate.RenewalSummary
#     Imported: import the renewed certificate over the same ARN:
#       aws acm import-certificate --certificate-arn <arn> --certificate fileb://cert.pem \
#         --private-key fileb://key.pem --certificate-chain fileb://chain.pem
#     Terraform: aws_acm_certificate with validation_method = "DNS" and an aws_acm_certificate_validation.
package vigil.rules.aws.acm.expiry

import data.vigil.lib.aws
import rego.v1

_min_days := vigil.param(input, "acm_min_days_to_expiry")

deny contains {
	"msg": sprintf("certificate %s %s (renewal eligibility %s)", [object.get(input, "name", ""), _when(days), object.get(input.attributes, "renewal_eligibility", "unknown")]),
	"path": "not_after",
} if {
	aws.known("days_to_expiry")
	days := input.attributes.days_to_expiry
	days < _min_days
}

_when(days) := sprintf("expired %d days ago", [0 - days]) if days < 0

else := sprintf("expires in %d days", [days])
