# METADATA
# title: EFS file systems should be encrypted at rest
# description: >-
#   Encryption at rest protects file data and metadata under a KMS key.
#   It can only be chosen when the file system is created, so an
#   unencrypted one has to be copied to a new, encrypted file system.
# related_resources:
#   - ref: https://docs.aws.amazon.com/efs/latest/ug/encryption-at-rest.html
# custom:
#   id: aws-efs-encrypted
#   severity: medium
#   resource_types: [aws.efs.file_system]
#   remediation: |-
#     aws efs create-file-system --encrypted --kms-key-id <key> --creation-token <token>
#     copy the data (AWS DataSync or aws backup), move the mount targets, then aws efs delete-file-system --file-system-id <old fs>
package vigil.rules.aws.efs.encrypted

import rego.v1

deny contains {
	"msg": sprintf("EFS file system %s (%s) is not encrypted at rest", [input.name, input.attributes.file_system_id]),
	"path": "encrypted",
} if {
	not input.attributes.encrypted
}
