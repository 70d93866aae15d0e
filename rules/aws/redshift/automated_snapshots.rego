# METADATA
# title: Redshift clusters should keep automated snapshots for at least 7 days
# description: >-
#   Automated snapshots let a cluster be restored to a recent point
#   after data loss; a retention period of 0 turns them off. AWS Security
#   Hub control Redshift.3 (at least 7 days, its default).
# related_resources:
#   - ref: https://docs.aws.amazon.com/redshift/latest/mgmt/working-with-snapshots.html
# custom:
#   id: aws-redshift-automated-snapshots
#   severity: medium
#   resource_types: [aws.redshift.cluster]
#   remediation: |-
#     aws redshift modify-cluster --cluster-identifier <id> --automated-snapshot-retention-period 7
#     Terraform: automated_snapshot_retention_period = 7; CloudFormation: AutomatedSnapshotRetentionPeriod: 7
package vigil.rules.aws.redshift.automated_snapshots

import data.vigil.lib.aws
import rego.v1

_days := object.get(input.attributes, "automated_snapshot_retention_period", 0)

deny contains {
	"msg": sprintf("cluster %s keeps automated snapshots for %d day(s), fewer than 7", [input.name, _days]),
	"path": "automated_snapshot_retention_period",
} if {
	aws.known("automated_snapshot_retention_period")
	_days < 7
}
