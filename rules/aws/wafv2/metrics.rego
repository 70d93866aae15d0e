# METADATA
# title: WAF web ACLs and their rules should send CloudWatch metrics
# description: >-
#   Each rule's CloudWatch metrics count the requests it allowed, blocked
#   or counted. Without them a flood, a probing campaign or a rule that
#   suddenly blocks legitimate traffic goes unseen, and no alarm can be
#   set on it. The web ACL's own metrics count what the default action
#   decided. AWS Security Hub control WAF.12 (which AWS checks on rule
#   groups; Vigil checks the rules of each web ACL).
# related_resources:
#   - ref: https://docs.aws.amazon.com/securityhub/latest/userguide/waf-controls.html#waf-12
#   - ref: https://docs.aws.amazon.com/waf/latest/developerguide/monitoring-cloudwatch.html
# custom:
#   id: aws-wafv2-metrics
#   severity: medium
#   resource_types: [aws.wafv2.web_acl]
#   remediation: |-
#     Set VisibilityConfig.CloudWatchMetricsEnabled to true on the web ACL and on every rule:
#       aws wafv2 update-web-acl ... --visibility-config SampledRequestsEnabled=true,CloudWatchMetricsEnabled=true,MetricName=<acl> \
#         --rules file://rules.json   (each rule with "CloudWatchMetricsEnabled": true)
#     Terraform: cloudwatch_metrics_enabled = true in every visibility_config block of aws_wafv2_web_acl;
#     CloudFormation: CloudWatchMetricsEnabled: true in every VisibilityConfig.
package vigil.rules.aws.wafv2.metrics

import data.vigil.lib.aws
import rego.v1

deny contains {
	"msg": sprintf("web ACL %s sends no CloudWatch metrics%s", [object.get(input, "name", ""), _which]),
	"path": "visibility_config.cloud_watch_metrics_enabled",
} if {
	aws.known("metrics_enabled")
	not input.attributes.metrics_enabled
}

_which := sprintf(" for rules %s", [concat(", ", input.attributes.rules_without_metrics)]) if {
	count(object.get(input.attributes, "rules_without_metrics", [])) > 0
} else := ""
