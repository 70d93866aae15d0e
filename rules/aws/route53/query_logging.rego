# METADATA
# title: Public Route 53 hosted zones should log DNS queries
# description: >-
#   Query logs record every DNS query Route 53 answers for a public zone:
#   the name, type, response code and the resolver that asked. They show
#   reconnaissance, domains used for exfiltration or command and control
#   over DNS, and what changed when a record was hijacked. Send them to a
#   CloudWatch Logs group in us-east-1. Private zones are out of scope.
#   AWS Security Hub control Route53.2.
# related_resources:
#   - ref: https://docs.aws.amazon.com/securityhub/latest/userguide/route53-controls.html#route53-2
#   - ref: https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/query-logs.html
# custom:
#   id: aws-route53-query-logging
#   severity: medium
#   resource_types: [aws.route53.hosted_zone]
#   remediation: |-
#     aws route53 create-query-logging-config --hosted-zone-id <zone id> --cloud-watch-logs-log-group-arn arn:aws:logs:us-east-1:<account>:log-group:/aws/route53/<zone>
#     (the log group must be in us-east-1 with a resource policy letting route53.amazonaws.com write to it)
#     Terraform: resource "aws_route53_query_log" { zone_id = aws_route53_zone.<name>.zone_id; cloudwatch_log_group_arn = aws_cloudwatch_log_group.<name>.arn }
#     CloudFormation: QueryLoggingConfig: { CloudWatchLogsLogGroupArn: <log group arn> } on the AWS::Route53::HostedZone
package vigil.rules.aws.route53.query_logging

import data.vigil.lib.aws
import rego.v1

deny contains {
	"msg": sprintf("public hosted zone %s does not log DNS queries", [object.get(input, "name", "")]),
	"path": "query_logging_configs",
} if {
	aws.known("query_logging_enabled")
	not input.attributes.private
	not input.attributes.query_logging_enabled
}
