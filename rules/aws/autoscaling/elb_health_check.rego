# METADATA
# title: Auto Scaling groups behind a load balancer should use its health checks
# description: >-
#   A group that registers its instances with a load balancer but replaces
#   them only on EC2 status checks keeps an instance whose application has
#   stopped answering: the load balancer takes it out of service and the
#   group never replaces it, so capacity shrinks silently. With ELB (or
#   VPC Lattice) health checks the group replaces what the load balancer
#   finds unhealthy. AWS Security Hub control AutoScaling.1.
# related_resources:
#   - ref: https://docs.aws.amazon.com/securityhub/latest/userguide/autoscaling-controls.html#autoscaling-1
# custom:
#   id: aws-autoscaling-elb-health-check
#   severity: low
#   resource_types: [aws.autoscaling.group]
#   remediation: |-
#     aws autoscaling update-auto-scaling-group --auto-scaling-group-name <group> --health-check-type ELB --health-check-grace-period 300
#     Terraform: health_check_type = "ELB"; CloudFormation: HealthCheckType: ELB
package vigil.rules.aws.autoscaling.elb_health_check

import data.vigil.lib.aws
import rego.v1

deny contains {
	"msg": sprintf("Auto Scaling group %s is behind a load balancer but replaces instances on EC2 status checks only (health_check_type %s)", [object.get(input, "name", ""), object.get(input.attributes, "health_check_type", "EC2")]),
	"path": "health_check_type",
} if {
	aws.known("load_balanced")
	aws.known("elb_health_check")
	input.attributes.load_balanced
	not input.attributes.elb_health_check
}
