# METADATA
# title: AWSCloudShellFullAccess should not be granted
# description: >-
#   The AWS managed AWSCloudShellFullAccess policy lets its holders upload
#   and download files to and from their CloudShell environment, a path for
#   moving data or tools in and out of the account outside other controls.
#   Grant a narrower custom policy to those who need CloudShell. Before
#   deployment, each declared user, group or role it is attached to is
#   reported.
# related_resources:
#   - ref: https://docs.aws.amazon.com/cloudshell/latest/userguide/sec-auth-with-identities.html
#   - ref: https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSCloudShellFullAccess.html
# custom:
#   id: aws-iam-cloudshell-full-access
#   severity: medium
#   resource_types: [aws.iam.account_settings, aws.iam.user, aws.iam.group, aws.iam.role]
#   remediation: |-
#     aws iam list-entities-for-policy --policy-arn arn:aws:iam::aws:policy/AWSCloudShellFullAccess
#     aws iam detach-group-policy --group-name <group> --policy-arn arn:aws:iam::aws:policy/AWSCloudShellFullAccess
#     aws iam detach-user-policy --user-name <user> --policy-arn arn:aws:iam::aws:policy/AWSCloudShellFullAccess
#     aws iam detach-role-policy --role-name <role> --policy-arn arn:aws:iam::aws:policy/AWSCloudShellFullAccess
package vigil.rules.aws.iam.cloudshell_full_access

import data.vigil.lib.aws
import rego.v1

deny contains {
	"msg": sprintf("account %s: AWSCloudShellFullAccess is attached to %s", [input.account, concat(", ", holders)]),
	"path": "cloudshell_full_access_entities",
} if {
	input.type == "aws.iam.account_settings"
	aws.known("cloudshell_full_access_entities")
	e := input.attributes.cloudshell_full_access_entities
	e.count > 0
	holders := array.concat(
		array.concat([sprintf("user %s", [u]) | some u in object.get(e, "users", [])], [sprintf("group %s", [g]) | some g in object.get(e, "groups", [])]),
		[sprintf("role %s", [r]) | some r in object.get(e, "roles", [])],
	)
}

# A configuration declares its own users, groups and roles, not the
# account's others, which a live scan lists.
deny contains {
	"msg": sprintf("AWSCloudShellFullAccess is attached to %s %s", [_kind[input.type], input.name]),
	"path": sprintf("attached_managed_policies[%d]", [i]),
} if {
	input.type in {"aws.iam.user", "aws.iam.group", "aws.iam.role"}
	aws.declared
	some i, p in input.attributes.attached_managed_policies
	endswith(p.policy_arn, ":iam::aws:policy/AWSCloudShellFullAccess")
}

_kind := {"aws.iam.user": "user", "aws.iam.group": "group", "aws.iam.role": "role"}
