# METADATA
# title: ECS task definitions should mount EFS volumes with transit encryption
# description: >-
#   Without transit encryption an EFS volume's NFS traffic between the
#   task and the file system crosses the network in clear text. AWS
#   Security Hub control ECS.18.
# related_resources:
#   - ref: https://docs.aws.amazon.com/securityhub/latest/userguide/ecs-controls.html#ecs-18
#   - ref: https://docs.aws.amazon.com/AmazonECS/latest/developerguide/efs-volumes.html
# custom:
#   id: aws-ecs-efs-transit-encryption
#   severity: medium
#   resource_types: [aws.ecs.task_definition]
#   remediation: |-
#     Register a new revision whose EFS volumes set "transitEncryption": "ENABLED", then
#     update the services.
#     Terraform: efs_volume_configuration { transit_encryption = "ENABLED" } in the volume block
#     CloudFormation: EFSVolumeConfiguration: {TransitEncryption: ENABLED}
package vigil.rules.aws.ecs.efs_transit_encryption

import data.vigil.lib.aws
import rego.v1

deny contains {
	"msg": sprintf("task definition %s: EFS volume %s is mounted without transit encryption", [input.name, v]),
	"path": "volumes",
} if {
	aws.known("efs_volumes_without_transit_encryption")
	some v in input.attributes.efs_volumes_without_transit_encryption
}
