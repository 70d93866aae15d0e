# METADATA
# title: ECS task definitions should not use the host network mode
# description: >-
#   In host network mode a task's containers share the container
#   instance's network stack: they can reach the instance metadata service
#   and every port the host listens on, and their own ports cannot be
#   isolated by security groups per task. Use awsvpc. AWS Security Hub
#   control ECS.17.
# related_resources:
#   - ref: https://docs.aws.amazon.com/securityhub/latest/userguide/ecs-controls.html#ecs-17
#   - ref: https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-networking.html
# custom:
#   id: aws-ecs-host-network
#   severity: medium
#   resource_types: [aws.ecs.task_definition]
#   remediation: |-
#     Register a new revision with "networkMode": "awsvpc" and update the services
#     (they then need a network configuration with subnets and security groups).
#     Terraform: network_mode = "awsvpc" in aws_ecs_task_definition
#     CloudFormation: NetworkMode: awsvpc
package vigil.rules.aws.ecs.host_network

import data.vigil.lib.aws
import rego.v1

deny contains {
	"msg": sprintf("task definition %s uses the host network mode", [input.name]),
	"path": "network_mode",
} if {
	aws.known("host_network")
	input.attributes.host_network
}
