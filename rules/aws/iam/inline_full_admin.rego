# METADATA
# title: Inline IAM policies should not grant full "*:*" administrator access
# description: >-
#   An inline policy is embedded in one user, group or role and is listed
#   with it, not among the account's policies, so an inline statement that
#   allows every action on every resource without a condition is an
#   administrator grant that reviews of managed policies miss. Its holder can
#   do anything, including granting itself more. Managed policies are checked
#   by aws-iam-full-admin-policy. This rule is not mapped to the CIS control
#   on "*:*" policies: that control audits the managed policies that are
#   attached (list-policies --only-attached) and is remedied by detaching
#   them, which an inline policy cannot be. Service-linked roles are
#   evaluated like any role: their policies are set by the service that owns
#   them, so a finding there is changed through that service, not in IAM.
#   When some inline policies of a principal could not be read (denied or
#   unparsable in a live scan, known only after deployment in IaC), those
#   that were read are still checked, and a principal without a finding is
#   reported inconclusive.
# related_resources:
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_managed-vs-inline.html#inline-policies
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege
#   - ref: https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetAccountAuthorizationDetails.html
# custom:
#   id: aws-iam-inline-full-admin
#   severity: high
#   resource_types: [aws.iam.user, aws.iam.group, aws.iam.role]
#   remediation: |-
#     Replace the inline policy's "Action": "*" / "Resource": "*" statement with the actions and
#     resources the principal uses (IAM Access Analyzer can generate one from CloudTrail), e.g.
#       {"Version":"2012-10-17","Statement":[{"Effect":"Allow",
#         "Action":["s3:GetObject","s3:PutObject"],"Resource":"arn:aws:s3:::app-data/*"}]}
#     then put it in place of the old document, or delete the inline policy:
#       aws iam put-role-policy --role-name <role> --policy-name <name> --policy-document file://scoped.json
#       aws iam delete-role-policy --role-name <role> --policy-name <name>
#     (put-user-policy / delete-user-policy --user-name for users, put-group-policy /
#     delete-group-policy --group-name for groups). In Terraform, change the policy of the
#     aws_iam_role_policy (aws_iam_user_policy, aws_iam_group_policy) or the role's inline_policy
#     block; in CloudFormation, the Policies entry or the AWS::IAM::Policy; in SAM, the function's
#     Policies statement.
package vigil.rules.aws.iam.inline_full_admin

import data.vigil.lib.aws
import rego.v1

# The attribute holding the inline policies of each type.
_lists := {"aws.iam.user": "user_policy_list", "aws.iam.group": "group_policy_list", "aws.iam.role": "role_policy_list"}

deny contains {
	"msg": sprintf("%s %s: inline policy %s allows every action on every resource%s", [_kind, input.name, _label(p, i), _partly_read]),
	"path": sprintf("%s[%d].policy_document.analysis.full_admin", [list, i]),
} if {
	list := _lists[input.type]
	some i, p in object.get(input.attributes, list, [])
	p.policy_document.analysis.full_admin == true
}

_kind := trim_prefix(input.type, "aws.iam.")

# An inline policy is named by its name, or by its position when the name
# is known only after deployment.
_label(p, i) := p.policy_name if p.policy_name != ""

else := sprintf("#%d", [i])

# A document that was read and grants everything is a finding whatever
# its unread siblings hold; the message says the list is incomplete. The
# aws.known guards name each list, so that a principal whose list was not
# wholly read and that has no finding is reported inconclusive.
default _partly_read := ""

_partly_read := " (not all of its inline policies could be read)" if not _all_read

_all_read if {
	input.type == "aws.iam.user"
	aws.known("user_policy_list")
}

_all_read if {
	input.type == "aws.iam.group"
	aws.known("group_policy_list")
}

_all_read if {
	input.type == "aws.iam.role"
	aws.known("role_policy_list")
}
