# METADATA
# title: S3 bucket policies must deny requests made without TLS
# description: >-
#   Without a policy statement that denies requests where
#   aws:SecureTransport is false, clients may read and write the bucket over
#   plain HTTP, exposing data and credentials-signed requests on the wire.
# related_resources:
#   - ref: https://docs.aws.amazon.com/AmazonS3/latest/userguide/security-best-practices.html
# custom:
#   id: aws-s3-secure-transport
#   severity: medium
#   resource_types: [aws.s3.bucket]
#   remediation: |-
#     Add a statement to the bucket policy:
#       {"Sid": "DenyInsecureTransport", "Effect": "Deny", "Principal": "*",
#        "Action": "s3:*", "Resource": ["arn:aws:s3:::<bucket>", "arn:aws:s3:::<bucket>/*"],
#        "Condition": {"Bool": {"aws:SecureTransport": "false"}}}
package vigil.rules.aws.s3.secure_transport

import data.vigil.lib.aws
import rego.v1

deny contains {
	"msg": sprintf("bucket %s: the bucket policy does not deny requests made over plain HTTP", [input.name]),
	"path": "policy",
} if {
	aws.known("policy")
	not input.attributes.secure_transport_required
}
