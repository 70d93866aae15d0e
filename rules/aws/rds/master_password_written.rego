# METADATA
# title: RDS master passwords must not be written in the configuration
# description: >-
#   A master password written in a Terraform file or a CloudFormation
#   template, directly or as the default of a variable or parameter, is
#   readable by everyone with the repository and stays in its history; the
#   database's most powerful login is then as secret as the code. Let RDS
#   manage the password in Secrets Manager, or resolve it at deployment. A
#   value given at scan time (--var, --var-file, TF_VAR_*, --cfn-param) is
#   not written in the configuration, nor is a CloudFormation dynamic
#   reference ({{resolve:secretsmanager:…}}) or a parameter without a
#   default. Configurations only: the APIs never return the password, and
#   a plan or state file holds it wherever it came from. The finding shows
#   the password redacted.
# related_resources:
#   - ref: https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-secrets-manager.html
#   - ref: https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/dynamic-references-secretsmanager.html
# custom:
#   id: aws-rds-master-password-written
#   severity: high
#   resource_types: [aws.rds.db_instance, aws.rds.db_cluster]
#   remediation: |-
#     Let RDS generate and rotate the password in Secrets Manager, then remove it from the code:
#       Terraform: manage_master_user_password = true (instead of password / master_password)
#       CloudFormation: ManageMasterUserPassword: true, or
#         MasterUserPassword: '{{resolve:secretsmanager:<secret>:SecretString:password}}'
#       aws rds modify-db-instance --db-instance-identifier <db> --manage-master-user-password --apply-immediately
#     (modify-db-cluster --db-cluster-identifier for clusters). The old password stays in the
#     repository's history: treat it as exposed.
package vigil.rules.aws.rds.master_password_written

import rego.v1

deny contains {
	"msg": sprintf("%s %s: master password written in the configuration (%s)", [_kind[input.type], input.name, c.key]),
	"path": "credentials",
} if {
	some c in input.attributes.credentials
}

_kind := {"aws.rds.db_instance": "database instance", "aws.rds.db_cluster": "database cluster"}
