# METADATA
# title: Redshift clusters should require TLS connections
# description: >-
#   With require_ssl on in the cluster's parameter group the cluster
#   refuses connections that are not encrypted with TLS. A default
#   parameter group leaves it off. AWS Security Hub control Redshift.2.
# related_resources:
#   - ref: https://docs.aws.amazon.com/redshift/latest/mgmt/connecting-ssl-support.html
# custom:
#   id: aws-redshift-require-ssl
#   severity: medium
#   resource_types: [aws.redshift.cluster]
#   remediation: |-
#     aws redshift create-cluster-parameter-group --parameter-group-name <group> --parameter-group-family redshift-1.0 --description <text>; aws redshift modify-cluster-parameter-group --parameter-group-name <group> --parameters ParameterName=require_ssl,ParameterValue=true; aws redshift modify-cluster --cluster-identifier <id> --cluster-parameter-group-name <group>
#     Terraform: aws_redshift_parameter_group with parameter { name = "require_ssl" value = "true" }; CloudFormation: AWS::Redshift::ClusterParameterGroup with require_ssl true
package vigil.rules.aws.redshift.require_ssl

import data.vigil.lib.aws
import rego.v1

deny contains {
	"msg": sprintf("cluster %s accepts connections without TLS (require_ssl is off in its parameter group)", [input.name]),
	"path": "require_ssl",
} if {
	aws.known("require_ssl")
	not input.attributes.require_ssl
}
