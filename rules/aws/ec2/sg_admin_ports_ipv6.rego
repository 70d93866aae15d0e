# METADATA
# title: Security groups must not open SSH or RDP to the whole IPv6 internet
# description: >-
#   The IPv6 twin of the IPv4 check: a security group that admits ::/0 on
#   TCP 22 or 3389 (directly, in a port range or through an all-protocols
#   rule) exposes the login services of every dual-stack instance using
#   it. IPv6 rules are easy to miss when only IPv4 ones are reviewed. The
#   ports are the rule parameter admin_ports (default 22 and 3389).
# related_resources:
#   - ref: https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html
# custom:
#   id: aws-ec2-sg-admin-ports-ipv6
#   severity: high
#   resource_types: [aws.ec2.security_group]
#   remediation: |-
#     aws ec2 revoke-security-group-ingress --group-id <sg> --ip-permissions \
#       'IpProtocol=tcp,FromPort=22,ToPort=22,Ipv6Ranges=[{CidrIpv6=::/0}]'
#     (match the offending rule as listed by aws ec2 describe-security-groups --group-ids <sg>).
package vigil.rules.aws.ec2.sg_admin_ports_ipv6

import data.vigil.lib.aws_net
import rego.v1

deny contains {
	"msg": sprintf("security group %s (%s) allows TCP %d from ::/0", [input.name, input.attributes.group_id, port]),
	"path": sprintf("ip_permissions[%d]", [i]),
} if {
	some i, perm in object.get(input.attributes, "ip_permissions", [])
	some port in vigil.param(input, "admin_ports")
	aws_net.sg_open(perm, aws_net.any_ipv6, port)
}
