# METADATA
# title: Redshift clusters should not use the default database name
# description: >-
#   A cluster's first database is named dev unless told otherwise; a
#   known name is one guess fewer for an attacker, and dev suggests a
#   development database. AWS Security Hub control Redshift.9.
# related_resources:
#   - ref: https://docs.aws.amazon.com/redshift/latest/mgmt/working-with-clusters.html
# custom:
#   id: aws-redshift-default-database-name
#   severity: medium
#   resource_types: [aws.redshift.cluster]
#   remediation: |-
#     Create the cluster with --db-name <name> (the first database cannot be renamed in place)
#     Terraform: database_name = "<not dev>"; CloudFormation: DBName
package vigil.rules.aws.redshift.default_database_name

import data.vigil.lib.aws
import rego.v1

deny contains {
	"msg": sprintf("cluster %s uses the default database name dev", [input.name]),
	"path": "db_name",
} if {
	aws.known("default_database_name")
	input.attributes.default_database_name
}
