# METADATA
# title: Kinesis data streams should keep records long enough to recover
# description: >-
#   A stream keeps records 24 hours by default. A consumer that fails on a
#   Friday evening, or an incident found a few days late, then finds the
#   records gone. Keeping them at least seven days (the rule parameter
#   min_kinesis_retention_hours, 168 by default) leaves time to replay
#   them. AWS Security Hub control Kinesis.3.
# related_resources:
#   - ref: https://docs.aws.amazon.com/securityhub/latest/userguide/kinesis-controls.html#kinesis-3
# custom:
#   id: aws-kinesis-retention
#   severity: medium
#   resource_types: [aws.kinesis.stream]
#   remediation: |-
#     aws kinesis increase-stream-retention-period --stream-name <stream> --retention-period-hours 168
#     Terraform: retention_period = 168; CloudFormation: RetentionPeriodHours: 168
package vigil.rules.aws.kinesis.retention

import data.vigil.lib.aws
import rego.v1

_min_hours := vigil.param(input, "min_kinesis_retention_hours")

deny contains {
	"msg": sprintf("Kinesis stream %s keeps records %d hours, less than %d", [object.get(input, "name", ""), hours, _min_hours]),
	"path": "retention_period_hours",
} if {
	aws.known("retention_period_hours")
	hours := object.get(input.attributes, "retention_period_hours", 24)
	hours < _min_hours
}
