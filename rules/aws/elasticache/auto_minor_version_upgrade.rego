# METADATA
# title: ElastiCache clusters should take minor engine upgrades automatically
# description: >-
#   With automatic minor version upgrades the cluster receives the
#   engine's security and bug fixes in its maintenance window. AWS
#   Security Hub control ElastiCache.2.
# related_resources:
#   - ref: https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/VersionManagement.html
# custom:
#   id: aws-elasticache-auto-minor-upgrade
#   severity: high
#   resource_types: [aws.elasticache.cache_cluster]
#   remediation: |-
#     aws elasticache modify-cache-cluster --cache-cluster-id <id> --auto-minor-version-upgrade
#     (a member of a replication group: aws elasticache modify-replication-group --replication-group-id <group> --auto-minor-version-upgrade)
#     Terraform: auto_minor_version_upgrade = true; CloudFormation: AutoMinorVersionUpgrade: true
package vigil.rules.aws.elasticache.auto_minor_version_upgrade

import data.vigil.lib.aws
import rego.v1

deny contains {
	"msg": sprintf("cache cluster %s does not take minor engine upgrades automatically", [input.name]),
	"path": "auto_minor_version_upgrade",
} if {
	aws.known("auto_minor_version_upgrade")
	not input.attributes.auto_minor_version_upgrade
}
