# METADATA
# title: Customer managed KMS keys should rotate automatically
# description: >-
#   Automatic rotation replaces a symmetric key's material on a schedule
#   (yearly by default) while old material still decrypts old data. It limits
#   how much data any one piece of key material protects.
# related_resources:
#   - ref: https://docs.aws.amazon.com/kms/latest/developerguide/rotate-keys.html
# custom:
#   id: aws-kms-key-rotation
#   severity: medium
#   resource_types: [aws.kms.key]
#   remediation: |-
#     aws kms enable-key-rotation --key-id <key id> --rotation-period-in-days 365
package vigil.rules.aws.kms.key_rotation

import data.vigil.lib.aws
import rego.v1

deny contains {
	"msg": sprintf("KMS key %s does not rotate automatically", [input.name]),
	"path": "key_rotation_enabled",
} if {
	input.attributes.rotation_applicable
	aws.known("key_rotation_enabled")
	input.attributes.key_rotation_enabled == false
}
