# METADATA
# title: The root user should have no access keys
# description: >-
#   Access keys on the root user give unrestricted, unscoped API access to the
#   whole account that no IAM policy or permissions boundary can limit. Leaked
#   once, they hand over the account. Delete them and use IAM roles instead.
# related_resources:
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-user_manage_delete-key.html
#   - ref: https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetAccountSummary.html
# custom:
#   id: aws-iam-root-access-keys
#   severity: critical
#   resource_types: [aws.iam.account_settings]
#   remediation: |-
#     Sign in as the root user, open "Security credentials" and delete every
#     access key (the CLI cannot manage root keys without using them). Then check:
#       aws iam get-account-summary --query 'SummaryMap.AccountAccessKeysPresent'
package vigil.rules.aws.iam.root_access_keys

import data.vigil.lib.aws
import rego.v1

deny contains {
	"msg": sprintf("account %s: the root user has access keys", [input.account]),
	"path": "root_access_keys_present",
} if {
	aws.known("root_access_keys_present")
	input.attributes.root_access_keys_present == true
}
