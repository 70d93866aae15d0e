# METADATA
# title: RDS instances should take minor engine upgrades automatically
# description: >-
#   Minor engine versions carry security fixes. With automatic minor
#   version upgrades on, RDS applies them in the maintenance window;
#   without it, instances stay on vulnerable versions until someone
#   remembers.
# related_resources:
#   - ref: https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_UpgradeDBInstance.Maintenance.html
# custom:
#   id: aws-rds-auto-minor-upgrade
#   severity: low
#   resource_types: [aws.rds.db_instance]
#   remediation: |-
#     aws rds modify-db-instance --db-instance-identifier <db> --auto-minor-version-upgrade --apply-immediately
package vigil.rules.aws.rds.auto_minor_upgrade

import rego.v1

deny contains {
	"msg": sprintf("RDS DB instance %s does not apply minor engine upgrades automatically", [input.name]),
	"path": "auto_minor_version_upgrade",
} if {
	not input.attributes.auto_minor_version_upgrade
}
