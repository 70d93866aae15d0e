# METADATA
# title: ECS task definitions in host network mode should not run containers as root
# description: >-
#   A container on the host's network that runs as root without being
#   declared privileged is an escalation nobody chose: root on the host's
#   network stack can sniff and bind any of the instance's traffic. Give
#   such containers a non-root user (or, if root is truly needed, declare
#   it explicitly). AWS Security Hub control ECS.1.
# related_resources:
#   - ref: https://docs.aws.amazon.com/securityhub/latest/userguide/ecs-controls.html#ecs-1
#   - ref: https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_definition_parameters.html#network_mode
# custom:
#   id: aws-ecs-host-network-root-user
#   severity: high
#   resource_types: [aws.ecs.task_definition]
#   remediation: |-
#     Register a new revision that sets "user": "<uid>:<gid>" (not root or 0) on each
#     container, or uses "networkMode": "awsvpc", and update the services.
#     Terraform: user = "1000:1000" in each container of container_definitions
#     CloudFormation: User: "1000:1000" in each of ContainerDefinitions
package vigil.rules.aws.ecs.host_network_root

import data.vigil.lib.aws
import rego.v1

deny contains {
	"msg": sprintf("task definition %s: container %s runs as root on the host network", [input.name, c]),
	"path": "container_definitions",
} if {
	aws.known("host_network_root_containers")
	some c in input.attributes.host_network_root_containers
}
