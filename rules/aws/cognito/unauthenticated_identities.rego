# METADATA
# title: Cognito identity pools should not give credentials to unauthenticated identities
# description: >-
#   An identity pool that allows unauthenticated identities hands AWS
#   credentials for its guest role to anyone who asks for them with the
#   pool ID, which ships inside every mobile and web client. Whatever the
#   guest role may do, the whole internet may do. Turn guest access off,
#   or keep it and give the guest role nothing beyond what the public
#   should have. AWS Security Hub control Cognito.2.
# related_resources:
#   - ref: https://docs.aws.amazon.com/securityhub/latest/userguide/cognito-controls.html#cognito-2
#   - ref: https://docs.aws.amazon.com/cognito/latest/developerguide/identity-pools.html
# custom:
#   id: aws-cognito-unauthenticated-identities
#   severity: medium
#   resource_types: [aws.cognito.identity_pool]
#   remediation: |-
#     aws cognito-identity update-identity-pool --identity-pool-id <pool> --identity-pool-name <name> --no-allow-unauthenticated-identities
#     Terraform: allow_unauthenticated_identities = false; CloudFormation: AllowUnauthenticatedIdentities: false
package vigil.rules.aws.cognito.unauthenticated_identities

import data.vigil.lib.aws
import rego.v1

deny contains {
	"msg": sprintf("Cognito identity pool %s gives AWS credentials to unauthenticated identities", [object.get(input, "name", "")]),
	"path": "allow_unauthenticated_identities",
} if {
	aws.known("allow_unauthenticated_identities")
	input.attributes.allow_unauthenticated_identities
}
