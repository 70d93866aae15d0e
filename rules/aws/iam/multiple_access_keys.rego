# METADATA
# title: IAM users should have at most one active access key
# description: >-
#   Two active keys are only needed for the short window of a rotation. A
#   second key left active doubles what can leak and often means the old key
#   was never retired.
# related_resources:
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html
# custom:
#   id: aws-iam-multiple-access-keys
#   severity: low
#   resource_types: [aws.iam.user]
#   remediation: |-
#     aws iam list-access-keys --user-name <user>
#     aws iam update-access-key --user-name <user> --access-key-id <unneeded key id> --status Inactive
package vigil.rules.aws.iam.multiple_access_keys

import data.vigil.lib.aws
import rego.v1

deny contains {
	"msg": sprintf("IAM user %s has %d active access keys", [input.name, input.attributes.active_access_keys]),
	"path": "active_access_keys",
} if {
	aws.known("active_access_keys")
	input.attributes.active_access_keys > 1
}
