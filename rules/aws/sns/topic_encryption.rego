# METADATA
# title: SNS topics should encrypt messages at rest with KMS
# description: >-
#   Server-side encryption keeps messages encrypted with a KMS key while SNS
#   stores them for delivery. Topics that carry alerts or application data
#   should use it.
# related_resources:
#   - ref: https://docs.aws.amazon.com/sns/latest/dg/sns-server-side-encryption.html
# custom:
#   id: aws-sns-topic-encryption
#   severity: low
#   resource_types: [aws.sns.topic]
#   remediation: |-
#     aws sns set-topic-attributes --topic-arn <topic arn> --attribute-name KmsMasterKeyId --attribute-value alias/aws/sns
package vigil.rules.aws.sns.topic_encryption

import data.vigil.lib.aws
import rego.v1

deny contains {
	"msg": sprintf("SNS topic %s is not encrypted with a KMS key", [input.name]),
	"path": "kms_master_key_id",
} if {
	aws.known("kms_master_key_id")
	object.get(input.attributes, "kms_master_key_id", "") == ""
}
