# METADATA
# title: Cognito user pools should require strong passwords
# description: >-
#   A user pool's password policy is all that stands between its users'
#   accounts and password guessing when MFA is optional. Passwords should
#   be at least cognito_min_password_length characters (8 by default, as
#   FSBP's default), mix upper and lower case, numbers and symbols, and
#   temporary passwords an administrator sets should expire within seven
#   days. AWS Security Hub control Cognito.3.
# related_resources:
#   - ref: https://docs.aws.amazon.com/securityhub/latest/userguide/cognito-controls.html#cognito-3
#   - ref: https://docs.aws.amazon.com/cognito/latest/developerguide/managing-users-passwords.html
# custom:
#   id: aws-cognito-password-policy
#   severity: medium
#   resource_types: [aws.cognito.user_pool]
#   remediation: |-
#     aws cognito-idp update-user-pool --user-pool-id <pool> --policies 'PasswordPolicy={MinimumLength=12,RequireUppercase=true,RequireLowercase=true,RequireNumbers=true,RequireSymbols=true,TemporaryPasswordValidityDays=7}'
#     (update-user-pool resets settings it is not given: pass the pool's current settings too)
#     Terraform: password_policy { minimum_length = 12; require_lowercase = true; require_uppercase = true; require_numbers = true; require_symbols = true; temporary_password_validity_days = 7 }
#     CloudFormation: Policies: { PasswordPolicy: { MinimumLength: 12, RequireLowercase: true, RequireUppercase: true, RequireNumbers: true, RequireSymbols: true, TemporaryPasswordValidityDays: 7 } }
package vigil.rules.aws.cognito.password_policy

import data.vigil.lib.aws
import rego.v1

_min_length := vigil.param(input, "cognito_min_password_length")

_policy := object.get(input.attributes, ["policies", "password_policy"], {})

weaknesses contains sprintf("a minimum length of %d, below %d", [n, _min_length]) if {
	n := object.get(_policy, "minimum_length", 0)
	n < _min_length
}

weaknesses contains sprintf("no %s required", [what]) if {
	some field, what in {
		"require_uppercase": "uppercase letter",
		"require_lowercase": "lowercase letter",
		"require_numbers": "number",
		"require_symbols": "symbol",
	}
	not _policy[field]
}

weaknesses contains sprintf("temporary passwords valid %d days, more than 7", [days]) if {
	days := object.get(_policy, "temporary_password_validity_days", 7)
	days > 7
}

deny contains {
	"msg": sprintf("Cognito user pool %s has a weak password policy: %s", [object.get(input, "name", ""), concat("; ", sort(weaknesses))]),
	"path": "policies.password_policy",
} if {
	aws.known("policies")
	count(weaknesses) > 0
}
