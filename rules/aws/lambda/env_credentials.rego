# METADATA
# title: Lambda environment variables must not hold credentials
# description: >-
#   Environment variables are readable by anyone allowed to read the
#   function's configuration (lambda:GetFunction, the console, many
#   third-party tools) and are copied into every published version. Access
#   keys, passwords and tokens belong in Secrets Manager or Parameter Store,
#   fetched at run time with the function's execution role.
# related_resources:
#   - ref: https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html#configuration-envvars-encryption
#   - ref: https://docs.aws.amazon.com/secretsmanager/latest/userguide/retrieving-secrets_lambda.html
# custom:
#   id: aws-lambda-env-credentials
#   severity: high
#   resource_types: [aws.lambda.function]
#   remediation: |-
#     Store the value as a secret, grant the execution role secretsmanager:GetSecretValue
#     on it, read it in the function (or through the Parameters and Secrets
#     extension), remove the variable, then rotate the exposed credential:
#       aws secretsmanager create-secret --name <function>/<variable> --secret-string '<value>'
#       aws lambda update-function-configuration --function-name <function> \
#         --environment 'Variables={<remaining variables>,SECRET_NAME=<function>/<variable>}'
package vigil.rules.aws.lambda.env_credentials

import rego.v1

deny contains {
	"msg": sprintf("function %s: environment variable %s holds a credential (%s)", [input.name, c.key, c.kind]),
	"path": "credentials",
} if {
	some c in input.attributes.credentials
}
