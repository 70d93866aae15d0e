# METADATA
# title: Auto Scaling groups should be able to launch more than one instance type
# description: >-
#   A group limited to one instance type cannot launch anything when that
#   type runs short in a zone, which happens with Spot capacity and during
#   regional events. A mixed instances policy with two or more types (or
#   attribute-based selection) lets it fall back. AWS Security Hub control
#   AutoScaling.6.
# related_resources:
#   - ref: https://docs.aws.amazon.com/securityhub/latest/userguide/autoscaling-controls.html#autoscaling-6
# custom:
#   id: aws-autoscaling-multiple-instance-types
#   severity: medium
#   resource_types: [aws.autoscaling.group]
#   remediation: |-
#     aws autoscaling update-auto-scaling-group --auto-scaling-group-name <group> --mixed-instances-policy file://policy.json (a launch template with two or more Overrides instance types)
#     Terraform: mixed_instances_policy { launch_template { override { instance_type = "m6i.large" } override { instance_type = "m7i.large" } } }; CloudFormation: MixedInstancesPolicy.LaunchTemplate.Overrides
package vigil.rules.aws.autoscaling.multiple_instance_types

import data.vigil.lib.aws
import rego.v1

deny contains {
	"msg": sprintf("Auto Scaling group %s can launch only one instance type", [object.get(input, "name", "")]),
	"path": "mixed_instances_policy",
} if {
	aws.known("instance_type_count")
	object.get(input.attributes, "instance_type_count", 0) < 2
}
