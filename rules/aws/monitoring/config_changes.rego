# METADATA
# title: AWS Config configuration changes should raise an alarm
# description: >-
#   Stopping the Config recorder or changing its delivery channel blinds configuration history and compliance checks. An alarm on these calls keeps that visibility from being switched off silently. Checked end to end: a multi-region trail that is logging every
#   management event delivers to a CloudWatch Logs group, a metric filter on
#   that group matches these events, an alarm with actions enabled watches
#   the filter's metric, and the alarm notifies an SNS topic with a confirmed
#   subscription.
# related_resources:
#   - ref: https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudwatch-alarms-for-cloudtrail.html
#   - ref: https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html
#   - ref: https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html
# custom:
#   id: aws-monitoring-config-changes
#   severity: medium
#   resource_types: [aws.cloudtrail.account_settings]
#   related_types: [aws.cloudtrail.trail, aws.logs.metric_filter, aws.cloudwatch.alarm, aws.sns.topic]
#   remediation: |-
#     With a multi-region trail delivering to CloudWatch Logs (aws cloudtrail update-trail --name <trail>
#     --is-multi-region-trail --cloud-watch-logs-log-group-arn <group arn> --cloud-watch-logs-role-arn <role arn>):
#       aws logs put-metric-filter --log-group-name <trail log group> --filter-name config-changes \
#         --metric-transformations metricName=ConfigChanges,metricNamespace=CISBenchmark,metricValue=1 \
#         --filter-pattern '{ ($.eventSource = config.amazonaws.com) && (($.eventName=StopConfigurationRecorder)||($.eventName=DeleteDeliveryChannel) ||($.eventName=PutDeliveryChannel)||($.eventName=PutConfigurationRecorder)) }'
#       aws cloudwatch put-metric-alarm --alarm-name config-changes --metric-name ConfigChanges --namespace CISBenchmark \
#         --statistic Sum --period 300 --threshold 1 --comparison-operator GreaterThanOrEqualToThreshold \
#         --evaluation-periods 1 --alarm-actions <sns topic arn>
#       aws sns subscribe --topic-arn <sns topic arn> --protocol email --notification-endpoint <security team address>
#     and confirm the subscription.
package vigil.rules.aws.monitoring.config_changes

import data.vigil.lib.aws_monitoring as monitoring
import rego.v1

deny contains {"msg": msg, "path": "multi_region_trail_arns"} if {
	not monitoring.undetermined
	msg := monitoring.gap("config_changes")
}
