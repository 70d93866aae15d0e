# METADATA
# title: S3 buckets should use KMS default encryption
# description: >-
#   Since January 2023 S3 encrypts new objects with S3-managed keys
#   (SSE-S3) when nothing else is set. SSE-KMS adds a key policy, CloudTrail
#   records of every decryption and the ability to revoke access by
#   disabling the key; sensitive buckets should use it.
# related_resources:
#   - ref: https://docs.aws.amazon.com/AmazonS3/latest/userguide/default-bucket-encryption.html
# custom:
#   id: aws-s3-kms-encryption
#   severity: low
#   resource_types: [aws.s3.bucket]
#   remediation: |-
#     aws s3api put-bucket-encryption --bucket <bucket> --server-side-encryption-configuration \
#       '{"Rules":[{"ApplyServerSideEncryptionByDefault":{"SSEAlgorithm":"aws:kms","KMSMasterKeyID":"<key arn>"},"BucketKeyEnabled":true}]}'
package vigil.rules.aws.s3.kms_encryption

import data.vigil.lib.aws
import rego.v1

deny contains {
	"msg": sprintf("bucket %s: default encryption is %s, not SSE-KMS", [input.name, algo]),
	"path": "encryption",
} if {
	aws.known("encryption")
	algos := {r.apply_server_side_encryption_by_default.sse_algorithm |
		some r in object.get(input.attributes, ["encryption", "rules"], [])
	}
	not kms(algos)
	algo := _describe(algos)
}

kms(algos) if "aws:kms" in algos

kms(algos) if "aws:kms:dsse" in algos

_describe(algos) := concat(", ", algos) if count(algos) > 0

_describe(algos) := "SSE-S3 (the S3 default)" if count(algos) == 0
