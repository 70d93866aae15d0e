# METADATA
# title: Redshift clusters should use enhanced VPC routing
# description: >-
#   Enhanced VPC routing sends COPY and UNLOAD traffic through the
#   cluster's VPC, where security groups, endpoint policies and flow logs
#   apply, instead of over the internet. AWS Security Hub control
#   Redshift.7.
# related_resources:
#   - ref: https://docs.aws.amazon.com/redshift/latest/mgmt/enhanced-vpc-routing.html
# custom:
#   id: aws-redshift-enhanced-vpc-routing
#   severity: high
#   resource_types: [aws.redshift.cluster]
#   remediation: |-
#     aws redshift modify-cluster --cluster-identifier <id> --enhanced-vpc-routing
#     Terraform: enhanced_vpc_routing = true; CloudFormation: EnhancedVpcRouting: true
package vigil.rules.aws.redshift.enhanced_vpc_routing

import data.vigil.lib.aws
import rego.v1

deny contains {
	"msg": sprintf("cluster %s does not use enhanced VPC routing", [input.name]),
	"path": "enhanced_vpc_routing",
} if {
	aws.known("enhanced_vpc_routing")
	not input.attributes.enhanced_vpc_routing
}
