# METADATA
# title: RDS databases should keep automated backups
# description: >-
#   A retention period of 0 days turns automated backups off: no daily
#   snapshot and no transaction logs, so a dropped table, a corrupting
#   deployment or a ransomware attack cannot be undone by a restore to a
#   point in time. Replicas are left to their source, and instances of a
#   cluster to the cluster.
# related_resources:
#   - ref: https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_WorkingWithAutomatedBackups.html
# custom:
#   id: aws-rds-automated-backups
#   severity: medium
#   resource_types: [aws.rds.db_instance, aws.rds.db_cluster]
#   remediation: |-
#     Keep backups at least 7 days:
#     aws rds modify-db-instance --db-instance-identifier <db> --backup-retention-period 7 --apply-immediately
#     aws rds modify-db-cluster --db-cluster-identifier <cluster> --backup-retention-period 7 --apply-immediately
#     (in Terraform, backup_retention_period = 7).
package vigil.rules.aws.rds.automated_backups

import data.vigil.lib.aws
import rego.v1

deny contains {
	"msg": sprintf("RDS %s %s keeps no automated backups (retention 0 days)", [_kind, input.name]),
	"path": "backup_retention_period",
} if {
	aws.known("backup_retention_period")
	input.attributes.backup_retention_period == 0
	not _left_to_another
}

# An instance of a cluster is backed up by the cluster; a replica by its
# source.
_left_to_another if {
	input.type == "aws.rds.db_instance"
	input.attributes.db_cluster_identifier
}

_left_to_another if input.attributes.read_replica_source_db_instance_identifier

_kind := "DB instance" if input.type == "aws.rds.db_instance"

else := "DB cluster"
