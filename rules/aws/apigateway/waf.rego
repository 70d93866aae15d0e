# METADATA
# title: API Gateway REST API stages should be protected by a WAF web ACL
# description: >-
#   A web ACL in front of a REST API stage filters requests before they
#   reach the backend: SQL injection and cross-site scripting patterns,
#   known bad inputs, floods from a single address. A stage with no web
#   ACL takes every request the internet sends it. AWS Security Hub
#   control APIGateway.4.
# related_resources:
#   - ref: https://docs.aws.amazon.com/securityhub/latest/userguide/apigateway-controls.html#apigateway-4
#   - ref: https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-control-access-aws-waf.html
# custom:
#   id: aws-apigateway-waf
#   severity: medium
#   resource_types: [aws.apigateway.stage]
#   remediation: |-
#     Associate a regional web ACL with the stage:
#       aws wafv2 associate-web-acl --web-acl-arn <regional web acl arn> \
#         --resource-arn arn:aws:apigateway:<region>::/restapis/<api>/stages/<stage>
#     Terraform:
#       resource "aws_wafv2_web_acl_association" "api" {
#         resource_arn = aws_api_gateway_stage.<stage>.arn
#         web_acl_arn  = aws_wafv2_web_acl.<acl>.arn
#       }
#     CloudFormation: AWS::WAFv2::WebACLAssociation with ResourceArn the stage's ARN and WebACLArn the ACL's.
package vigil.rules.aws.apigateway.waf

import data.vigil.lib.aws
import rego.v1

deny contains {
	"msg": sprintf("API stage %s is not protected by a WAF web ACL", [object.get(input, "name", "")]),
	"path": "web_acl_arn",
} if {
	aws.known("web_acl_arn")
	object.get(input.attributes, "web_acl_arn", "") == ""
}
