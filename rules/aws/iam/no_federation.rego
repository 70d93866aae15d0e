# METADATA
# title: People should sign in through federation rather than IAM users
# description: >-
#   IAM users with console passwords are long-lived identities managed one
#   account at a time. With an identity provider (SAML, OIDC or IAM Identity
#   Center) people sign in with their corporate identity, get temporary
#   credentials and lose access when they leave.
# related_resources:
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers.html
#   - ref: https://docs.aws.amazon.com/singlesignon/latest/userguide/what-is.html
# custom:
#   id: aws-iam-no-federation
#   severity: low
#   resource_types: [aws.iam.account_settings]
#   remediation: |-
#     Connect an identity provider and move people to roles, then remove the users' console passwords:
#       aws iam create-saml-provider --name <idp> --saml-metadata-document file://metadata.xml
#       aws iam delete-login-profile --user-name <user>
#     (or enable IAM Identity Center for the organization)
package vigil.rules.aws.iam.no_federation

import data.vigil.lib.aws
import rego.v1

deny contains {
	"msg": sprintf("account %s: %d IAM users sign in with console passwords and no SAML or OIDC identity provider is configured", [input.account, input.attributes.console_users]),
	"path": "federation_configured",
} if {
	aws.known("console_users")
	aws.known("federation_configured")
	input.attributes.console_users > 0
	input.attributes.federation_configured == false
}
