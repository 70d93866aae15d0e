# METADATA
# title: Redshift clusters should take major version upgrades automatically
# description: >-
#   With major version upgrades allowed the cluster receives new
#   engine versions, with their security fixes, in its maintenance window.
#   AWS Security Hub control Redshift.6.
# related_resources:
#   - ref: https://docs.aws.amazon.com/redshift/latest/mgmt/working-with-clusters.html#rs-mgmt-maintenance-tracks
# custom:
#   id: aws-redshift-major-version-upgrade
#   severity: medium
#   resource_types: [aws.redshift.cluster]
#   remediation: |-
#     aws redshift modify-cluster --cluster-identifier <id> --allow-version-upgrade
#     Terraform: allow_version_upgrade = true; CloudFormation: AllowVersionUpgrade: true
package vigil.rules.aws.redshift.major_version_upgrade

import data.vigil.lib.aws
import rego.v1

deny contains {
	"msg": sprintf("cluster %s does not take major version upgrades", [input.name]),
	"path": "allow_version_upgrade",
} if {
	aws.known("allow_version_upgrade")
	not input.attributes.allow_version_upgrade
}
