# METADATA
# title: AWS Backup recovery points should be encrypted at rest
# description: >-
#   A recovery point holds a full copy of the resource's data. Backups
#   of resources AWS Backup does not encrypt itself (EBS volumes, RDS
#   databases and others whose snapshots keep the source's encryption)
#   stay unencrypted when the source was: anyone who can share or copy
#   the snapshot reads the data in clear. AWS Security Hub control
#   Backup.1.
# related_resources:
#   - ref: https://docs.aws.amazon.com/securityhub/latest/userguide/backup-controls.html#backup-1
#   - ref: https://docs.aws.amazon.com/aws-backup/latest/devguide/encryption.html
# custom:
#   id: aws-backup-encryption
#   severity: medium
#   resource_types: [aws.backup.recovery_point]
#   remediation: |-
#     Encrypt the source (an encrypted copy of the volume or database) so its next backups are encrypted,
#     or copy the recovery point with encryption to a vault:
#       aws backup start-copy-job --recovery-point-arn <arn> --source-backup-vault-name <vault> \
#         --destination-backup-vault-arn <vault arn> --iam-role-arn <role arn>
#     then delete the unencrypted one:
#       aws backup delete-recovery-point --backup-vault-name <vault> --recovery-point-arn <arn>
package vigil.rules.aws.backup.encryption

import rego.v1

deny contains {
	"msg": sprintf("recovery point %s of %s is not encrypted", [object.get(input, "name", ""), object.get(input.attributes, "resource_arn", "an unknown resource")]),
	"path": "is_encrypted",
} if {
	not input.attributes.is_encrypted
}
