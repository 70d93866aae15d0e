# METADATA
# title: Expired server certificates should be removed from IAM
# description: >-
#   An expired TLS certificate stored in IAM serves no purpose, and if it is
#   still attached to a load balancer or CloudFront distribution, clients see
#   errors or learn to click through warnings. Delete certificates once they
#   expire (and prefer ACM, which renews them).
# related_resources:
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_server-certs.html
# custom:
#   id: aws-iam-expired-server-certificate
#   severity: medium
#   resource_types: [aws.iam.server_certificate]
#   remediation: |-
#     aws iam delete-server-certificate --server-certificate-name <name>
package vigil.rules.aws.iam.expired_server_certificate

import rego.v1

deny contains {
	"msg": sprintf("IAM server certificate %s expired on %s", [input.name, input.attributes.expiration]),
	"path": "expiration",
} if {
	input.attributes.expired == true
}
