# METADATA
# title: KMS key policies should not let anyone use the key
# description: >-
#   A key policy that allows every principal, with no condition narrowing it
#   to an account, organisation or network, lets any AWS account use the key
#   to decrypt data or manage the key, whatever the IAM policies of this
#   account say.
# related_resources:
#   - ref: https://docs.aws.amazon.com/kms/latest/developerguide/key-policies.html
#   - ref: https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html
# custom:
#   id: aws-kms-public-key-policy
#   severity: critical
#   resource_types: [aws.kms.key]
#   remediation: |-
#     Replace "Principal": "*" with the accounts or roles that need the key, or add a condition such as
#     "StringEquals": {"kms:CallerAccount": "<account>"}, then:
#       aws kms put-key-policy --key-id <key id> --policy-name default --policy file://policy.json
package vigil.rules.aws.kms.public_key_policy

import data.vigil.lib.aws
import rego.v1

deny contains {
	"msg": sprintf("KMS key %s policy lets anyone use it (%s)", [input.name, concat(", ", object.get(input.attributes.policy.analysis, "public_actions", []))]),
	"path": "policy",
} if {
	aws.known("policy")
	aws.public(input.attributes.policy)
}
