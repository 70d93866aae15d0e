# METADATA
# title: Lambda function URLs must require authentication
# description: >-
#   A function URL with auth type NONE is a public HTTPS endpoint: anyone on
#   the internet who learns the URL can invoke the function. Use AWS_IAM auth
#   (callers sign their requests), or put the function behind API Gateway or
#   CloudFront with an authoriser when it must serve the public.
# related_resources:
#   - ref: https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html
# custom:
#   id: aws-lambda-url-no-auth
#   severity: high
#   resource_types: [aws.lambda.function]
#   remediation: |-
#     aws lambda update-function-url-config --function-name <function> --auth-type AWS_IAM
#     aws lambda remove-permission --function-name <function> --statement-id FunctionURLAllowPublicAccess
package vigil.rules.aws.lambda.url_no_auth

import data.vigil.lib.aws
import rego.v1

deny contains {
	"msg": sprintf("function %s: function URL %s needs no authentication", [input.name, object.get(u, "function_url", "")]),
	"path": "url_configs",
} if {
	aws.known("url_configs")
	some u in input.attributes.url_configs
	u.auth_type == "NONE"
}
