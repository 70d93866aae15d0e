# METADATA
# title: WAF web ACLs should log the requests they inspect
# description: >-
#   WAF logs record each inspected request, the rule that matched it and
#   the action taken. Metrics show that something was blocked; only the
#   logs show who sent it and what it carried, which an investigation and
#   a tuning of false positives both need. Logs go to a CloudWatch Logs
#   group, an S3 bucket or a Firehose stream whose name starts with
#   aws-waf-logs-. (Vigil's own reading: AWS's NIST 800-53 standard checks
#   this as WAF.11; FSBP does not.)
# related_resources:
#   - ref: https://docs.aws.amazon.com/waf/latest/developerguide/logging.html
#   - ref: https://docs.aws.amazon.com/securityhub/latest/userguide/waf-controls.html#waf-11
# custom:
#   id: aws-wafv2-logging
#   severity: low
#   resource_types: [aws.wafv2.web_acl]
#   remediation: |-
#     aws wafv2 put-logging-configuration --logging-configuration \
#       ResourceArn=<web acl arn>,LogDestinationConfigs=arn:aws:logs:<region>:<account>:log-group:aws-waf-logs-<name>
#     Terraform: aws_wafv2_web_acl_logging_configuration { resource_arn = aws_wafv2_web_acl.<acl>.arn, log_destination_configs = [...] };
#     CloudFormation: AWS::WAFv2::LoggingConfiguration.
package vigil.rules.aws.wafv2.logging

import data.vigil.lib.aws
import rego.v1

deny contains {
	"msg": sprintf("web ACL %s does not log the requests it inspects", [object.get(input, "name", "")]),
	"path": "log_destination_configs",
} if {
	aws.known("logging_enabled")
	not input.attributes.logging_enabled
}
