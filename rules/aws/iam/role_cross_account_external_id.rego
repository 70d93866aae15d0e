# METADATA
# title: Roles trusted by other accounts should require an external ID
# description: >-
#   When a third party's account may assume a role, the third party's service
#   can be tricked by another of its customers into using the role (the
#   confused deputy problem). Requiring an sts:ExternalId known only to you
#   and the third party prevents that.
# related_resources:
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_common-scenarios_third-party.html
# custom:
#   id: aws-iam-role-cross-account-external-id
#   severity: medium
#   resource_types: [aws.iam.role]
#   remediation: |-
#     Add the condition to the trust statement of each external account:
#       "Condition": {"StringEquals": {"sts:ExternalId": "<id agreed with the third party>"}}
#       aws iam update-assume-role-policy --role-name <role> --policy-document file://trust.json
package vigil.rules.aws.iam.role_cross_account_external_id

import data.vigil.lib.aws
import rego.v1

deny contains {
	"msg": sprintf("role %s can be assumed from account %s without an external ID", [input.name, acct]),
	"path": "trust.external_accounts_without_external_id",
} if {
	aws.known("trust")
	some acct in object.get(input.attributes.trust, "external_accounts_without_external_id", [])
}
