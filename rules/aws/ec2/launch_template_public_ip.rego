# METADATA
# title: EC2 launch templates should not assign public IP addresses
# description: >-
#   A launch template whose network interface asks for a public IPv4
#   address puts every instance launched from it (by hand, by an Auto
#   Scaling group, by a fleet) on the internet, with only its security
#   groups in the way. Instances that must be reachable are better put
#   behind a load balancer. The template's default version is judged: it
#   is what a launch that names no version gets. AWS Security Hub control
#   EC2.25.
# related_resources:
#   - ref: https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-25
# custom:
#   id: aws-ec2-launch-template-public-ip
#   severity: high
#   resource_types: [aws.ec2.launch_template]
#   remediation: |-
#     aws ec2 create-launch-template-version --launch-template-id <template> --source-version <default> --launch-template-data '{"NetworkInterfaces":[{"DeviceIndex":0,"AssociatePublicIpAddress":false}]}'
#     aws ec2 modify-launch-template --launch-template-id <template> --default-version <new version>
#     Terraform: network_interfaces { associate_public_ip_address = false }; CloudFormation: LaunchTemplateData.NetworkInterfaces[].AssociatePublicIpAddress: false
package vigil.rules.aws.ec2.launch_template_public_ip

import data.vigil.lib.aws
import rego.v1

deny contains {
	"msg": sprintf("launch template %s gives the instances it launches a public IP address", [object.get(input, "name", "")]),
	"path": "launch_template_data.network_interfaces",
} if {
	aws.known("assigns_public_ip")
	input.attributes.assigns_public_ip
}
