# METADATA
# title: MSK clusters should encrypt traffic between brokers
# description: >-
#   With in-cluster encryption brokers replicate data to each other over
#   TLS; without it records cross the VPC in plaintext. It is chosen when
#   the cluster is created. AWS Security Hub control MSK.1.
# related_resources:
#   - ref: https://docs.aws.amazon.com/msk/latest/developerguide/msk-encryption.html
# custom:
#   id: aws-msk-in-cluster-encryption
#   severity: medium
#   resource_types: [aws.msk.cluster]
#   remediation: |-
#     Recreate the cluster with --encryption-info EncryptionInTransit={InCluster=true,ClientBroker=TLS} (in-cluster encryption cannot be turned on in place)
#     Terraform: encryption_info { encryption_in_transit { in_cluster = true } }; CloudFormation: EncryptionInfo.EncryptionInTransit.InCluster: true
package vigil.rules.aws.msk.in_cluster_encryption

import data.vigil.lib.aws
import rego.v1

deny contains {
	"msg": sprintf("MSK cluster %s replicates between brokers in plaintext", [input.name]),
	"path": "provisioned.encryption_info.encryption_in_transit.in_cluster",
} if {
	aws.known("in_cluster_encrypted")
	not input.attributes.in_cluster_encrypted
}
