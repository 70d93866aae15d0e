# METADATA
# title: Kinesis data streams should be encrypted at rest
# description: >-
#   Without server-side encryption, records sit in the stream's shards in
#   plain form for the whole retention period. With a KMS key (the AWS
#   managed alias/aws/kinesis or a customer managed one) they are
#   encrypted before they are stored, and reading them needs permission
#   to use the key. AWS Security Hub control Kinesis.1.
# related_resources:
#   - ref: https://docs.aws.amazon.com/securityhub/latest/userguide/kinesis-controls.html#kinesis-1
# custom:
#   id: aws-kinesis-encryption
#   severity: medium
#   resource_types: [aws.kinesis.stream]
#   remediation: |-
#     aws kinesis start-stream-encryption --stream-name <stream> --encryption-type KMS --key-id alias/aws/kinesis
#     Terraform: encryption_type = "KMS" and kms_key_id; CloudFormation: StreamEncryption: {EncryptionType: KMS, KeyId: alias/aws/kinesis}
package vigil.rules.aws.kinesis.encryption

import data.vigil.lib.aws
import rego.v1

deny contains {
	"msg": sprintf("Kinesis stream %s stores its records unencrypted", [object.get(input, "name", "")]),
	"path": "encryption_type",
} if {
	aws.known("encrypted")
	not input.attributes.encrypted
}
