# METADATA
# title: CloudTrail trails should encrypt logs with a KMS key
# description: >-
#   By default trail logs are encrypted with S3-managed keys, so anyone who
#   can read the bucket can read the logs. Encrypting them with a customer
#   managed KMS key adds a second permission (kms:Decrypt) and a record of
#   every decryption.
# related_resources:
#   - ref: https://docs.aws.amazon.com/awscloudtrail/latest/userguide/encrypting-cloudtrail-log-files-with-aws-kms.html
# custom:
#   id: aws-cloudtrail-kms-encryption
#   severity: medium
#   resource_types: [aws.cloudtrail.trail]
#   remediation: |-
#     Give CloudTrail use of a customer managed key in its key policy, then:
#       aws cloudtrail update-trail --name <trail> --kms-key-id <key arn>
package vigil.rules.aws.cloudtrail.kms_encryption

import data.vigil.lib.aws
import rego.v1

deny contains {
	"msg": sprintf("trail %s logs are not encrypted with a KMS key", [input.name]),
	"path": "kms_key_id",
} if {
	object.get(input.attributes, "kms_key_id", "") == ""
}
