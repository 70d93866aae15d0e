# METADATA
# title: DynamoDB tables should have point-in-time recovery enabled
# description: >-
#   Without point-in-time recovery a table written over or emptied by a
#   bad deployment, a script or an attacker can be restored only from
#   whatever on-demand backup happens to exist. With it, the table can be
#   restored to any second of the last 35 days (or the recovery period
#   set). AWS Security Hub control DynamoDB.2.
# related_resources:
#   - ref: https://docs.aws.amazon.com/securityhub/latest/userguide/dynamodb-controls.html#dynamodb-2
# custom:
#   id: aws-dynamodb-point-in-time-recovery
#   severity: medium
#   resource_types: [aws.dynamodb.table]
#   remediation: |-
#     aws dynamodb update-continuous-backups --table-name <table> --point-in-time-recovery-specification PointInTimeRecoveryEnabled=true
#     Terraform: point_in_time_recovery { enabled = true }; CloudFormation: PointInTimeRecoverySpecification: {PointInTimeRecoveryEnabled: true}
package vigil.rules.aws.dynamodb.point_in_time_recovery

import data.vigil.lib.aws
import rego.v1

deny contains {
	"msg": sprintf("DynamoDB table %s has no point-in-time recovery", [object.get(input, "name", "")]),
	"path": "continuous_backups.point_in_time_recovery_description.point_in_time_recovery_status",
} if {
	aws.known("point_in_time_recovery")
	not input.attributes.point_in_time_recovery
}
