# METADATA
# title: Systems Manager Automation should log script output to CloudWatch
# description: >-
#   Runbooks run scripts with the Automation role's permissions, often
#   against many instances at once. Unless the region's
#   customer-script-log-destination setting is CloudWatch, what those
#   scripts printed is kept nowhere, so a misused or failed runbook leaves
#   no trace of what it did. AWS Security Hub control SSM.6.
# related_resources:
#   - ref: https://docs.aws.amazon.com/securityhub/latest/userguide/ssm-controls.html#ssm-6
#   - ref: https://docs.aws.amazon.com/systems-manager/latest/userguide/automation-action-logging.html
# custom:
#   id: aws-ssm-automation-logging
#   severity: medium
#   resource_types: [aws.ssm.regional_settings]
#   remediation: |-
#     aws ssm update-service-setting --setting-id /ssm/automation/customer-script-log-destination --setting-value CloudWatch --region <region>
#     Terraform: resource "aws_ssm_service_setting" { setting_id = "arn:aws:ssm:<region>:<account>:servicesetting/ssm/automation/customer-script-log-destination"; setting_value = "CloudWatch" }
package vigil.rules.aws.ssm.automation_logging

import data.vigil.lib.aws
import rego.v1

deny contains {
	"msg": sprintf("Systems Manager Automation %s keeps script output nowhere (customer-script-log-destination %s)", [aws.where, object.get(input.attributes, "automation_log_destination", "None")]),
	"path": "automation_log_destination",
} if {
	aws.known("automation_logs_to_cloudwatch")
	not input.attributes.automation_logs_to_cloudwatch
}
