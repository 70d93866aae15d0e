# METADATA
# title: Macie should be enabled to discover sensitive data in S3
# description: >-
#   Macie inventories S3 buckets and finds sensitive data such as credentials and personal information in them, so unprotected data is known before it leaks.
# related_resources:
#   - ref: https://docs.aws.amazon.com/macie/latest/user/getting-started.html
# custom:
#   id: aws-macie-enabled
#   severity: low
#   resource_types: [aws.macie.regional_settings]
#   remediation: |-
#     aws macie2 enable-macie --region <region>
package vigil.rules.aws.macie.enabled

import data.vigil.lib.aws
import rego.v1

deny contains {
	"msg": sprintf("Macie is not enabled %s", [aws.where]),
	"path": "enabled",
} if {
	aws.known("enabled")
	not input.attributes.enabled
}
