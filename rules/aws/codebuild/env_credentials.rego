# METADATA
# title: CodeBuild plain-text environment variables must not hold credentials
# description: >-
#   Plain-text environment variables are part of the project's
#   configuration: anyone allowed codebuild:BatchGetProjects reads them,
#   and builds may print them. Access keys, passwords and tokens belong in
#   Parameter Store or Secrets Manager, referenced with the variable types
#   PARAMETER_STORE or SECRETS_MANAGER. AWS Security Hub control
#   CodeBuild.2.
# related_resources:
#   - ref: https://docs.aws.amazon.com/securityhub/latest/userguide/codebuild-controls.html#codebuild-2
#   - ref: https://docs.aws.amazon.com/codebuild/latest/userguide/build-spec-ref.html#build-spec.env.secrets-manager
# custom:
#   id: aws-codebuild-env-credentials
#   severity: critical
#   resource_types: [aws.codebuild.project]
#   remediation: |-
#     Store the value as a secret, reference it, then rotate the exposed credential:
#       aws secretsmanager create-secret --name <project>/<variable> --secret-string '<value>'
#       aws codebuild update-project --name <project> --environment '<environment with
#         {"name":"<VAR>","value":"<project>/<variable>","type":"SECRETS_MANAGER"}>'
#     Terraform: environment_variable { name = "<VAR>"  value = "<secret>"  type = "SECRETS_MANAGER" }
#     CloudFormation: EnvironmentVariables: [{Name: <VAR>, Value: <secret>, Type: SECRETS_MANAGER}]
package vigil.rules.aws.codebuild.env_credentials

import data.vigil.lib.aws
import rego.v1

deny contains {
	"msg": sprintf("project %s: plain-text environment variable %s holds a credential (%s)", [input.name, c.key, c.kind]),
	"path": "credentials",
} if {
	aws.known("credentials")
	some c in input.attributes.credentials
}
