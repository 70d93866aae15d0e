# METADATA
# title: Security groups must not open SSH or RDP to the whole IPv4 internet
# description: >-
#   A security group that admits 0.0.0.0/0 on TCP 22 or 3389 — directly,
#   in a port range that includes them, or through an all-protocols rule —
#   lets anyone on the internet try to log in to its instances. Reach them
#   through Systems Manager Session Manager, a bastion or a VPN instead.
#   The ports are the rule parameter admin_ports (default 22 and 3389).
# related_resources:
#   - ref: https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html
#   - ref: https://docs.aws.amazon.com/systems-manager/latest/userguide/session-manager.html
# custom:
#   id: aws-ec2-sg-admin-ports-ipv4
#   severity: high
#   resource_types: [aws.ec2.security_group]
#   remediation: |-
#     aws ec2 revoke-security-group-ingress --group-id <sg> --ip-permissions \
#       'IpProtocol=tcp,FromPort=22,ToPort=22,IpRanges=[{CidrIp=0.0.0.0/0}]'
#     (repeat for the offending rule as listed by aws ec2 describe-security-groups --group-ids <sg>),
#     then allow only trusted ranges, or use Session Manager and no inbound rule at all.
package vigil.rules.aws.ec2.sg_admin_ports_ipv4

import data.vigil.lib.aws_net
import rego.v1

deny contains {
	"msg": sprintf("security group %s (%s) allows TCP %d from 0.0.0.0/0", [input.name, input.attributes.group_id, port]),
	"path": sprintf("ip_permissions[%d]", [i]),
} if {
	some i, perm in object.get(input.attributes, "ip_permissions", [])
	some port in vigil.param(input, "admin_ports")
	aws_net.sg_open(perm, aws_net.any_ipv4, port)
}
