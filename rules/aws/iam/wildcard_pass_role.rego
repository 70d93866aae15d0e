# METADATA
# title: IAM policies should not allow iam:PassRole on every role
# description: >-
#   iam:PassRole decides which roles a principal may hand to a service (an EC2
#   instance, a Lambda function, a CloudFormation stack). Allowed on "*", it
#   lets the holder run code under any role in the account, including
#   administrator roles: a privilege escalation path. Name the roles that may
#   be passed, and the services they may be passed to.
# related_resources:
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html
# custom:
#   id: aws-iam-wildcard-pass-role
#   severity: high
#   resource_types: [aws.iam.user, aws.iam.group, aws.iam.role, aws.iam.policy]
#   remediation: |-
#     Rewrite the statement to name the roles (and services) allowed, e.g.
#       {"Effect":"Allow","Action":"iam:PassRole","Resource":"arn:aws:iam::<account>:role/app-*",
#        "Condition":{"StringEquals":{"iam:PassedToService":"lambda.amazonaws.com"}}}
#     then update the inline or managed policy:
#       aws iam put-role-policy --role-name <role> --policy-name <name> --policy-document file://policy.json
#       aws iam create-policy-version --policy-arn <policy arn> --policy-document file://policy.json --set-as-default
package vigil.rules.aws.iam.wildcard_pass_role

import data.vigil.lib.aws
import rego.v1

# The inline policy list of the resource, when it was wholly read. The
# attribute names are literals so that the engine reads them as the rule's
# guards (an unread list makes the check inconclusive).
_inline := "user_policy_list" if {
	input.type == "aws.iam.user"
	aws.known("user_policy_list")
}

_inline := "group_policy_list" if {
	input.type == "aws.iam.group"
	aws.known("group_policy_list")
}

_inline := "role_policy_list" if {
	input.type == "aws.iam.role"
	aws.known("role_policy_list")
}

deny contains {
	"msg": sprintf("%s %s: inline policy %s allows iam:PassRole on every role", [_kind, input.name, p.policy_name]),
	"path": sprintf("%s[%d].policy_document.analysis.wildcard_pass_role", [list, i]),
} if {
	list := _inline
	some i, p in object.get(input.attributes, list, [])
	p.policy_document.analysis.wildcard_pass_role == true
	not p.policy_document.analysis.full_admin
}

# Full administrator policies are reported by aws-iam-full-admin-policy.
deny contains {
	"msg": sprintf("managed policy %s allows iam:PassRole on every role and is attached %d times", [input.name, input.attributes.attachment_count]),
	"path": "document.analysis.wildcard_pass_role",
} if {
	input.type == "aws.iam.policy"
	aws.known("document")
	input.attributes.document.analysis.wildcard_pass_role == true
	not input.attributes.document.analysis.full_admin
	input.attributes.attachment_count > 0
}

_kind := trim_prefix(input.type, "aws.iam.")
