# METADATA
# title: IAM credentials unused for 45 days or more should be disabled
# description: >-
#   A password or access key nobody has used for weeks is rarely needed but
#   still works for whoever finds it. Disable it; it can be re-enabled if
#   someone turns out to need it. A credential never used counts from when it
#   was set. The limit is the rule parameter max_credential_idle_days.
# related_resources:
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_finding-unused.html
# custom:
#   id: aws-iam-unused-credentials
#   severity: medium
#   resource_types: [aws.iam.user]
#   remediation: |-
#     Remove an unused console password:
#       aws iam delete-login-profile --user-name <user>
#     Deactivate an unused access key:
#       aws iam list-access-keys --user-name <user>
#       aws iam update-access-key --user-name <user> --access-key-id <key id> --status Inactive
package vigil.rules.aws.iam.unused_credentials

import data.vigil.lib.aws
import rego.v1

_max_idle := vigil.param(input, "max_credential_idle_days")

deny contains {
	"msg": sprintf("IAM user %s: the %s is enabled but has not been used for %d days (the limit is %d)", [input.name, _what[k], days, _max_idle]),
	"path": concat(".", ["credentials", k]),
} if {
	aws.known("credentials")
	some k in object.keys(_what)
	days := input.attributes.credentials[k]
	days >= _max_idle
}

_what := {
	"password_idle_days": "console password",
	"access_key_1_idle_days": "access key 1",
	"access_key_2_idle_days": "access key 2",
}
