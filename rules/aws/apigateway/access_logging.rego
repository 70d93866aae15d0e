# METADATA
# title: API Gateway stages should write access logs
# description: >-
#   Access logs record who called an API, when, from where and with what
#   result. Without them misuse of an API (enumeration, credential stuffing,
#   data scraping) cannot be investigated. Every stage of REST, HTTP and
#   WebSocket APIs should send access logs to CloudWatch Logs or Firehose.
# related_resources:
#   - ref: https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-logging.html
#   - ref: https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-logging.html
# custom:
#   id: aws-apigateway-access-logging
#   severity: medium
#   resource_types: [aws.apigateway.stage, aws.apigatewayv2.stage]
#   remediation: |-
#     REST API stage:
#       aws apigateway update-stage --rest-api-id <api> --stage-name <stage> --patch-operations \
#         op=replace,path=/accessLogSettings/destinationArn,value=<log group arn> \
#         'op=replace,path=/accessLogSettings/format,value=$context.requestId $context.identity.sourceIp $context.status'
#     HTTP or WebSocket API stage:
#       aws apigatewayv2 update-stage --api-id <api> --stage-name <stage> \
#         --access-log-settings 'DestinationArn=<log group arn>,Format=$context.requestId $context.status'
package vigil.rules.aws.apigateway.access_logging

import data.vigil.lib.aws
import rego.v1

deny contains {
	"msg": sprintf("API stage %s does not write access logs", [input.name]),
	"path": "access_log_settings",
} if {
	aws.known("access_log_settings")
	aws.known("access_logging_enabled")
	not input.attributes.access_logging_enabled
}
