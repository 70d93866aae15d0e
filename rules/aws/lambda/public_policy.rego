# METADATA
# title: Lambda functions must not be invocable by anyone
# description: >-
#   A function whose resource-based policy allows any principal ("*")
#   without a condition that narrows the caller (source account, source
#   ARN, organisation, VPC endpoint) can be invoked or managed from any
#   AWS account, which runs your code and spends your money on a stranger's
#   behalf and may expose the data the function can reach.
# related_resources:
#   - ref: https://docs.aws.amazon.com/lambda/latest/dg/access-control-resource-based.html
# custom:
#   id: aws-lambda-public-policy
#   severity: high
#   resource_types: [aws.lambda.function]
#   remediation: |-
#     List the statements and remove the public one, or re-add it for a named
#     principal with a source condition:
#       aws lambda get-policy --function-name <function>
#       aws lambda remove-permission --function-name <function> --statement-id <sid>
#       aws lambda add-permission --function-name <function> --statement-id s3-invoke \
#         --action lambda:InvokeFunction --principal s3.amazonaws.com \
#         --source-account <account> --source-arn arn:aws:s3:::<bucket>
package vigil.rules.aws.lambda.public_policy

import data.vigil.lib.aws
import rego.v1

deny contains {
	"msg": sprintf("function %s: its resource policy lets anyone call %s", [input.name, concat(", ", input.attributes.policy.analysis.public_actions)]),
	"path": "policy.analysis.public",
} if {
	aws.known("policy")
	aws.public(input.attributes.policy)
}
