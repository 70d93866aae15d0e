# METADATA
# title: EBS snapshots should be encrypted
# description: >-
#   A snapshot of an unencrypted volume holds the volume's data in the
#   clear, and every volume restored from it is unencrypted too. A
#   snapshot is encrypted when its volume is; a copy can be encrypted
#   when it is made. Judged on snapshots a configuration declares: a live
#   scan inventories only the snapshots anyone may restore (which cannot
#   be encrypted, and aws-ec2-public-snapshot reports), and reports the
#   unencrypted volumes themselves (aws-ec2-volume-encrypted).
# related_resources:
#   - ref: https://docs.aws.amazon.com/ebs/latest/userguide/ebs-encryption.html
#   - ref: https://docs.aws.amazon.com/ebs/latest/userguide/ebs-copy-snapshot.html
# custom:
#   id: aws-ec2-snapshot-encrypted
#   severity: medium
#   resource_types: [aws.ec2.snapshot]
#   remediation: |-
#     Snapshot an encrypted volume instead, or copy the snapshot encrypted and delete the original:
#       aws ec2 copy-snapshot --source-snapshot-id <snap> --source-region <region> --encrypted --kms-key-id <key>
#     In Terraform, encrypt the source aws_ebs_volume (encrypted = true), or use aws_ebs_snapshot_copy with encrypted = true.
package vigil.rules.aws.ec2.snapshot_encrypted

import data.vigil.lib.aws
import rego.v1

deny contains {
	"msg": sprintf("EBS snapshot %s%s is not encrypted", [input.attributes.snapshot_id, of_volume]),
	"path": "encrypted",
} if {
	aws.declared
	aws.known("encrypted")
	not input.attributes.encrypted
}

of_volume := sprintf(" (of volume %s)", [input.attributes.volume_id]) if {
	input.attributes.volume_id
} else := ""
