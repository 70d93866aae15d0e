# METADATA
# title: EC2 instances managed by Systems Manager should be patch compliant
# description: >-
#   Patch Manager reports an instance NON_COMPLIANT when its patch baseline
#   says an approved patch is missing or failed to install: the instance
#   runs software with fixes available, often for exploited flaws. The
#   state is the one Systems Manager recorded at the last patch scan.
#   AWS Security Hub control SSM.2.
# related_resources:
#   - ref: https://docs.aws.amazon.com/securityhub/latest/userguide/ssm-controls.html#ssm-2
#   - ref: https://docs.aws.amazon.com/systems-manager/latest/userguide/compliance-about.html
# custom:
#   id: aws-ssm-patch-compliance
#   severity: high
#   resource_types: [aws.ec2.instance]
#   related_types: [aws.ssm.regional_settings]
#   remediation: |-
#     aws ssm send-command --document-name AWS-RunPatchBaseline --targets Key=InstanceIds,Values=<instance> --parameters Operation=Install
#     Or schedule it: a Patch Manager patch policy (Quick Setup) or a maintenance window running AWS-RunPatchBaseline with Operation=Install.
package vigil.rules.aws.ssm.patch_compliance

import rego.v1

deny contains {
	"msg": sprintf("EC2 instance %s is not patch compliant: Patch Manager reports missing or failed patches", [object.get(input.attributes, "instance_id", object.get(input, "name", ""))]),
	"path": "instance_id",
} if {
	some st in vigil.resources("aws.ssm.regional_settings")
	st.account == input.account
	st.region == input.region
	input.attributes.instance_id in object.get(st.attributes, "patch_non_compliant_ids", [])
}
