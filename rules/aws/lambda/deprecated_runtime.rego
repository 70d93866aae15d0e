# METADATA
# title: Lambda functions should not run on a deprecated runtime
# description: >-
#   Once AWS deprecates a Lambda runtime it no longer receives security
#   patches, and later AWS blocks creating and then updating functions that
#   use it. Functions should move to a supported version of their language.
# related_resources:
#   - ref: https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html#runtimes-deprecated
# custom:
#   id: aws-lambda-deprecated-runtime
#   severity: medium
#   resource_types: [aws.lambda.function]
#   remediation: |-
#     Test the code on a supported runtime, then switch:
#       aws lambda update-function-configuration --function-name <function> --runtime <python3.13|nodejs22.x|java21|…>
package vigil.rules.aws.lambda.deprecated_runtime

import rego.v1

deny contains {
	"msg": sprintf("function %s runs on %s, deprecated since %s", [input.name, input.attributes.runtime, input.attributes.runtime_deprecation_date]),
	"path": "runtime",
} if {
	input.attributes.runtime_deprecated
}
