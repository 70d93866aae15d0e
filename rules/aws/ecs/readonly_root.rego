# METADATA
# title: ECS containers should have a read-only root filesystem
# description: >-
#   A writable root filesystem lets an attacker who gets code execution in
#   a container drop tools and change its binaries. Mount volumes for the
#   paths the application must write. AWS Security Hub control ECS.5.
# related_resources:
#   - ref: https://docs.aws.amazon.com/securityhub/latest/userguide/ecs-controls.html#ecs-5
#   - ref: https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_definition_parameters.html#container_definition_storage
# custom:
#   id: aws-ecs-readonly-root-filesystem
#   severity: high
#   resource_types: [aws.ecs.task_definition]
#   remediation: |-
#     Register a new revision with "readonlyRootFilesystem": true on each container
#     (and volumes for the paths it writes), then update the services.
#     Terraform: readonlyRootFilesystem = true in each container of container_definitions
#     CloudFormation: ReadonlyRootFilesystem: true in each of ContainerDefinitions
package vigil.rules.aws.ecs.readonly_root

import data.vigil.lib.aws
import rego.v1

deny contains {
	"msg": sprintf("task definition %s: container %s has a writable root filesystem", [input.name, c]),
	"path": "container_definitions",
} if {
	aws.known("writable_root_containers")
	some c in input.attributes.writable_root_containers
}
