# METADATA
# title: ElastiCache Redis OSS before 6.0 should require an AUTH token
# description: >-
#   Redis OSS before 6.0 has no role-based access control: without an
#   AUTH token any client that reaches a node may read and write every
#   key. Version 6.0 and later can require authentication through RBAC
#   user groups instead. AWS Security Hub control ElastiCache.6.
# related_resources:
#   - ref: https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/auth.html
# custom:
#   id: aws-elasticache-redis-auth
#   severity: medium
#   resource_types: [aws.elasticache.replication_group]
#   remediation: |-
#     aws elasticache modify-replication-group --replication-group-id <group> --auth-token <token> --auth-token-update-strategy ROTATE --apply-immediately (needs in-transit encryption), or upgrade to 6.0+ and attach an RBAC user group
#     Terraform: auth_token = var.token (or user_group_ids); CloudFormation: AuthToken (or UserGroupIds)
package vigil.rules.aws.elasticache.redis_auth

import data.vigil.lib.aws
import rego.v1

deny contains {
	"msg": sprintf("replication group %s runs Redis OSS %s without an AUTH token", [input.name, object.get(input.attributes, "engine_version", "before 6.0")]),
	"path": "auth_token_enabled",
} if {
	aws.known("before_rbac")
	aws.known("auth_enabled")
	input.attributes.before_rbac
	not input.attributes.auth_enabled
}
