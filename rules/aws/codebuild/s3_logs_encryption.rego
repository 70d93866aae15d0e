# METADATA
# title: CodeBuild S3 logs should be encrypted
# description: >-
#   Build logs carry commands, paths and, too often, secrets a build
#   printed. With encryption disabled CodeBuild writes them to the bucket
#   unencrypted. AWS Security Hub control CodeBuild.3.
# related_resources:
#   - ref: https://docs.aws.amazon.com/securityhub/latest/userguide/codebuild-controls.html#codebuild-3
#   - ref: https://docs.aws.amazon.com/codebuild/latest/APIReference/API_S3LogsConfig.html
# custom:
#   id: aws-codebuild-s3-logs-encryption
#   severity: low
#   resource_types: [aws.codebuild.project]
#   remediation: |-
#     aws codebuild update-project --name <project> \
#       --logs-config 's3Logs={status=ENABLED,location=<bucket>/<prefix>,encryptionDisabled=false}'
#     Terraform: logs_config { s3_logs { encryption_disabled = false } }
#     CloudFormation: LogsConfig: {S3Logs: {EncryptionDisabled: false}}
package vigil.rules.aws.codebuild.s3_logs_encryption

import data.vigil.lib.aws
import rego.v1

deny contains {
	"msg": sprintf("project %s writes its S3 logs unencrypted", [input.name]),
	"path": "logs_config.s3_logs.encryption_disabled",
} if {
	aws.known("s3_logs_unencrypted")
	input.attributes.s3_logs_unencrypted
}
