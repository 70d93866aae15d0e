# METADATA
# title: ECS task definitions should not share the host's process namespace
# description: >-
#   With pidMode host a task's containers see every process on the
#   container instance, other tasks' included, and can signal or trace
#   them: one compromised container reaches the whole host. AWS Security
#   Hub control ECS.3.
# related_resources:
#   - ref: https://docs.aws.amazon.com/securityhub/latest/userguide/ecs-controls.html#ecs-3
#   - ref: https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_definition_parameters.html#task_definition_pidmode
# custom:
#   id: aws-ecs-host-pid
#   severity: high
#   resource_types: [aws.ecs.task_definition]
#   remediation: |-
#     Register a new revision without "pidMode": "host" (use "task" to share processes
#     between the task's own containers) and update the services.
#     Terraform: pid_mode = "task" or omit it in aws_ecs_task_definition
#     CloudFormation: PidMode: task or omit it
package vigil.rules.aws.ecs.host_pid

import data.vigil.lib.aws
import rego.v1

deny contains {
	"msg": sprintf("task definition %s shares the host's process namespace (pidMode host)", [input.name]),
	"path": "pid_mode",
} if {
	aws.known("host_pid")
	input.attributes.host_pid
}
