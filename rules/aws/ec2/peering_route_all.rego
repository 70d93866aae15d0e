# METADATA
# title: Routes to VPC peering connections should be narrow
# description: >-
#   A route that sends 0.0.0.0/0 or ::/0 to a peering connection makes the
#   peer the path for every address not routed elsewhere, and grants the
#   subnets broader reach into the peer than they need. Route only the
#   peer subnets the workload talks to. This check finds the widest case;
#   whether narrower routes still cover more of the peer than needed needs
#   knowledge of the workload.
# related_resources:
#   - ref: https://docs.aws.amazon.com/vpc/latest/peering/peering-configurations-partial-access.html
# custom:
#   id: aws-ec2-peering-route-all
#   severity: low
#   resource_types: [aws.ec2.route_table]
#   remediation: |-
#     aws ec2 delete-route --route-table-id <rtb> --destination-cidr-block 0.0.0.0/0
#     aws ec2 create-route --route-table-id <rtb> --destination-cidr-block <peer subnet cidr> --vpc-peering-connection-id <pcx>
package vigil.rules.aws.ec2.peering_route_all

import rego.v1

deny contains {
	"msg": sprintf("route table %s sends %s to peering connection %s", [input.attributes.route_table_id, dest, route.vpc_peering_connection_id]),
	"path": sprintf("routes[%d]", [i]),
} if {
	some i, route in object.get(input.attributes, "routes", [])
	route.vpc_peering_connection_id
	some dest in [object.get(route, "destination_cidr_block", ""), object.get(route, "destination_ipv6_cidr_block", "")]
	dest in {"0.0.0.0/0", "::/0"}
}
