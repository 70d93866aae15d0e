# METADATA
# title: Auto Scaling launch configurations should require IMDSv2
# description: >-
#   Instances an Auto Scaling group launches from a configuration without
#   http_tokens required accept IMDSv1, whose plain GET requests let a
#   server-side request forgery read the instance role's credentials. A
#   configuration without metadata options allows IMDSv1. AWS Security Hub
#   control AutoScaling.3.
# related_resources:
#   - ref: https://docs.aws.amazon.com/securityhub/latest/userguide/autoscaling-controls.html#autoscaling-3
# custom:
#   id: aws-autoscaling-launch-config-imdsv2
#   severity: high
#   resource_types: [aws.autoscaling.launch_configuration]
#   remediation: |-
#     Launch configurations cannot be changed: create a launch template (better) or a new configuration with aws autoscaling create-launch-configuration ... --metadata-options HttpTokens=required,HttpEndpoint=enabled, and point the group at it.
#     Terraform: metadata_options { http_tokens = "required" }; CloudFormation: MetadataOptions.HttpTokens: required
package vigil.rules.aws.autoscaling.launch_config_imdsv2

import data.vigil.lib.aws
import rego.v1

deny contains {
	"msg": sprintf("launch configuration %s lets the instances it launches accept IMDSv1 requests (http_tokens %s)", [object.get(input, "name", ""), object.get(input.attributes, ["metadata_options", "http_tokens"], "unset")]),
	"path": "metadata_options.http_tokens",
} if {
	aws.known("imdsv2_required")
	not input.attributes.imdsv2_required
}
