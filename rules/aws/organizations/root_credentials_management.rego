# METADATA
# title: The organization should manage member accounts' root credentials centrally
# description: >-
#   With centralised root access (the IAM RootCredentialsManagement feature)
#   the management account can remove member accounts' root passwords, keys
#   and MFA devices, and new accounts are created without root credentials,
#   so there are no long-lived root secrets to guard in every account.
# related_resources:
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-user.html#id_root-user-access-management
#   - ref: https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListOrganizationsFeatures.html
# custom:
#   id: aws-organizations-root-credentials-management
#   severity: low
#   resource_types: [aws.organizations.organization]
#   related_types: [aws.iam.account_settings]
#   remediation: |-
#     From the management account:
#       aws organizations enable-aws-service-access --service-principal iam.amazonaws.com
#       aws iam enable-organizations-root-credentials-management
#       aws iam enable-organizations-root-sessions
package vigil.rules.aws.organizations.root_credentials_management

import rego.v1

deny contains {
	"msg": sprintf("organization %s: centralised root credentials management is not enabled", [input.name]),
	"path": "is_management_account",
} if {
	input.attributes.is_management_account == true
	some s in vigil.resources("aws.iam.account_settings")
	s.account == input.account
	not "root_credentials_management" in object.get(s.attributes, "unread", [])
	s.attributes.root_credentials_management == false
}
