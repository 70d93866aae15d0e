# METADATA
# title: The IAM password policy should require at least 14 characters
# description: >-
#   Long passwords resist guessing and offline cracking far better than
#   complex short ones. Without an account password policy IAM accepts
#   passwords of 8 characters. The minimum is the rule parameter
#   min_password_length.
# related_resources:
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_passwords_account-policy.html
# custom:
#   id: aws-iam-password-min-length
#   severity: medium
#   resource_types: [aws.iam.account_settings]
#   remediation: |-
#     aws iam update-account-password-policy --minimum-password-length 14 \
#       --password-reuse-prevention 24 --require-symbols --require-numbers \
#       --require-uppercase-characters --require-lowercase-characters --allow-users-to-change-password
#     (update-account-password-policy replaces the whole policy: pass every setting you want to keep.)
package vigil.rules.aws.iam.password_min_length

import data.vigil.lib.aws
import rego.v1

_min := vigil.param(input, "min_password_length")

deny contains {
	"msg": sprintf("%s has no IAM password policy: passwords may be as short as 8 characters", [aws.account_name]),
	"path": "password_policy",
} if {
	aws.known("password_policy")
	not input.attributes.password_policy
}

deny contains {
	"msg": sprintf("the password policy of %s sets a minimum length of %d, below %d", [aws.account_name, n, _min]),
	"path": "password_policy.minimum_password_length",
} if {
	aws.known("password_policy")
	n := object.get(input.attributes.password_policy, "minimum_password_length", 0)
	n < _min
}
