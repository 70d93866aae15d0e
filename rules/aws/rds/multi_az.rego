# METADATA
# title: RDS instances should be deployed across Availability Zones
# description: >-
#   A Multi-AZ deployment keeps a standby in another Availability Zone and
#   fails over to it automatically, so a zone outage or a host failure
#   does not take the database down. Aurora instances are left out: their
#   availability comes from the cluster's replicas.
# related_resources:
#   - ref: https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Concepts.MultiAZ.html
# custom:
#   id: aws-rds-multi-az
#   severity: low
#   resource_types: [aws.rds.db_instance]
#   remediation: |-
#     aws rds modify-db-instance --db-instance-identifier <db> --multi-az --apply-immediately
package vigil.rules.aws.rds.multi_az

import rego.v1

deny contains {
	"msg": sprintf("RDS DB instance %s runs in a single Availability Zone", [input.name]),
	"path": "multi_az",
} if {
	not input.attributes.db_cluster_identifier
	not input.attributes.multi_az
}
