# METADATA
# title: SQS queues should encrypt messages at rest
# description: >-
#   Server-side encryption protects messages stored in a queue. SQS-managed
#   keys (SSE-SQS) cost nothing; a KMS key (SSE-KMS) adds a key policy and
#   an audit trail of decryptions. Queues created before SSE-SQS became the
#   default may still have neither.
# related_resources:
#   - ref: https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-server-side-encryption.html
# custom:
#   id: aws-sqs-encryption
#   severity: low
#   resource_types: [aws.sqs.queue]
#   remediation: |-
#     aws sqs set-queue-attributes --queue-url <url> --attributes SqsManagedSseEnabled=true
#     or, with a KMS key:
#     aws sqs set-queue-attributes --queue-url <url> --attributes KmsMasterKeyId=<key id or alias>
package vigil.rules.aws.sqs.encryption

import data.vigil.lib.aws
import rego.v1

deny contains {
	"msg": sprintf("queue %s does not encrypt messages at rest", [input.name]),
	"path": "encrypted",
} if {
	aws.known("encrypted")
	not input.attributes.encrypted
}
