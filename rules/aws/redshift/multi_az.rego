# METADATA
# title: Redshift clusters should run in multiple Availability Zones
# description: >-
#   A Multi-AZ cluster keeps compute in two Availability Zones and
#   fails over when one is lost. Only RA3 clusters can be Multi-AZ. AWS
#   Security Hub control Redshift.18.
# related_resources:
#   - ref: https://docs.aws.amazon.com/redshift/latest/mgmt/managing-cluster-multi-az.html
# custom:
#   id: aws-redshift-multi-az
#   severity: medium
#   resource_types: [aws.redshift.cluster]
#   remediation: |-
#     aws redshift modify-cluster --cluster-identifier <id> --multi-az
#     Terraform: multi_az = true; CloudFormation: MultiAZ: true
package vigil.rules.aws.redshift.multi_az

import data.vigil.lib.aws
import rego.v1

deny contains {
	"msg": sprintf("cluster %s runs in a single Availability Zone", [input.name]),
	"path": "multi_az",
} if {
	aws.known("multi_az_enabled")
	not input.attributes.multi_az_enabled
}
