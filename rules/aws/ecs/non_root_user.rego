# METADATA
# title: ECS containers should run as a non-root user
# description: >-
#   A container without a user runs as its image's user, root for most
#   images; root in a container is one kernel bug away from root on the
#   host. On Linux the user must be set and not root or UID 0; on Windows
#   it must be set and not ContainerAdministrator. AWS Security Hub
#   controls ECS.20 (Linux) and ECS.21 (Windows).
# related_resources:
#   - ref: https://docs.aws.amazon.com/securityhub/latest/userguide/ecs-controls.html#ecs-20
#   - ref: https://docs.aws.amazon.com/securityhub/latest/userguide/ecs-controls.html#ecs-21
#   - ref: https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_definition_parameters.html#container_definition_security
# custom:
#   id: aws-ecs-non-root-user
#   severity: medium
#   resource_types: [aws.ecs.task_definition]
#   remediation: |-
#     Register a new revision with "user": "<uid>:<gid>" (Linux) or "user": "ContainerUser"
#     (Windows) on each container, then update the services.
#     Terraform: user = "1000:1000" in each container of container_definitions
#     CloudFormation: User: "1000:1000" in each of ContainerDefinitions
package vigil.rules.aws.ecs.non_root_user

import data.vigil.lib.aws
import rego.v1

deny contains {
	"msg": sprintf("task definition %s: container %s runs as root (no user, root or the administrator)", [input.name, c]),
	"path": "container_definitions",
} if {
	aws.known("root_containers")
	some c in input.attributes.root_containers
}
