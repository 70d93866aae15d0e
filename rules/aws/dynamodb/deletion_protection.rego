# METADATA
# title: DynamoDB tables should have deletion protection enabled
# description: >-
#   A table without deletion protection goes with one DeleteTable call,
#   from a mistaken script, a Terraform plan that replaces it, or stolen
#   credentials; its point-in-time recovery goes with it after the
#   retention of the system backup. With protection on, deletion needs
#   a separate, deliberate change first. AWS Security Hub control
#   DynamoDB.6.
# related_resources:
#   - ref: https://docs.aws.amazon.com/securityhub/latest/userguide/dynamodb-controls.html#dynamodb-6
# custom:
#   id: aws-dynamodb-deletion-protection
#   severity: medium
#   resource_types: [aws.dynamodb.table]
#   remediation: |-
#     aws dynamodb update-table --table-name <table> --deletion-protection-enabled
#     Terraform: deletion_protection_enabled = true; CloudFormation: DeletionProtectionEnabled: true
package vigil.rules.aws.dynamodb.deletion_protection

import data.vigil.lib.aws
import rego.v1

deny contains {
	"msg": sprintf("DynamoDB table %s can be deleted without turning deletion protection off first", [object.get(input, "name", "")]),
	"path": "deletion_protection_enabled",
} if {
	aws.known("deletion_protected")
	not input.attributes.deletion_protected
}
