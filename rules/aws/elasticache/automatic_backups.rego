# METADATA
# title: ElastiCache Redis OSS and Valkey caches should keep automatic backups
# description: >-
#   Automatic backups take a daily snapshot of a Redis OSS or Valkey
#   cache and keep it for the retention limit, so a node lost or data
#   deleted by mistake can be restored. A retention limit of 0 turns them
#   off. A replication group's retention applies to its members; a
#   standalone node has its own; Memcached keeps no snapshots. AWS
#   Security Hub control ElastiCache.1 (at least 1 day, its default).
# related_resources:
#   - ref: https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/backups-automatic.html
# custom:
#   id: aws-elasticache-automatic-backups
#   severity: high
#   resource_types: [aws.elasticache.replication_group, aws.elasticache.cache_cluster]
#   remediation: |-
#     aws elasticache modify-replication-group --replication-group-id <group> --snapshot-retention-limit 7 --apply-immediately
#     (a standalone node: aws elasticache modify-cache-cluster --cache-cluster-id <id> --snapshot-retention-limit 7)
#     Terraform: snapshot_retention_limit = 7; CloudFormation: SnapshotRetentionLimit: 7
package vigil.rules.aws.elasticache.automatic_backups

import data.vigil.lib.aws
import rego.v1

_retention := object.get(input.attributes, "snapshot_retention_limit", 0)

_kind := "replication group" if input.type == "aws.elasticache.replication_group"

_kind := "cache cluster" if input.type == "aws.elasticache.cache_cluster"

_applies if input.type == "aws.elasticache.replication_group"

_applies if {
	input.type == "aws.elasticache.cache_cluster"
	input.attributes.backup_capable
}

deny contains {
	"msg": sprintf("%s %s keeps no automatic backups (snapshot retention limit %d)", [_kind, input.name, _retention]),
	"path": "snapshot_retention_limit",
} if {
	aws.known("snapshot_retention_limit")
	_applies
	_retention < 1
}
