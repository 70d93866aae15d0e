# METADATA
# title: MSK clusters should accept clients over TLS only
# description: >-
#   A cluster whose client-broker encryption is TLS_PLAINTEXT or
#   PLAINTEXT lets producers and consumers send records and credentials in
#   the clear. Not a separate FSBP control (MSK.1 covers broker-to-broker
#   traffic); CIS and the AWS Well-Architected lens ask for TLS only.
# related_resources:
#   - ref: https://docs.aws.amazon.com/msk/latest/developerguide/msk-encryption.html
# custom:
#   id: aws-msk-client-tls
#   severity: medium
#   resource_types: [aws.msk.cluster]
#   remediation: |-
#     aws kafka update-security --cluster-arn <arn> --current-version <version> --encryption-info EncryptionInTransit={ClientBroker=TLS}
#     Terraform: encryption_info { encryption_in_transit { client_broker = "TLS" } }; CloudFormation: EncryptionInfo.EncryptionInTransit.ClientBroker: TLS
package vigil.rules.aws.msk.client_tls

import data.vigil.lib.aws
import rego.v1

deny contains {
	"msg": sprintf("MSK cluster %s accepts clients without TLS (client-broker %s)", [input.name, object.get(input.attributes, ["provisioned", "encryption_info", "encryption_in_transit", "client_broker"], "not TLS")]),
	"path": "provisioned.encryption_info.encryption_in_transit.client_broker",
} if {
	aws.known("client_tls_only")
	not input.attributes.client_tls_only
}
