# METADATA
# title: EC2 launch templates should not turn EBS encryption off
# description: >-
#   A launch template whose block device mapping sets encrypted to false
#   creates that volume unencrypted on every instance it launches, unless
#   the region encrypts new volumes by default, so data at rest and the
#   volume's snapshots are readable by anyone who gets a copy. Leaving the
#   flag unset follows the snapshot and the region's default
#   (aws-ec2-ebs-default-encryption). AWS Security Hub control EC2.181.
# related_resources:
#   - ref: https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-181
# custom:
#   id: aws-ec2-launch-template-ebs-encryption
#   severity: medium
#   resource_types: [aws.ec2.launch_template]
#   remediation: |-
#     aws ec2 create-launch-template-version --launch-template-id <template> --source-version <default> --launch-template-data '{"BlockDeviceMappings":[{"DeviceName":"<device>","Ebs":{"Encrypted":true}}]}'
#     aws ec2 modify-launch-template --launch-template-id <template> --default-version <new version>
#     Terraform: block_device_mappings { ebs { encrypted = "true" } }; CloudFormation: LaunchTemplateData.BlockDeviceMappings[].Ebs.Encrypted: true
package vigil.rules.aws.ec2.launch_template_ebs_encryption

import data.vigil.lib.aws
import rego.v1

deny contains {
	"msg": sprintf("launch template %s creates EBS volume %s unencrypted", [object.get(input, "name", ""), device]),
	"path": "launch_template_data.block_device_mappings",
} if {
	aws.known("unencrypted_volumes")
	some device in object.get(input.attributes, "unencrypted_volumes", [])
}
