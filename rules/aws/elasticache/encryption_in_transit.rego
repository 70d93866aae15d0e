# METADATA
# title: ElastiCache replication groups should be encrypted in transit
# description: >-
#   In-transit encryption puts TLS on the connections of clients to the
#   nodes and between the nodes, so cached data and AUTH tokens do not
#   cross the network in the clear. AWS Security Hub control
#   ElastiCache.5.
# related_resources:
#   - ref: https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/in-transit-encryption.html
# custom:
#   id: aws-elasticache-encryption-in-transit
#   severity: medium
#   resource_types: [aws.elasticache.replication_group]
#   remediation: |-
#     aws elasticache modify-replication-group --replication-group-id <group> --transit-encryption-enabled --transit-encryption-mode preferred --apply-immediately (then required once clients use TLS)
#     Terraform: transit_encryption_enabled = true; CloudFormation: TransitEncryptionEnabled: true
package vigil.rules.aws.elasticache.encryption_in_transit

import data.vigil.lib.aws
import rego.v1

deny contains {
	"msg": sprintf("replication group %s is not encrypted in transit", [input.name]),
	"path": "transit_encryption_enabled",
} if {
	aws.known("transit_encryption_enabled")
	not input.attributes.transit_encryption_enabled
}
