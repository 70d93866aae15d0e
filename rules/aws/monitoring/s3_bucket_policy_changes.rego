# METADATA
# title: S3 bucket policy changes should raise an alarm
# description: >-
#   Bucket policies, ACLs, CORS, lifecycle and replication settings decide who can read data and where it goes. An alarm on their changes catches buckets opened up or data copied away. Checked end to end: a multi-region trail that is logging every
#   management event delivers to a CloudWatch Logs group, a metric filter on
#   that group matches these events, an alarm with actions enabled watches
#   the filter's metric, and the alarm notifies an SNS topic with a confirmed
#   subscription.
# related_resources:
#   - ref: https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudwatch-alarms-for-cloudtrail.html
#   - ref: https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html
#   - ref: https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html
# custom:
#   id: aws-monitoring-s3-bucket-policy-changes
#   severity: medium
#   resource_types: [aws.cloudtrail.account_settings]
#   related_types: [aws.cloudtrail.trail, aws.logs.metric_filter, aws.cloudwatch.alarm, aws.sns.topic]
#   remediation: |-
#     With a multi-region trail delivering to CloudWatch Logs (aws cloudtrail update-trail --name <trail>
#     --is-multi-region-trail --cloud-watch-logs-log-group-arn <group arn> --cloud-watch-logs-role-arn <role arn>):
#       aws logs put-metric-filter --log-group-name <trail log group> --filter-name s3-bucket-policy-changes \
#         --metric-transformations metricName=S3BucketPolicyChanges,metricNamespace=CISBenchmark,metricValue=1 \
#         --filter-pattern '{ ($.eventSource = s3.amazonaws.com) && (($.eventName = PutBucketAcl) || ($.eventName = PutBucketPolicy) || ($.eventName = PutBucketCors) || ($.eventName = PutBucketLifecycle) || ($.eventName = PutBucketReplication) || ($.eventName = DeleteBucketPolicy) || ($.eventName = DeleteBucketCors) || ($.eventName = DeleteBucketLifecycle) || ($.eventName = DeleteBucketReplication)) }'
#       aws cloudwatch put-metric-alarm --alarm-name s3-bucket-policy-changes --metric-name S3BucketPolicyChanges --namespace CISBenchmark \
#         --statistic Sum --period 300 --threshold 1 --comparison-operator GreaterThanOrEqualToThreshold \
#         --evaluation-periods 1 --alarm-actions <sns topic arn>
#       aws sns subscribe --topic-arn <sns topic arn> --protocol email --notification-endpoint <security team address>
#     and confirm the subscription.
package vigil.rules.aws.monitoring.s3_bucket_policy_changes

import data.vigil.lib.aws_monitoring as monitoring
import rego.v1

deny contains {"msg": msg, "path": "multi_region_trail_arns"} if {
	not monitoring.undetermined
	msg := monitoring.gap("s3_bucket_policy_changes")
}
