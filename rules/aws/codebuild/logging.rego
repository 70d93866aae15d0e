# METADATA
# title: CodeBuild projects should log to CloudWatch Logs or S3
# description: >-
#   With both log destinations disabled nothing records what a build ran:
#   a tampered build or leaked secret leaves no trace. AWS Security Hub
#   control CodeBuild.4.
# related_resources:
#   - ref: https://docs.aws.amazon.com/securityhub/latest/userguide/codebuild-controls.html#codebuild-4
#   - ref: https://docs.aws.amazon.com/codebuild/latest/userguide/change-project.html#change-project-console-logs
# custom:
#   id: aws-codebuild-logging
#   severity: medium
#   resource_types: [aws.codebuild.project]
#   remediation: |-
#     aws codebuild update-project --name <project> --logs-config 'cloudWatchLogs={status=ENABLED}'
#     Terraform: logs_config { cloudwatch_logs { status = "ENABLED" } } (or omit logs_config)
#     CloudFormation: LogsConfig: {CloudWatchLogs: {Status: ENABLED}} (or omit LogsConfig)
package vigil.rules.aws.codebuild.logging

import data.vigil.lib.aws
import rego.v1

deny contains {
	"msg": sprintf("project %s logs its builds nowhere (CloudWatch Logs and S3 logs disabled)", [input.name]),
	"path": "logs_config",
} if {
	aws.known("logging_enabled")
	not input.attributes.logging_enabled
}
