# METADATA
# title: The root user should not be used for everyday work
# description: >-
#   The root user should only sign in for the few tasks that require it.
#   Recent use of its password or access keys suggests it is being used for
#   routine administration, where an IAM role with narrower, logged and
#   revocable permissions should be used instead. Recent is within the rule
#   parameter root_use_window_days (default 90).
# related_resources:
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/root-user-tasks.html
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_getting-report.html
# custom:
#   id: aws-iam-root-recent-use
#   severity: medium
#   resource_types: [aws.iam.account_settings]
#   remediation: |-
#     Find out who used the root user and why (CloudTrail events with
#     userIdentity.type = Root), move that work to IAM roles, and keep the root
#     credentials locked away:
#       aws iam generate-credential-report && aws iam get-credential-report \
#         --query Content --output text | base64 -d | grep '<root_account>'
package vigil.rules.aws.iam.root_recent_use

import data.vigil.lib.aws
import rego.v1

_window := vigil.param(input, "root_use_window_days")

deny contains {
	"msg": sprintf("account %s: the root user's %s was used %d days ago, within the last %d", [input.account, _what[k], days, _window]),
	"path": concat(".", ["root", k]),
} if {
	aws.known("root")
	some k in object.keys(_what)
	days := input.attributes.root[k]
	days < _window
}

_what := {
	"password_last_used_days": "password",
	"access_key_1_last_used_days": "access key 1",
	"access_key_2_last_used_days": "access key 2",
}
