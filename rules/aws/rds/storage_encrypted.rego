# METADATA
# title: RDS databases should be encrypted at rest
# description: >-
#   Encryption at rest protects the database storage, its automated
#   backups, read replicas and snapshots under a KMS key. It can only be
#   chosen when a database is created, so an unencrypted database has to be
#   migrated through an encrypted snapshot copy. Aurora instances are
#   judged through their cluster. Neptune clusters, which the RDS API
#   lists with engine neptune, are judged as clusters too.
# related_resources:
#   - ref: https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Overview.Encryption.html
# custom:
#   id: aws-rds-storage-encrypted
#   severity: medium
#   resource_types: [aws.rds.db_instance, aws.rds.db_cluster]
#   remediation: |-
#     aws rds create-db-snapshot --db-instance-identifier <db> --db-snapshot-identifier <snap>
#     aws rds copy-db-snapshot --source-db-snapshot-identifier <snap> --target-db-snapshot-identifier <snap>-enc --kms-key-id <key>
#     aws rds restore-db-instance-from-db-snapshot --db-instance-identifier <db>-enc --db-snapshot-identifier <snap>-enc
#     (for clusters: create-db-cluster-snapshot, copy-db-cluster-snapshot --kms-key-id, restore-db-cluster-from-snapshot)
package vigil.rules.aws.rds.storage_encrypted

import data.vigil.lib.aws
import rego.v1

deny contains {
	"msg": sprintf("RDS DB instance %s (%s) is not encrypted at rest", [input.name, object.get(input.attributes, "engine", "?")]),
	"path": "storage_encrypted",
} if {
	input.type == "aws.rds.db_instance"
	not input.attributes.db_cluster_identifier
	aws.known("storage_encrypted")
	not input.attributes.storage_encrypted
}

deny contains {
	"msg": sprintf("RDS DB cluster %s (%s) is not encrypted at rest", [input.name, object.get(input.attributes, "engine", "?")]),
	"path": "storage_encrypted",
} if {
	input.type == "aws.rds.db_cluster"
	aws.known("storage_encrypted")
	not input.attributes.storage_encrypted
}
