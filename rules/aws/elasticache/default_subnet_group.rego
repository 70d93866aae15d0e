# METADATA
# title: ElastiCache clusters should not use the default subnet group
# description: >-
#   The subnet group named "default" spans the default VPC's subnets,
#   which are public unless changed. A subnet group of the cluster's own
#   names the private subnets it may run in. AWS Security Hub control
#   ElastiCache.7.
# related_resources:
#   - ref: https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/SubnetGroups.html
# custom:
#   id: aws-elasticache-default-subnet-group
#   severity: high
#   resource_types: [aws.elasticache.cache_cluster]
#   remediation: |-
#     aws elasticache create-cache-subnet-group --cache-subnet-group-name <name> --cache-subnet-group-description <text> --subnet-ids <private subnets>, then recreate the cluster in it (the subnet group cannot be changed in place)
#     Terraform: subnet_group_name = aws_elasticache_subnet_group.<name>.name; CloudFormation: CacheSubnetGroupName
package vigil.rules.aws.elasticache.default_subnet_group

import data.vigil.lib.aws
import rego.v1

deny contains {
	"msg": sprintf("cache cluster %s uses the default subnet group", [input.name]),
	"path": "cache_subnet_group_name",
} if {
	aws.known("default_subnet_group")
	input.attributes.default_subnet_group
}
