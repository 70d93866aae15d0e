# METADATA
# title: RDS instances should not be publicly accessible
# description: >-
#   A publicly accessible instance gets a DNS name that resolves to a
#   public address, so only its security group stands between the
#   database port and the internet. Databases belong in private subnets,
#   reached from the application tier, a bastion or a VPN.
# related_resources:
#   - ref: https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_VPC.WorkingWithRDSInstanceinaVPC.html#USER_VPC.Hiding
# custom:
#   id: aws-rds-publicly-accessible
#   severity: high
#   resource_types: [aws.rds.db_instance]
#   remediation: |-
#     aws rds modify-db-instance --db-instance-identifier <db> --no-publicly-accessible --apply-immediately
package vigil.rules.aws.rds.publicly_accessible

import rego.v1

deny contains {
	"msg": sprintf("RDS DB instance %s is publicly accessible", [input.name]),
	"path": "publicly_accessible",
} if {
	input.attributes.publicly_accessible
}
