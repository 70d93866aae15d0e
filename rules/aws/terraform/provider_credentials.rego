# METADATA
# title: The Terraform AWS provider must not have credentials written in it
# description: >-
#   An access key and secret key written in a provider "aws" block are
#   long-lived credentials readable by everyone with the repository, kept in
#   its history and in every copy of it. Terraform reads credentials from
#   the environment, a shared credentials profile, single sign-on or an
#   assumed role without any written in the configuration. Keys given at
#   scan time (--var, --var-file, TF_VAR_*) are not written in the
#   configuration; placeholders that do not look like keys (LocalStack's
#   "test") are not counted. The finding shows each key redacted.
# related_resources:
#   - ref: https://registry.terraform.io/providers/hashicorp/aws/latest/docs#authentication-and-configuration
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#bp-workloads-use-roles
# custom:
#   id: aws-terraform-provider-credentials
#   severity: critical
#   resource_types: [aws.terraform.provider]
#   remediation: |-
#     Remove access_key, secret_key and token from the provider block and authenticate outside the
#     configuration: AWS_PROFILE / profile = "<name>", aws sso login, or assume_role { role_arn = ... }.
#     Then deactivate and delete the exposed key, which stays in the repository's history:
#       aws iam update-access-key --user-name <user> --access-key-id <key id> --status Inactive
#       aws iam delete-access-key --user-name <user> --access-key-id <key id>
package vigil.rules.aws.terraform.provider_credentials

import rego.v1

deny contains {
	"msg": sprintf("provider %s: %s written in the configuration (%s)", [input.name, c.key, c.kind]),
	"path": "credentials",
} if {
	some c in input.attributes.credentials
}
