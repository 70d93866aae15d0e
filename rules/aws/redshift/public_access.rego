# METADATA
# title: Redshift clusters should not be publicly accessible
# description: >-
#   A publicly accessible cluster gets a public IP address and an
#   endpoint that resolves to it, so anyone whose traffic its security
#   groups admit can try to log in from the internet. AWS Security Hub
#   control Redshift.1.
# related_resources:
#   - ref: https://docs.aws.amazon.com/redshift/latest/mgmt/rs-vpc-manage-cluster.html
# custom:
#   id: aws-redshift-public-access
#   severity: critical
#   resource_types: [aws.redshift.cluster]
#   remediation: |-
#     aws redshift modify-cluster --cluster-identifier <id> --no-publicly-accessible
#     Terraform: publicly_accessible = false; CloudFormation: PubliclyAccessible: false
package vigil.rules.aws.redshift.public_access

import data.vigil.lib.aws
import rego.v1

deny contains {
	"msg": sprintf("cluster %s is publicly accessible", [input.name]),
	"path": "publicly_accessible",
} if {
	aws.known("publicly_accessible")
	input.attributes.publicly_accessible
}
