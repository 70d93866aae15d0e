# METADATA
# title: Subnets should not give instances public IP addresses by default
# description: >-
#   A subnet that maps a public IPv4 address on launch puts every instance
#   started in it on the internet, whether or not whoever launched it meant
#   to; only its security groups stand in the way. Instances that must be
#   reachable can ask for an address (or an Elastic IP) explicitly. Public
#   subnets meant for load balancers, bastions or NAT instances do this on
#   purpose: accept them with an exception, or better, launch into them
#   only what needs an address. (AWS Foundational Security Best Practices
#   EC2.15.)
# related_resources:
#   - ref: https://docs.aws.amazon.com/vpc/latest/userguide/subnet-public-ip.html
# custom:
#   id: aws-ec2-subnet-public-ip
#   severity: low
#   resource_types: [aws.ec2.subnet]
#   remediation: |-
#     aws ec2 modify-subnet-attribute --subnet-id <subnet> --no-map-public-ip-on-launch
#     In Terraform, map_public_ip_on_launch = false (the default of aws_subnet); in CloudFormation, MapPublicIpOnLaunch: false.
package vigil.rules.aws.ec2.subnet_public_ip

import data.vigil.lib.aws
import rego.v1

deny contains {
	"msg": sprintf("subnet %s gives every instance launched in it a public IP address", [input.attributes.subnet_id]),
	"path": "map_public_ip_on_launch",
} if {
	aws.known("map_public_ip_on_launch")
	input.attributes.map_public_ip_on_launch
}
