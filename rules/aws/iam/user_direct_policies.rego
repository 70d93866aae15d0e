# METADATA
# title: IAM users should get permissions only through groups
# description: >-
#   Policies attached to individual users are hard to review and tend to
#   linger after the person's role changes. Granting permissions through
#   groups (or, better, roles) keeps access consistent and auditable.
# related_resources:
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/id_groups_manage_attach-policy.html
# custom:
#   id: aws-iam-user-direct-policies
#   severity: low
#   resource_types: [aws.iam.user]
#   remediation: |-
#     Put the user in a group that carries the permissions, then remove the user's own policies:
#       aws iam add-user-to-group --group-name <group> --user-name <user>
#       aws iam detach-user-policy --user-name <user> --policy-arn <policy arn>
#       aws iam delete-user-policy --user-name <user> --policy-name <inline policy name>
package vigil.rules.aws.iam.user_direct_policies

import data.vigil.lib.aws
import rego.v1

deny contains {
	"msg": sprintf("IAM user %s has %d policies attached directly (managed or inline)", [input.name, input.attributes.direct_policies]),
	"path": "direct_policies",
} if {
	aws.known("user_policy_list")
	input.attributes.direct_policies > 0
}
