# METADATA
# title: CodeBuild source repository URLs must not hold credentials
# description: >-
#   A password or personal access token written into a project's source
#   URL is readable by anyone allowed codebuild:BatchGetProjects and is
#   copied into build logs and console pages. Connect the repository
#   through CodeConnections or CodeBuild's source credentials (OAuth or a
#   token stored by ImportSourceCredentials) instead. Primary and
#   secondary sources are both checked. AWS Security Hub control
#   CodeBuild.1.
# related_resources:
#   - ref: https://docs.aws.amazon.com/securityhub/latest/userguide/codebuild-controls.html#codebuild-1
#   - ref: https://docs.aws.amazon.com/codebuild/latest/userguide/access-tokens.html
# custom:
#   id: aws-codebuild-source-credentials
#   severity: critical
#   resource_types: [aws.codebuild.project]
#   remediation: |-
#     Store the credential with CodeBuild and drop it from the URL, then revoke it:
#       aws codebuild import-source-credentials --server-type BITBUCKET --auth-type BASIC_AUTH --username <user> --token <app-password>
#       aws codebuild update-project --name <project> --source type=BITBUCKET,location=https://bitbucket.org/<workspace>/<repo>.git
#     Terraform: source { location = "https://bitbucket.org/<workspace>/<repo>.git" } with aws_codebuild_source_credential
#     CloudFormation: Source: {Location: https://bitbucket.org/<workspace>/<repo>.git} with AWS::CodeBuild::SourceCredential
package vigil.rules.aws.codebuild.source_credentials

import data.vigil.lib.aws
import rego.v1

deny contains {
	"msg": sprintf("project %s: the URL of source %s holds a credential", [input.name, s]),
	"path": "source.location",
} if {
	aws.known("credentialed_sources")
	some s in input.attributes.credentialed_sources
}
