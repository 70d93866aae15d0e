# METADATA
# title: The root user should have MFA enabled
# description: >-
#   The root user can do anything in the account, including closing it. With
#   only a password protecting it, a phished or reused password is enough to
#   take the account over. A second factor stops that.
# related_resources:
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/enable-mfa-for-root.html
# custom:
#   id: aws-iam-root-mfa
#   severity: critical
#   resource_types: [aws.iam.account_settings]
#   remediation: |-
#     Sign in as the root user, open "Security credentials" and assign an MFA
#     device (a FIDO security key or hardware TOTP token). Then check:
#       aws iam get-account-summary --query 'SummaryMap.AccountMFAEnabled'
package vigil.rules.aws.iam.root_mfa

import data.vigil.lib.aws
import rego.v1

deny contains {
	"msg": sprintf("account %s: the root user has no MFA device", [input.account]),
	"path": "root_mfa_enabled",
} if {
	aws.known("root_mfa_enabled")
	input.attributes.root_mfa_enabled == false
}
