# METADATA
# title: IAM policies should not grant every action of a service on every resource
# description: >-
#   A statement such as "Action": "s3:*" with "Resource": "*" gives its
#   holder every present and future action of the service on all of the
#   account's resources of that service: deleting them, changing their
#   policies and encryption, reading all their data. Grant the actions the
#   job uses ("s3:GetObject", or a prefix like "ec2:Describe*") on the
#   resources it uses. Customer managed policies (attached or not, as AWS
#   Foundational Security Best Practices IAM.21 checks them) and the inline
#   policies of users, groups and roles are checked; AWS managed policies
#   are not. Only Allow statements without a condition are counted. A
#   policy granting "*" on "*" is reported as full administrator access
#   (aws-iam-full-admin-policy, aws-iam-inline-full-admin) and not here,
#   nor is a principal one of whose inline policies does so.
# related_resources:
#   - ref: https://docs.aws.amazon.com/securityhub/latest/userguide/iam-controls.html#iam-21
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege
# custom:
#   id: aws-iam-service-wildcard
#   severity: medium
#   resource_types: [aws.iam.policy, aws.iam.user, aws.iam.group, aws.iam.role]
#   remediation: |-
#     Replace each "<service>:*" on "*" with the actions and resources used (IAM Access
#     Analyzer can generate a policy from CloudTrail activity), e.g.
#       {"Effect":"Allow","Action":["s3:GetObject","s3:PutObject"],"Resource":"arn:aws:s3:::app-data/*"}
#     A managed policy gets a new default version:
#       aws iam create-policy-version --policy-arn <policy arn> --policy-document file://scoped.json --set-as-default
#     an inline policy a new document:
#       aws iam put-role-policy --role-name <role> --policy-name <name> --policy-document file://scoped.json
#     (put-user-policy --user-name, put-group-policy --group-name). In Terraform, change the
#     policy of the aws_iam_policy or aws_iam_role_policy (user, group) or the role's
#     inline_policy block; in CloudFormation, the AWS::IAM::ManagedPolicy, AWS::IAM::Policy or
#     the Policies entry.
package vigil.rules.aws.iam.service_wildcard

import data.vigil.lib.aws
import rego.v1

deny contains {
	"msg": sprintf("policy %s grants every action of %s on every resource", [input.name, concat(", ", d.analysis.service_wildcards)]),
	"path": "document.analysis.service_wildcards",
} if {
	input.type == "aws.iam.policy"
	not input.attributes.aws_managed
	aws.known("document")
	d := input.attributes.document
	d.analysis.full_admin == false
	count(d.analysis.service_wildcards) > 0
}

# The attribute holding the inline policies of each type.
_lists := {"aws.iam.user": "user_policy_list", "aws.iam.group": "group_policy_list", "aws.iam.role": "role_policy_list"}

deny contains {
	"msg": sprintf("%s %s: inline policy %s grants every action of %s on every resource", [trim_prefix(input.type, "aws.iam."), input.name, _label(p, i), concat(", ", p.policy_document.analysis.service_wildcards)]),
	"path": sprintf("%s[%d].policy_document.analysis.service_wildcards", [list, i]),
} if {
	list := _lists[input.type]
	policies := object.get(input.attributes, list, [])
	not _any_full_admin(policies)
	some i, p in policies
	count(object.get(p.policy_document.analysis, "service_wildcards", [])) > 0
}

_any_full_admin(policies) if {
	some p in policies
	p.policy_document.analysis.full_admin == true
}

# An inline policy is named by its name, or by its position when the name
# is known only after deployment.
_label(p, i) := p.policy_name if p.policy_name != ""

else := sprintf("#%d", [i])
