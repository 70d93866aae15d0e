# METADATA
# title: Secrets must not be readable by anyone
# description: >-
#   A secret's resource policy that allows any principal without a
#   condition narrowing the caller lets other AWS accounts read or change
#   the secret (a KMS key policy may still stop them, but that is one guard
#   instead of two).
# related_resources:
#   - ref: https://docs.aws.amazon.com/secretsmanager/latest/userguide/auth-and-access_resource-policies.html
# custom:
#   id: aws-secretsmanager-public-policy
#   severity: critical
#   resource_types: [aws.secretsmanager.secret]
#   remediation: |-
#     Check the policy, then replace or delete it:
#       aws secretsmanager get-resource-policy --secret-id <secret>
#       aws secretsmanager put-resource-policy --secret-id <secret> --resource-policy file://policy.json --block-public-policy
#       aws secretsmanager delete-resource-policy --secret-id <secret>
package vigil.rules.aws.secretsmanager.public_policy

import data.vigil.lib.aws
import rego.v1

deny contains {
	"msg": sprintf("secret %s: its resource policy lets anyone call %s", [input.name, concat(", ", input.attributes.resource_policy.analysis.public_actions)]),
	"path": "resource_policy.analysis.public",
} if {
	aws.known("resource_policy")
	aws.public(input.attributes.resource_policy)
}
