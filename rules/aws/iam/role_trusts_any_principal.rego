# METADATA
# title: IAM roles should not trust every AWS principal
# description: >-
#   A trust policy that allows "*" (any AWS account, user or role in the
#   world) to assume the role, with no condition narrowing the caller to
#   known accounts or an organization, lets anyone with an AWS account take on
#   the role's permissions.
# related_resources:
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_update-role-trust-policy.html
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
# custom:
#   id: aws-iam-role-trusts-any-principal
#   severity: critical
#   resource_types: [aws.iam.role]
#   remediation: |-
#     Name the accounts or roles that may assume the role, or restrict the
#     wildcard with aws:PrincipalOrgID / aws:PrincipalAccount:
#       aws iam update-assume-role-policy --role-name <role> --policy-document file://trust.json
package vigil.rules.aws.iam.role_trusts_any_principal

import data.vigil.lib.aws
import rego.v1

deny contains {
	"msg": sprintf("role %s can be assumed by any AWS principal", [input.name]),
	"path": "trust.any_principal",
} if {
	aws.known("trust")
	input.attributes.trust.any_principal == true
}
