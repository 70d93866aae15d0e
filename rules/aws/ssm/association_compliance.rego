# METADATA
# title: EC2 instances managed by Systems Manager should be association compliant
# description: >-
#   A State Manager association keeps an instance in a declared state
#   (agent versions, configuration, software). NON_COMPLIANT means the
#   last run of an association on the instance failed, so the instance is
#   not in the state the association declares. AWS Security Hub control
#   SSM.3.
# related_resources:
#   - ref: https://docs.aws.amazon.com/securityhub/latest/userguide/ssm-controls.html#ssm-3
#   - ref: https://docs.aws.amazon.com/systems-manager/latest/userguide/state-manager-associations.html
# custom:
#   id: aws-ssm-association-compliance
#   severity: low
#   resource_types: [aws.ec2.instance]
#   related_types: [aws.ssm.regional_settings]
#   remediation: |-
#     aws ssm list-compliance-items --resource-ids <instance> --resource-types ManagedInstance --filters Key=ComplianceType,Values=Association
#     Fix what the failed association reports, then: aws ssm start-associations-once --association-ids <association>
package vigil.rules.aws.ssm.association_compliance

import rego.v1

deny contains {
	"msg": sprintf("EC2 instance %s is not association compliant: a State Manager association failed on it", [object.get(input.attributes, "instance_id", object.get(input, "name", ""))]),
	"path": "instance_id",
} if {
	some st in vigil.resources("aws.ssm.regional_settings")
	st.account == input.account
	st.region == input.region
	input.attributes.instance_id in object.get(st.attributes, "association_non_compliant_ids", [])
}
