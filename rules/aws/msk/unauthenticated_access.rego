# METADATA
# title: MSK clusters should not allow unauthenticated clients
# description: >-
#   A cluster with unauthenticated access on, or with no IAM, SASL/SCRAM
#   or mutual TLS authentication, lets any client that reaches a broker
#   read and write every topic. AWS Security Hub control MSK.6.
# related_resources:
#   - ref: https://docs.aws.amazon.com/msk/latest/developerguide/msk-authentication.html
# custom:
#   id: aws-msk-unauthenticated-access
#   severity: medium
#   resource_types: [aws.msk.cluster]
#   remediation: |-
#     aws kafka update-security --cluster-arn <arn> --current-version <version> --client-authentication Sasl={Iam={Enabled=true}},Unauthenticated={Enabled=false}
#     Terraform: client_authentication { unauthenticated = false, sasl { iam = true } }; CloudFormation: ClientAuthentication.Sasl.Iam.Enabled: true
package vigil.rules.aws.msk.unauthenticated_access

import data.vigil.lib.aws
import rego.v1

deny contains {
	"msg": sprintf("MSK cluster %s lets clients connect without authenticating", [input.name]),
	"path": "provisioned.client_authentication",
} if {
	aws.known("unauthenticated_access")
	input.attributes.unauthenticated_access
}
