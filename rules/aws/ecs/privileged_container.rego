# METADATA
# title: ECS containers should not be privileged
# description: >-
#   A privileged container has every Linux capability and the host's
#   devices: escaping to the container instance, and from there to every
#   task on it and the instance role, is trivial. AWS Security Hub
#   control ECS.4 (checked on each family's latest active revision).
# related_resources:
#   - ref: https://docs.aws.amazon.com/securityhub/latest/userguide/ecs-controls.html#ecs-4
#   - ref: https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_definition_parameters.html#container_definition_security
# custom:
#   id: aws-ecs-privileged-container
#   severity: high
#   resource_types: [aws.ecs.task_definition]
#   remediation: |-
#     Register a new revision without "privileged": true (add only the capabilities
#     the container needs under linuxParameters.capabilities.add), then update the
#     services to it: aws ecs register-task-definition --cli-input-json file://taskdef.json
#     Terraform: remove privileged = true from container_definitions
#     CloudFormation: remove Privileged: true from ContainerDefinitions
package vigil.rules.aws.ecs.privileged_container

import data.vigil.lib.aws
import rego.v1

deny contains {
	"msg": sprintf("task definition %s: container %s is privileged", [input.name, c]),
	"path": "container_definitions",
} if {
	aws.known("privileged_containers")
	some c in input.attributes.privileged_containers
}
