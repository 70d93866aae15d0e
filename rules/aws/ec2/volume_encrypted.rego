# METADATA
# title: EBS volumes should be encrypted
# description: >-
#   An unencrypted volume's data, and every snapshot taken from it, is
#   stored in the clear. Encrypted volumes keep data, snapshots and
#   traffic to the instance encrypted under a KMS key whose use is logged
#   and can be revoked. In a configuration, the volumes an instance
#   launches with (its root volume, ebs_block_device, BlockDeviceMappings)
#   are judged as volumes too, as a live scan reads them: unencrypted
#   unless encryption is asked for or a declared EBS encryption by default
#   covers them (an instance launched from an AMI whose snapshots are
#   encrypted gets an encrypted root volume anyway: accept it with an
#   exception).
# related_resources:
#   - ref: https://docs.aws.amazon.com/ebs/latest/userguide/ebs-encryption.html
# custom:
#   id: aws-ec2-volume-encrypted
#   severity: medium
#   resource_types: [aws.ec2.volume]
#   remediation: |-
#     Volumes cannot be encrypted in place: snapshot, copy encrypted, and swap:
#     aws ec2 create-snapshot --volume-id <vol>
#     aws ec2 copy-snapshot --source-snapshot-id <snap> --source-region <region> --encrypted --kms-key-id <key>
#     aws ec2 create-volume --snapshot-id <encrypted snap> --availability-zone <az>
#     then attach the new volume in place of the old one.
package vigil.rules.aws.ec2.volume_encrypted

import data.vigil.lib.aws
import rego.v1

deny contains {
	"msg": sprintf("EBS volume %s is not encrypted", [input.attributes.volume_id]),
	"path": "encrypted",
} if {
	aws.known("encrypted")
	not input.attributes.encrypted
}
