# METADATA
# title: Glacier vaults must not be open to anyone
# description: >-
#   A vault access policy that allows any principal without a narrowing
#   condition lets other AWS accounts retrieve, upload or delete archives.
#   Archives are often backups: exposure leaks everything they hold.
# related_resources:
#   - ref: https://docs.aws.amazon.com/amazonglacier/latest/dev/vault-access-policy.html
# custom:
#   id: aws-glacier-public-policy
#   severity: high
#   resource_types: [aws.glacier.vault]
#   remediation: |-
#     aws glacier get-vault-access-policy --account-id - --vault-name <vault>
#     aws glacier set-vault-access-policy --account-id - --vault-name <vault> --policy file://policy.json
#     or: aws glacier delete-vault-access-policy --account-id - --vault-name <vault>
package vigil.rules.aws.glacier.public_policy

import data.vigil.lib.aws
import rego.v1

deny contains {
	"msg": sprintf("vault %s: its access policy lets anyone call %s", [input.name, concat(", ", input.attributes.policy.analysis.public_actions)]),
	"path": "policy.analysis.public",
} if {
	aws.known("policy")
	aws.public(input.attributes.policy)
}
