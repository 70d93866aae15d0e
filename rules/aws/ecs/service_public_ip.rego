# METADATA
# title: ECS services and task sets should not assign public IP addresses
# description: >-
#   A task with a public IP address is reachable from the internet on
#   every port its security groups open, and it bypasses the load
#   balancer, WAF and NAT that usually stand in front of it. Tasks that
#   need outbound internet access should use a NAT gateway; inbound
#   traffic should come through a load balancer. AWS Security Hub
#   controls ECS.2 (services) and ECS.16 (task sets).
# related_resources:
#   - ref: https://docs.aws.amazon.com/securityhub/latest/userguide/ecs-controls.html#ecs-2
#   - ref: https://docs.aws.amazon.com/securityhub/latest/userguide/ecs-controls.html#ecs-16
#   - ref: https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-networking-awsvpc.html
# custom:
#   id: aws-ecs-service-public-ip
#   severity: high
#   resource_types: [aws.ecs.service]
#   remediation: |-
#     aws ecs update-service --cluster <cluster> --service <service> \
#       --network-configuration 'awsvpcConfiguration={subnets=[<private-subnet>],securityGroups=[<sg>],assignPublicIp=DISABLED}'
#     (a task set cannot be changed: create a new one with assignPublicIp=DISABLED and delete the old)
#     Terraform: network_configuration { assign_public_ip = false } in aws_ecs_service and aws_ecs_task_set
#     CloudFormation: NetworkConfiguration: {AwsvpcConfiguration: {AssignPublicIp: DISABLED}}
package vigil.rules.aws.ecs.service_public_ip

import data.vigil.lib.aws
import rego.v1

deny contains {
	"msg": sprintf("service %s assigns a public IP address to its tasks", [input.name]),
	"path": "network_configuration.awsvpc_configuration.assign_public_ip",
} if {
	aws.known("assigns_public_ip")
	input.attributes.assigns_public_ip
}

deny contains {
	"msg": sprintf("service %s: task set %s assigns a public IP address to its tasks", [input.name, id]),
	"path": "task_sets",
} if {
	aws.known("public_ip_task_sets")
	some id in input.attributes.public_ip_task_sets
}
