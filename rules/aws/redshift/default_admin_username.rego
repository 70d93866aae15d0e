# METADATA
# title: Redshift clusters should not use the default admin username
# description: >-
#   The admin user Redshift proposes, awsuser, is the first name a
#   password-guessing attack tries. The admin username is set at creation:
#   a new cluster restored from a snapshot can take another. AWS Security
#   Hub control Redshift.8.
# related_resources:
#   - ref: https://docs.aws.amazon.com/redshift/latest/mgmt/working-with-clusters.html
# custom:
#   id: aws-redshift-default-admin-username
#   severity: medium
#   resource_types: [aws.redshift.cluster]
#   remediation: |-
#     aws redshift restore-from-cluster-snapshot --cluster-identifier <new> --snapshot-identifier <snapshot> ... then create the new admin; or create-cluster --master-username <name>
#     Terraform: master_username = "<not awsuser>"; CloudFormation: MasterUsername
package vigil.rules.aws.redshift.default_admin_username

import data.vigil.lib.aws
import rego.v1

deny contains {
	"msg": sprintf("cluster %s uses the default admin username awsuser", [input.name]),
	"path": "master_username",
} if {
	aws.known("default_admin_username")
	input.attributes.default_admin_username
}
