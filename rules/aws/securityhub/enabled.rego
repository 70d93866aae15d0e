# METADATA
# title: Security Hub should be enabled in each region
# description: >-
#   Security Hub gathers findings from GuardDuty, Inspector, Macie, Config and partner tools and runs its own control checks. A region without it has no central view of those findings.
# related_resources:
#   - ref: https://docs.aws.amazon.com/securityhub/latest/userguide/securityhub-settingup.html
# custom:
#   id: aws-securityhub-enabled
#   severity: medium
#   resource_types: [aws.securityhub.regional_settings]
#   remediation: |-
#     aws securityhub enable-security-hub --region <region> --enable-default-standards
package vigil.rules.aws.securityhub.enabled

import data.vigil.lib.aws
import rego.v1

deny contains {
	"msg": sprintf("Security Hub is not enabled %s", [aws.where]),
	"path": "enabled",
} if {
	aws.known("enabled")
	not input.attributes.enabled
}
