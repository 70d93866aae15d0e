# METADATA
# title: RDS snapshots must not be public
# description: >-
#   Any AWS account can restore a public DB or cluster snapshot and read
#   the whole database. Share snapshots with named accounts only.
# related_resources:
#   - ref: https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_ShareSnapshot.html
# custom:
#   id: aws-rds-public-snapshot
#   severity: critical
#   resource_types: [aws.rds.db_snapshot, aws.rds.db_cluster_snapshot]
#   remediation: |-
#     aws rds modify-db-snapshot-attribute --db-snapshot-identifier <snap> --attribute-name restore --values-to-remove all
#     aws rds modify-db-cluster-snapshot-attribute --db-cluster-snapshot-identifier <snap> --attribute-name restore --values-to-remove all
package vigil.rules.aws.rds.public_snapshot

import data.vigil.lib.aws
import rego.v1

deny contains {
	"msg": sprintf("RDS snapshot %s can be restored by any AWS account", [input.name]),
	"path": "restore_accounts",
} if {
	aws.known("public")
	input.attributes.public
}
