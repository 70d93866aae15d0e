# METADATA
# title: S3 buckets should require MFA to delete object versions
# description: >-
#   MFA Delete makes deleting an object version, or suspending versioning,
#   require the bucket owner's MFA code: a stolen access key alone cannot
#   destroy the bucket's history.
# related_resources:
#   - ref: https://docs.aws.amazon.com/AmazonS3/latest/userguide/MultiFactorAuthenticationDelete.html
# custom:
#   id: aws-s3-mfa-delete
#   severity: low
#   resource_types: [aws.s3.bucket]
#   remediation: |-
#     As the root user with its MFA device (MFA Delete cannot be set otherwise):
#       aws s3api put-bucket-versioning --bucket <bucket> \
#         --versioning-configuration Status=Enabled,MFADelete=Enabled \
#         --mfa "arn:aws:iam::<account>:mfa/root-account-mfa-device <code>"
package vigil.rules.aws.s3.mfa_delete

import data.vigil.lib.aws
import rego.v1

deny contains {
	"msg": sprintf("bucket %s: MFA Delete is not enabled", [input.name]),
	"path": "versioning.mfa_delete",
} if {
	aws.known("versioning")
	object.get(input.attributes, ["versioning", "mfa_delete"], "") != "Enabled"
}
