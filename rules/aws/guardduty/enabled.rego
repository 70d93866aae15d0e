# METADATA
# title: GuardDuty should be enabled in each region
# description: >-
#   GuardDuty watches CloudTrail, VPC flow and DNS logs for signs of compromise such as credential exfiltration, crypto-mining and calls from known bad addresses. An intruder favours a region where it is off.
# related_resources:
#   - ref: https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_settingup.html
# custom:
#   id: aws-guardduty-enabled
#   severity: high
#   resource_types: [aws.guardduty.regional_settings]
#   remediation: |-
#     aws guardduty create-detector --region <region> --enable --finding-publishing-frequency FIFTEEN_MINUTES
#     (or, for a suspended detector: aws guardduty update-detector --region <region> --detector-id <id> --enable)
package vigil.rules.aws.guardduty.enabled

import data.vigil.lib.aws
import rego.v1

deny contains {
	"msg": sprintf("GuardDuty is not enabled %s", [aws.where]),
	"path": "enabled",
} if {
	aws.known("enabled")
	not input.attributes.enabled
}
