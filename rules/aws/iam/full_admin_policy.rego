# METADATA
# title: Attached IAM policies should not grant full "*:*" administrator access
# description: >-
#   A policy that allows every action on every resource gives its holders the
#   power to do anything, including granting themselves more. Administrative
#   access should be scoped to what each job needs and held by few,
#   well-guarded roles.
# related_resources:
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege
#   - ref: https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetAccountAuthorizationDetails.html
# custom:
#   id: aws-iam-full-admin-policy
#   severity: high
#   resource_types: [aws.iam.policy]
#   remediation: |-
#     Find who holds the policy and detach it, or replace its document with scoped permissions:
#       aws iam list-entities-for-policy --policy-arn <policy arn>
#       aws iam detach-user-policy --user-name <user> --policy-arn <policy arn>
#       aws iam detach-group-policy --group-name <group> --policy-arn <policy arn>
#       aws iam detach-role-policy --role-name <role> --policy-arn <policy arn>
package vigil.rules.aws.iam.full_admin_policy

import data.vigil.lib.aws
import rego.v1

deny contains {
	"msg": sprintf("policy %s allows every action on every resource and is attached %d times", [input.name, input.attributes.attachment_count]),
	"path": "document.analysis.full_admin",
} if {
	aws.known("document")
	input.attributes.document.analysis.full_admin == true
	input.attributes.attachment_count > 0
}
