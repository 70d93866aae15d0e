# METADATA
# title: The IAM password policy should prevent reusing the last 24 passwords
# description: >-
#   When users may cycle back to an old password, a password that leaked
#   once stays useful to an attacker. Remembering the last 24 passwords stops
#   that. The number is the rule parameter password_reuse_prevention.
# related_resources:
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_passwords_account-policy.html
# custom:
#   id: aws-iam-password-reuse-prevention
#   severity: medium
#   resource_types: [aws.iam.account_settings]
#   remediation: |-
#     aws iam update-account-password-policy --password-reuse-prevention 24 --minimum-password-length 14
#     (update-account-password-policy replaces the whole policy: pass every setting you want to keep.)
package vigil.rules.aws.iam.password_reuse_prevention

import data.vigil.lib.aws
import rego.v1

_min := vigil.param(input, "password_reuse_prevention")

deny contains {
	"msg": sprintf("%s has no IAM password policy: IAM users may reuse old passwords", [aws.account_name]),
	"path": "password_policy",
} if {
	aws.known("password_policy")
	not input.attributes.password_policy
}

deny contains {
	"msg": sprintf("the password policy of %s remembers %d previous passwords, fewer than %d", [aws.account_name, n, _min]),
	"path": "password_policy.password_reuse_prevention",
} if {
	aws.known("password_policy")
	n := object.get(input.attributes.password_policy, "password_reuse_prevention", 0)
	n < _min
}
