# METADATA
# title: Auto Scaling groups should span more than one Availability Zone
# description: >-
#   A group confined to one Availability Zone loses every instance when
#   that zone fails, and cannot launch replacements anywhere else. Across
#   two or more zones the group rebalances and keeps serving. AWS Security
#   Hub control AutoScaling.2.
# related_resources:
#   - ref: https://docs.aws.amazon.com/securityhub/latest/userguide/autoscaling-controls.html#autoscaling-2
# custom:
#   id: aws-autoscaling-multi-az
#   severity: medium
#   resource_types: [aws.autoscaling.group]
#   remediation: |-
#     aws autoscaling update-auto-scaling-group --auto-scaling-group-name <group> --vpc-zone-identifier "<subnet in zone a>,<subnet in zone b>"
#     Terraform: vpc_zone_identifier with subnets in two or more zones; CloudFormation: VPCZoneIdentifier likewise
package vigil.rules.aws.autoscaling.multi_az

import data.vigil.lib.aws
import rego.v1

deny contains {
	"msg": sprintf("Auto Scaling group %s spans %d Availability Zone(s)", [object.get(input, "name", ""), zones]),
	"path": "availability_zones",
} if {
	aws.known("zone_count")
	zones := object.get(input.attributes, "zone_count", 0)
	zones < 2
}
