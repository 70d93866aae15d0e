# METADATA
# title: Security groups must not open SMB/CIFS (port 445) to the internet
# description: >-
#   SMB file sharing on TCP 445 is a frequent target of worms and
#   ransomware and was never meant to face the internet. A security group
#   that admits 0.0.0.0/0 or ::/0 on port 445 — alone, in a port range or
#   through an all-protocols rule — exposes every instance that uses it.
# related_resources:
#   - ref: https://docs.aws.amazon.com/vpc/latest/userguide/vpc-security-groups.html
# custom:
#   id: aws-ec2-smb-open
#   severity: high
#   resource_types: [aws.ec2.security_group]
#   remediation: |-
#     Remove the rule and allow only the networks that need file shares:
#     aws ec2 revoke-security-group-ingress --group-id <sg> --ip-permissions \
#       'IpProtocol=tcp,FromPort=445,ToPort=445,IpRanges=[{CidrIp=0.0.0.0/0}]'
#     aws ec2 authorize-security-group-ingress --group-id <sg> --protocol tcp --port 445 --cidr <trusted cidr>
package vigil.rules.aws.ec2.smb_open

import data.vigil.lib.aws_net
import rego.v1

deny contains {
	"msg": sprintf("security group %s (%s) allows TCP 445 (SMB) from %s", [input.name, input.attributes.group_id, cidr]),
	"path": sprintf("ip_permissions[%d]", [i]),
} if {
	some i, perm in object.get(input.attributes, "ip_permissions", [])
	some cidr in [aws_net.any_ipv4, aws_net.any_ipv6]
	aws_net.sg_open(perm, cidr, 445)
}
