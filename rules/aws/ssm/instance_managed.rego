# METADATA
# title: Running EC2 instances should be managed by Systems Manager
# description: >-
#   An instance Systems Manager does not manage (no running agent, or no
#   instance profile that lets it register) cannot be patched, inventoried
#   or reached through Session Manager, so it drifts and is reached over
#   SSH instead. Only running instances are judged, against the managed
#   instances Systems Manager lists in the region; when that list could
#   not be read, nothing is judged. AWS Security Hub control SSM.1.
# related_resources:
#   - ref: https://docs.aws.amazon.com/securityhub/latest/userguide/ssm-controls.html#ssm-1
#   - ref: https://docs.aws.amazon.com/systems-manager/latest/userguide/managed_instances.html
# custom:
#   id: aws-ssm-instance-managed
#   severity: medium
#   resource_types: [aws.ec2.instance]
#   related_types: [aws.ssm.regional_settings]
#   remediation: |-
#     Attach an instance profile whose role has the AmazonSSMManagedInstanceCore policy and run the SSM Agent (preinstalled on Amazon Linux, Ubuntu and Windows AMIs):
#     aws ec2 associate-iam-instance-profile --instance-id <instance> --iam-instance-profile Name=<profile>
#     Or turn on Default Host Management Configuration: aws ssm update-service-setting --setting-id /ssm/managed-instance/default-ec2-instance-management-role --setting-value <role>
#     Terraform: iam_instance_profile = aws_iam_instance_profile.<ssm>.name
package vigil.rules.aws.ssm.instance_managed

import rego.v1

deny contains {
	"msg": sprintf("EC2 instance %s is not managed by Systems Manager", [object.get(input.attributes, "instance_id", object.get(input, "name", ""))]),
	"path": "instance_id",
} if {
	object.get(input.attributes, ["state", "name"], "running") == "running"
	some st in vigil.resources("aws.ssm.regional_settings")
	st.account == input.account
	st.region == input.region
	not "managed_instance_ids" in object.get(st.attributes, "unread", [])
	not input.attributes.instance_id in object.get(st.attributes, "managed_instance_ids", [])
}
