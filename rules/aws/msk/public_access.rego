# METADATA
# title: MSK clusters should not be publicly accessible
# description: >-
#   Public access gives every broker an internet endpoint; whoever its
#   security groups admit can then try to authenticate from anywhere. AWS
#   Security Hub control MSK.4.
# related_resources:
#   - ref: https://docs.aws.amazon.com/msk/latest/developerguide/public-access.html
# custom:
#   id: aws-msk-public-access
#   severity: high
#   resource_types: [aws.msk.cluster]
#   remediation: |-
#     aws kafka update-connectivity --cluster-arn <arn> --current-version <version> --connectivity-info PublicAccess={Type=DISABLED}
#     Terraform: broker_node_group_info { connectivity_info { public_access { type = "DISABLED" } } }; CloudFormation: BrokerNodeGroupInfo.ConnectivityInfo.PublicAccess.Type: DISABLED
package vigil.rules.aws.msk.public_access

import data.vigil.lib.aws
import rego.v1

deny contains {
	"msg": sprintf("MSK cluster %s has public broker endpoints", [input.name]),
	"path": "provisioned.broker_node_group_info.connectivity_info.public_access.type",
} if {
	aws.known("public_access")
	input.attributes.public_access
}
