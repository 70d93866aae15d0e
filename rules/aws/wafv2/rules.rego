# METADATA
# title: WAF web ACLs should have at least one rule or rule group
# description: >-
#   A web ACL without rules decides every request by its default action
#   alone. With the usual default (allow) it inspects nothing while the
#   resources behind it look protected. AWS Security Hub control WAF.10.
# related_resources:
#   - ref: https://docs.aws.amazon.com/securityhub/latest/userguide/waf-controls.html#waf-10
#   - ref: https://docs.aws.amazon.com/waf/latest/developerguide/web-acl-editing.html
# custom:
#   id: aws-wafv2-rules
#   severity: medium
#   resource_types: [aws.wafv2.web_acl]
#   remediation: |-
#     Add rules or managed rule groups, for example AWS's common rule set:
#       aws wafv2 get-web-acl --scope REGIONAL --name <acl> --id <id>   (note LockToken)
#       aws wafv2 update-web-acl --scope REGIONAL --name <acl> --id <id> --lock-token <token> \
#         --default-action Allow={} --visibility-config SampledRequestsEnabled=true,CloudWatchMetricsEnabled=true,MetricName=<acl> \
#         --rules file://rules.json
#     Terraform: a rule block in aws_wafv2_web_acl (e.g. managed_rule_group_statement AWSManagedRulesCommonRuleSet);
#     CloudFormation: Rules on AWS::WAFv2::WebACL.
package vigil.rules.aws.wafv2.rules

import data.vigil.lib.aws
import rego.v1

deny contains {
	"msg": sprintf("web ACL %s has no rule or rule group: its default action %s decides every request", [object.get(input, "name", ""), object.get(input.attributes, "default_action", "")]),
	"path": "rules",
} if {
	aws.known("rule_count")
	object.get(input.attributes, "rule_count", 0) == 0
}
