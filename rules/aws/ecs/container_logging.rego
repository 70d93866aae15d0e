# METADATA
# title: ECS containers should have a logging configuration
# description: >-
#   A container without a log driver keeps its output only on the
#   instance (or nowhere, on Fargate): what it did is lost with the task.
#   AWS Security Hub control ECS.9.
# related_resources:
#   - ref: https://docs.aws.amazon.com/securityhub/latest/userguide/ecs-controls.html#ecs-9
#   - ref: https://docs.aws.amazon.com/AmazonECS/latest/developerguide/using_awslogs.html
# custom:
#   id: aws-ecs-container-logging
#   severity: high
#   resource_types: [aws.ecs.task_definition]
#   remediation: |-
#     Register a new revision with a logConfiguration on each container, e.g.
#       "logConfiguration": {"logDriver": "awslogs", "options": {"awslogs-group": "/ecs/<family>",
#         "awslogs-region": "<region>", "awslogs-stream-prefix": "<family>"}}
#     Terraform: logConfiguration = { logDriver = "awslogs", options = {...} } in container_definitions
#     CloudFormation: LogConfiguration: {LogDriver: awslogs, Options: {...}}
package vigil.rules.aws.ecs.container_logging

import data.vigil.lib.aws
import rego.v1

deny contains {
	"msg": sprintf("task definition %s: container %s has no logging configuration", [input.name, c]),
	"path": "container_definitions",
} if {
	aws.known("unlogged_containers")
	some c in input.attributes.unlogged_containers
}
