# METADATA
# title: Active access keys should be rotated within 90 days
# description: >-
#   The longer an access key lives the more places it has been copied to and
#   the longer a leaked copy stays useful. Active keys should be replaced at
#   least every 90 days, or better, replaced by roles and temporary
#   credentials. The limit is the rule parameter max_access_key_age_days.
# related_resources:
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html#rotating_access_keys_console
# custom:
#   id: aws-iam-access-key-rotation
#   severity: medium
#   resource_types: [aws.iam.user]
#   remediation: |-
#     aws iam create-access-key --user-name <user>
#     (deploy the new key where the old one was used, then)
#     aws iam update-access-key --user-name <user> --access-key-id <old key id> --status Inactive
#     aws iam delete-access-key --user-name <user> --access-key-id <old key id>
package vigil.rules.aws.iam.access_key_rotation

import data.vigil.lib.aws
import rego.v1

_max_age := vigil.param(input, "max_access_key_age_days")

deny contains {
	"msg": sprintf("IAM user %s: access key %d was last rotated %d days ago, more than %d", [input.name, n, days, _max_age]),
	"path": sprintf("credentials.access_key_%d_last_rotated_days", [n]),
} if {
	aws.known("credentials")
	c := input.attributes.credentials
	some n in [1, 2]
	c[sprintf("access_key_%d_active", [n])] == true
	days := c[sprintf("access_key_%d_last_rotated_days", [n])]
	days > _max_age
}
