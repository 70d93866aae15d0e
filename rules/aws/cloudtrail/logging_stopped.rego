# METADATA
# title: CloudTrail trails should be logging
# description: >-
#   A trail whose logging was stopped records nothing, while its presence
#   suggests the account is audited. Stopping a trail is also a common step
#   of an intruder covering their tracks.
# related_resources:
#   - ref: https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_GetTrailStatus.html
# custom:
#   id: aws-cloudtrail-logging-stopped
#   severity: high
#   resource_types: [aws.cloudtrail.trail]
#   remediation: |-
#     aws cloudtrail start-logging --name <trail>
package vigil.rules.aws.cloudtrail.logging_stopped

import data.vigil.lib.aws
import rego.v1

deny contains {
	"msg": sprintf("trail %s is not logging", [input.name]),
	"path": "is_logging",
} if {
	aws.known("is_logging")
	input.attributes.is_logging == false
}
