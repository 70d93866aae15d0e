# METADATA
# title: Step Functions state machines should log errors to CloudWatch Logs
# description: >-
#   Execution history logging records what a workflow did, with failures
#   at level ERROR and every event at ALL. With logging OFF, or FATAL
#   only, failed and tampered executions leave no trace once the
#   execution history expires (immediately, for Express workflows). The
#   level must be ERROR or ALL and a log group must receive it. AWS
#   Security Hub control StepFunctions.1 (with its minimum level ERROR).
# related_resources:
#   - ref: https://docs.aws.amazon.com/securityhub/latest/userguide/stepfunctions-controls.html#stepfunctions-1
#   - ref: https://docs.aws.amazon.com/step-functions/latest/dg/cw-logs.html
# custom:
#   id: aws-stepfunctions-logging
#   severity: medium
#   resource_types: [aws.stepfunctions.state_machine]
#   remediation: |-
#     aws stepfunctions update-state-machine --state-machine-arn <arn> \
#       --logging-configuration 'level=ERROR,includeExecutionData=false,destinations=[{cloudWatchLogsLogGroup={logGroupArn=<log-group-arn>:*}}]'
#     Terraform: logging_configuration { level = "ERROR"  log_destination = "${aws_cloudwatch_log_group.x.arn}:*" }
#     CloudFormation: LoggingConfiguration: {Level: ERROR, Destinations: [{CloudWatchLogsLogGroup: {LogGroupArn: ...}}]}
package vigil.rules.aws.stepfunctions.logging

import data.vigil.lib.aws
import rego.v1

deny contains {
	"msg": sprintf("state machine %s does not log errors to CloudWatch Logs (level %s)", [input.name, level]),
	"path": "logging_configuration",
} if {
	aws.known("logging_enabled")
	not input.attributes.logging_enabled
	level := object.get(input.attributes, "log_level", "OFF")
}
