# METADATA
# title: Network ACLs must not admit SSH or RDP from the whole internet
# description: >-
#   A network ACL is the subnet-level filter in front of security groups.
#   It is checked entry by entry, lowest rule number first, and the first
#   match decides. An inbound allow for 0.0.0.0/0 or ::/0 that covers port
#   22 or 3389 (TCP, UDP or all protocols, alone or in a port range) and
#   is not preceded by a deny for the same traffic leaves the subnet's
#   login services reachable from anywhere whenever a security group is
#   too broad. The ports are the rule parameter admin_ports (default 22 and
#   3389).
# related_resources:
#   - ref: https://docs.aws.amazon.com/vpc/latest/userguide/nacl-rules.html
# custom:
#   id: aws-ec2-nacl-admin-ports
#   severity: medium
#   resource_types: [aws.ec2.network_acl]
#   remediation: |-
#     Add a lower-numbered deny, or narrow the allow to trusted ranges:
#     aws ec2 create-network-acl-entry --network-acl-id <acl> --ingress --rule-number <n below the allow> \
#       --protocol tcp --port-range From=22,To=22 --cidr-block 0.0.0.0/0 --rule-action deny
#     aws ec2 replace-network-acl-entry --network-acl-id <acl> --ingress --rule-number <allow n> \
#       --protocol tcp --port-range From=<from>,To=<to> --cidr-block <trusted cidr> --rule-action allow
package vigil.rules.aws.ec2.nacl_admin_ports

import data.vigil.lib.aws_net
import rego.v1

deny contains {
	"msg": sprintf("network ACL %s: inbound entry %d allows port %d (%s) from %s", [input.attributes.network_acl_id, entry.rule_number, port, concat("/", protos), cidr]),
	"path": sprintf("entries[%d]", [i]),
} if {
	entries := object.get(input.attributes, "entries", [])
	some i, entry in entries
	entry.rule_action == "allow"
	some cidr in [aws_net.any_ipv4, aws_net.any_ipv6]
	some port in vigil.param(input, "admin_ports")
	protos := sort([proto |
		some proto in ["tcp", "udp"]
		aws_net.nacl_exposes(entries, entry, cidr, proto, port)
	])
	count(protos) > 0
}
