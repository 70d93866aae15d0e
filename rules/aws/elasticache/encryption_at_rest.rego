# METADATA
# title: ElastiCache replication groups should be encrypted at rest
# description: >-
#   Encryption at rest protects the data a replication group writes to
#   disk: swap, backups kept in S3, data tiering. It is chosen when the
#   group is created. AWS Security Hub control ElastiCache.4.
# related_resources:
#   - ref: https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/at-rest-encryption.html
# custom:
#   id: aws-elasticache-encryption-at-rest
#   severity: medium
#   resource_types: [aws.elasticache.replication_group]
#   remediation: |-
#     Create an encrypted group from a backup of this one: aws elasticache create-replication-group --replication-group-id <new> --at-rest-encryption-enabled --snapshot-name <backup> ...
#     Terraform: at_rest_encryption_enabled = true; CloudFormation: AtRestEncryptionEnabled: true
package vigil.rules.aws.elasticache.encryption_at_rest

import data.vigil.lib.aws
import rego.v1

deny contains {
	"msg": sprintf("replication group %s is not encrypted at rest", [input.name]),
	"path": "at_rest_encryption_enabled",
} if {
	aws.known("at_rest_encryption_enabled")
	not input.attributes.at_rest_encryption_enabled
}
