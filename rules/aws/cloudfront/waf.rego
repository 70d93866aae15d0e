# METADATA
# title: CloudFront distributions should be protected by a WAF web ACL
# description: >-
#   A web ACL on a distribution inspects requests at the edge, before they
#   are cached or forwarded to the origin: injection patterns, bots, floods
#   from one address. A distribution with no web ACL serves and forwards
#   whatever it is sent. AWS Security Hub control CloudFront.6.
# related_resources:
#   - ref: https://docs.aws.amazon.com/securityhub/latest/userguide/cloudfront-controls.html#cloudfront-6
#   - ref: https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/distribution-web-awswaf.html
# custom:
#   id: aws-cloudfront-waf
#   severity: medium
#   resource_types: [aws.cloudfront.distribution]
#   remediation: |-
#     Create a web ACL with scope CLOUDFRONT (in us-east-1) and set it on the distribution:
#       aws cloudfront get-distribution-config --id <id> > dist.json
#       (set DistributionConfig.WebACLId to the web ACL's ARN)
#       aws cloudfront update-distribution --id <id> --if-match <ETag> --distribution-config file://config.json
#     Terraform: web_acl_id = aws_wafv2_web_acl.<acl>.arn on aws_cloudfront_distribution;
#     CloudFormation: DistributionConfig.WebACLId.
package vigil.rules.aws.cloudfront.waf

import data.vigil.lib.aws
import rego.v1

deny contains {
	"msg": sprintf("distribution %s (%s) is not protected by a WAF web ACL", [input.name, object.get(input.attributes, "domain_name", "")]),
	"path": "distribution_config.web_acl_id",
} if {
	aws.known("distribution_config")
	aws.known("web_acl_id")
	object.get(object.get(input.attributes, "distribution_config", {}), "web_acl_id", "") == ""
}
