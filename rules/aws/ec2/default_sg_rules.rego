# METADATA
# title: Default security groups should have no rules
# description: >-
#   Every VPC has a default security group that instances and interfaces
#   join when nobody picks another. If it has rules, resources launched
#   carelessly get that access silently. Leave it empty so such resources
#   can talk to nothing, and use purpose-built groups.
# related_resources:
#   - ref: https://docs.aws.amazon.com/vpc/latest/userguide/default-security-group.html
# custom:
#   id: aws-ec2-default-sg-rules
#   severity: medium
#   resource_types: [aws.ec2.security_group]
#   remediation: |-
#     Move resources to dedicated groups, then empty the default group:
#     aws ec2 revoke-security-group-ingress --group-id <default sg> --ip-permissions "$(aws ec2 describe-security-groups --group-ids <default sg> --query 'SecurityGroups[0].IpPermissions')"
#     aws ec2 revoke-security-group-egress --group-id <default sg> --ip-permissions "$(aws ec2 describe-security-groups --group-ids <default sg> --query 'SecurityGroups[0].IpPermissionsEgress')"
package vigil.rules.aws.ec2.default_sg_rules

import data.vigil.lib.aws
import rego.v1

# A group built in IaC from rule resources alone (its group declared by
# another configuration) does not know whether it is the default one.
deny contains {
	"msg": sprintf("default security group %s of %s has %d %s rule(s)", [input.attributes.group_id, object.get(input.attributes, "vpc_id", "?"), count(rules), direction]),
	"path": key,
} if {
	aws.known("is_default")
	input.attributes.is_default
	some key, direction in {"ip_permissions": "inbound", "ip_permissions_egress": "outbound"}
	rules := object.get(input.attributes, key, [])
	count(rules) > 0
}
