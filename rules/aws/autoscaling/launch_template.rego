# METADATA
# title: Auto Scaling groups should launch from a launch template
# description: >-
#   Launch configurations are deprecated: they cannot use current
#   instance types, IMDSv2 defaults, mixed instance policies or
#   versioning, and AWS no longer adds features to them. A group launched
#   from a launch template gets all of these. AWS Security Hub control
#   AutoScaling.9.
# related_resources:
#   - ref: https://docs.aws.amazon.com/securityhub/latest/userguide/autoscaling-controls.html#autoscaling-9
# custom:
#   id: aws-autoscaling-launch-template
#   severity: medium
#   resource_types: [aws.autoscaling.group]
#   remediation: |-
#     aws autoscaling update-auto-scaling-group --auto-scaling-group-name <group> --launch-template LaunchTemplateId=<template>,Version='$Default'
#     Terraform: launch_template { id = aws_launch_template.<name>.id } instead of launch_configuration; CloudFormation: LaunchTemplate instead of LaunchConfigurationName
package vigil.rules.aws.autoscaling.launch_template

import data.vigil.lib.aws
import rego.v1

deny contains {
	"msg": sprintf("Auto Scaling group %s launches from launch configuration %s, not a launch template", [object.get(input, "name", ""), object.get(input.attributes, "launch_configuration_name", "(none)")]),
	"path": "launch_configuration_name",
} if {
	aws.known("uses_launch_template")
	not input.attributes.uses_launch_template
}
