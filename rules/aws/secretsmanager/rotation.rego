# METADATA
# title: Secrets should rotate automatically at least every 90 days
# description: >-
#   A secret that never changes stays useful to whoever copied it. Automatic
#   rotation replaces the value on a schedule; the secret should rotate at
#   least every 90 days, and a last rotation older than that means rotation
#   is off or failing. The limit is the rule parameter
#   max_secret_rotation_days.
# related_resources:
#   - ref: https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotating-secrets.html
#   - ref: https://docs.aws.amazon.com/secretsmanager/latest/userguide/troubleshoot_rotation.html
# custom:
#   id: aws-secretsmanager-rotation
#   severity: medium
#   resource_types: [aws.secretsmanager.secret]
#   remediation: |-
#     aws secretsmanager rotate-secret --secret-id <secret> \
#       --rotation-lambda-arn <rotation function arn> --rotation-rules AutomaticallyAfterDays=30
#     For a failing rotation, read the rotation function's CloudWatch logs and
#     run it again: aws secretsmanager rotate-secret --secret-id <secret>
package vigil.rules.aws.secretsmanager.rotation

import rego.v1

_max_days := vigil.param(input, "max_secret_rotation_days")

deny contains {
	"msg": sprintf("secret %s has no automatic rotation", [input.name]),
	"path": "rotation_enabled",
} if {
	not input.attributes.rotation_enabled
}

deny contains {
	"msg": sprintf("secret %s rotates only every %d days, more than %d", [input.name, days, _max_days]),
	"path": "rotation_rules.automatically_after_days",
} if {
	input.attributes.rotation_enabled
	days := input.attributes.rotation_rules.automatically_after_days
	days > _max_days
}

deny contains {
	"msg": sprintf("secret %s: rotation is on but the current value is %d days old, more than %d", [input.name, input.attributes.rotation_age_days, _max_days]),
	"path": "rotation_age_days",
} if {
	input.attributes.rotation_enabled
	input.attributes.rotation_age_days > _max_days
}
