# METADATA
# title: AWS Organizations changes should raise an alarm
# description: >-
#   Changes to accounts, organizational units and policies in AWS Organizations affect every member account's guardrails. An alarm on them catches accounts moved out from under SCPs and policies detached. Checked end to end: a multi-region trail that is logging every
#   management event delivers to a CloudWatch Logs group, a metric filter on
#   that group matches these events, an alarm with actions enabled watches
#   the filter's metric, and the alarm notifies an SNS topic with a confirmed
#   subscription.
# related_resources:
#   - ref: https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudwatch-alarms-for-cloudtrail.html
#   - ref: https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html
#   - ref: https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html
# custom:
#   id: aws-monitoring-organizations-changes
#   severity: medium
#   resource_types: [aws.cloudtrail.account_settings]
#   related_types: [aws.cloudtrail.trail, aws.logs.metric_filter, aws.cloudwatch.alarm, aws.sns.topic]
#   remediation: |-
#     With a multi-region trail delivering to CloudWatch Logs (aws cloudtrail update-trail --name <trail>
#     --is-multi-region-trail --cloud-watch-logs-log-group-arn <group arn> --cloud-watch-logs-role-arn <role arn>):
#       aws logs put-metric-filter --log-group-name <trail log group> --filter-name organizations-changes \
#         --metric-transformations metricName=OrganizationsChanges,metricNamespace=CISBenchmark,metricValue=1 \
#         --filter-pattern '{ ($.eventSource = organizations.amazonaws.com) && (($.eventName = "AcceptHandshake") || ($.eventName = "AttachPolicy") || ($.eventName = "CreateAccount") || ($.eventName = "CreateOrganizationalUnit") || ($.eventName = "CreatePolicy") || ($.eventName = "DeclineHandshake") || ($.eventName = "DeleteOrganization") || ($.eventName = "DeleteOrganizationalUnit") || ($.eventName = "DeletePolicy") || ($.eventName = "DetachPolicy") || ($.eventName = "DisablePolicyType") || ($.eventName = "EnablePolicyType") || ($.eventName = "InviteAccountToOrganization") || ($.eventName = "LeaveOrganization") || ($.eventName = "MoveAccount") || ($.eventName = "RemoveAccountFromOrganization") || ($.eventName = "UpdatePolicy") || ($.eventName = "UpdateOrganizationalUnit")) }'
#       aws cloudwatch put-metric-alarm --alarm-name organizations-changes --metric-name OrganizationsChanges --namespace CISBenchmark \
#         --statistic Sum --period 300 --threshold 1 --comparison-operator GreaterThanOrEqualToThreshold \
#         --evaluation-periods 1 --alarm-actions <sns topic arn>
#       aws sns subscribe --topic-arn <sns topic arn> --protocol email --notification-endpoint <security team address>
#     and confirm the subscription.
package vigil.rules.aws.monitoring.organizations_changes

import data.vigil.lib.aws_monitoring as monitoring
import rego.v1

deny contains {"msg": msg, "path": "multi_region_trail_arns"} if {
	not monitoring.undetermined
	msg := monitoring.gap("organizations_changes")
}
