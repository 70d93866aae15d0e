# METADATA
# title: Unauthorized API calls should raise an alarm
# description: >-
#   Calls refused with AccessDenied or UnauthorizedOperation are often the first sign of a stolen credential probing what it can reach, or of an application misconfigured after a change. A metric filter and alarm on them brings those bursts to someone's attention. Checked end to end: a multi-region trail that is logging every
#   management event delivers to a CloudWatch Logs group, a metric filter on
#   that group matches these events, an alarm with actions enabled watches
#   the filter's metric, and the alarm notifies an SNS topic with a confirmed
#   subscription.
# related_resources:
#   - ref: https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudwatch-alarms-for-cloudtrail.html
#   - ref: https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html
#   - ref: https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html
# custom:
#   id: aws-monitoring-unauthorized-api-calls
#   severity: medium
#   resource_types: [aws.cloudtrail.account_settings]
#   related_types: [aws.cloudtrail.trail, aws.logs.metric_filter, aws.cloudwatch.alarm, aws.sns.topic]
#   remediation: |-
#     With a multi-region trail delivering to CloudWatch Logs (aws cloudtrail update-trail --name <trail>
#     --is-multi-region-trail --cloud-watch-logs-log-group-arn <group arn> --cloud-watch-logs-role-arn <role arn>):
#       aws logs put-metric-filter --log-group-name <trail log group> --filter-name unauthorized-api-calls \
#         --metric-transformations metricName=UnauthorizedApiCalls,metricNamespace=CISBenchmark,metricValue=1 \
#         --filter-pattern '{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") && ($.sourceIPAddress!="delivery.logs.amazonaws.com") && ($.eventName!="HeadBucket") }'
#       aws cloudwatch put-metric-alarm --alarm-name unauthorized-api-calls --metric-name UnauthorizedApiCalls --namespace CISBenchmark \
#         --statistic Sum --period 300 --threshold 1 --comparison-operator GreaterThanOrEqualToThreshold \
#         --evaluation-periods 1 --alarm-actions <sns topic arn>
#       aws sns subscribe --topic-arn <sns topic arn> --protocol email --notification-endpoint <security team address>
#     and confirm the subscription.
package vigil.rules.aws.monitoring.unauthorized_api_calls

import data.vigil.lib.aws_monitoring as monitoring
import rego.v1

deny contains {"msg": msg, "path": "multi_region_trail_arns"} if {
	not monitoring.undetermined
	msg := monitoring.gap("unauthorized_api_calls")
}
