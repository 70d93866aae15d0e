# METADATA
# title: Auto Scaling launch configurations should not assign public IP addresses
# description: >-
#   A launch configuration with associate_public_ip_address true puts
#   every instance the group launches on the internet, with only its
#   security groups in the way. Put the instances in private subnets
#   behind a load balancer instead. AWS Security Hub control
#   AutoScaling.5.
# related_resources:
#   - ref: https://docs.aws.amazon.com/securityhub/latest/userguide/autoscaling-controls.html#autoscaling-5
# custom:
#   id: aws-autoscaling-launch-config-public-ip
#   severity: high
#   resource_types: [aws.autoscaling.launch_configuration]
#   remediation: |-
#     Launch configurations cannot be changed: create a launch template (better) or a new configuration with aws autoscaling create-launch-configuration ... --no-associate-public-ip-address, and point the group at it.
#     Terraform: associate_public_ip_address = false; CloudFormation: AssociatePublicIpAddress: false
package vigil.rules.aws.autoscaling.launch_config_public_ip

import data.vigil.lib.aws
import rego.v1

deny contains {
	"msg": sprintf("launch configuration %s gives the instances it launches a public IP address", [object.get(input, "name", "")]),
	"path": "associate_public_ip_address",
} if {
	aws.known("assigns_public_ip")
	input.attributes.assigns_public_ip
}
