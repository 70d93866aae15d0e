# METADATA
# title: Redshift clusters should not listen on the default port
# description: >-
#   Scanners probe 5439, the port Redshift proposes, to find clusters.
#   Another port is defence in depth only: it hides nothing from a scan of
#   every port. Not an FSBP control; Prowler and Checkov check it too.
# related_resources:
#   - ref: https://docs.aws.amazon.com/redshift/latest/mgmt/working-with-clusters.html
# custom:
#   id: aws-redshift-default-port
#   severity: low
#   resource_types: [aws.redshift.cluster]
#   remediation: |-
#     aws redshift modify-cluster --cluster-identifier <id> --port <port>
#     Terraform: port = <not 5439>; CloudFormation: Port
package vigil.rules.aws.redshift.default_port

import data.vigil.lib.aws
import rego.v1

deny contains {
	"msg": sprintf("cluster %s listens on the default port 5439", [input.name]),
	"path": "endpoint.port",
} if {
	aws.known("default_port")
	input.attributes.default_port
}
