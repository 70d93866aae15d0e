# METADATA
# title: EBS snapshots must not be public
# description: >-
#   Anyone with an AWS account can create a volume from a public snapshot
#   and read every file on it: databases, keys, credentials left on disk.
#   Share snapshots with named accounts only.
# related_resources:
#   - ref: https://docs.aws.amazon.com/ebs/latest/userguide/ebs-modifying-snapshot-permissions.html
#   - ref: https://docs.aws.amazon.com/ebs/latest/userguide/block-public-access-snapshots.html
# custom:
#   id: aws-ec2-public-snapshot
#   severity: critical
#   resource_types: [aws.ec2.snapshot]
#   remediation: |-
#     aws ec2 modify-snapshot-attribute --snapshot-id <snap> --attribute createVolumePermission --operation-type remove --group-names all
#     and block it region-wide: aws ec2 enable-snapshot-block-public-access --state block-all-sharing --region <region>
package vigil.rules.aws.ec2.public_snapshot

import rego.v1

deny contains {
	"msg": sprintf("EBS snapshot %s (of volume %s) can be restored by anyone", [input.attributes.snapshot_id, object.get(input.attributes, "volume_id", "?")]),
	"path": "public",
} if {
	input.attributes.public
}
