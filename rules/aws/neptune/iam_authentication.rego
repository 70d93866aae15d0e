# METADATA
# title: Neptune clusters should require IAM database authentication
# description: >-
#   Neptune has no database users or passwords: without IAM database
#   authentication, anything that can reach the cluster's endpoint on the
#   network can read and change the whole graph. With it, every request
#   must be signed by an IAM identity whose policy allows neptune-db
#   actions, and is logged. Neptune clusters are read through the RDS API
#   (engine neptune). (AWS Foundational Security Best Practices
#   Neptune.7.)
# related_resources:
#   - ref: https://docs.aws.amazon.com/neptune/latest/userguide/iam-auth.html
# custom:
#   id: aws-neptune-iam-authentication
#   severity: medium
#   resource_types: [aws.rds.db_cluster]
#   remediation: |-
#     Grant clients neptune-db:* actions on the cluster in IAM and sign their requests (SigV4), then:
#       aws neptune modify-db-cluster --db-cluster-identifier <cluster> --enable-iam-database-authentication --apply-immediately
#     In Terraform, iam_database_authentication_enabled = true; in CloudFormation, IamAuthEnabled: true.
package vigil.rules.aws.neptune.iam_authentication

import data.vigil.lib.aws
import rego.v1

deny contains {
	"msg": sprintf("Neptune cluster %s does not require IAM database authentication: anyone who reaches its endpoint can query it", [input.name]),
	"path": "iam_database_authentication_enabled",
} if {
	input.attributes.engine == "neptune"
	aws.known("iam_database_authentication_enabled")
	not input.attributes.iam_database_authentication_enabled
}
