# METADATA
# title: ElastiCache replication groups should fail over automatically
# description: >-
#   With automatic failover a replica is promoted when the primary node
#   fails, so the cache stays writable without an operator. AWS Security
#   Hub control ElastiCache.3.
# related_resources:
#   - ref: https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/AutoFailover.html
# custom:
#   id: aws-elasticache-automatic-failover
#   severity: medium
#   resource_types: [aws.elasticache.replication_group]
#   remediation: |-
#     aws elasticache modify-replication-group --replication-group-id <group> --automatic-failover-enabled --apply-immediately
#     Terraform: automatic_failover_enabled = true; CloudFormation: AutomaticFailoverEnabled: true (both need a replica)
package vigil.rules.aws.elasticache.automatic_failover

import data.vigil.lib.aws
import rego.v1

deny contains {
	"msg": sprintf("replication group %s does not fail over automatically (%s)", [input.name, object.get(input.attributes, "automatic_failover", "disabled")]),
	"path": "automatic_failover",
} if {
	aws.known("automatic_failover_enabled")
	not input.attributes.automatic_failover_enabled
}
