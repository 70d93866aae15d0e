# METADATA
# title: An internet-reachable instance that allows IMDSv1 runs as a powerful role
# description: >-
#   The instance is reachable from the internet, answers the version 1
#   instance metadata service, and runs as a role that is an administrator
#   or can pass any role. A request forgery on the exposed service reads the
#   role's credentials from the metadata service and hands the attacker the
#   role's power over the account. Each finding alone is a weakness; on one
#   path they are a breach.
# custom:
#   id: aws-toxic-exposed-instance-imdsv1-admin
#   severity: critical
#   resource_types: [aws.ec2.instance]
#   remediation: |-
#     Break the path at its cheapest link first, then fix the rest:
#       aws ec2 modify-instance-metadata-options --instance-id <id> --http-tokens required
#     Then scope the role to what the instance needs, and close the
#     security group to the internet (put the instance behind a load balancer).
package vigil.combinations.exposed_instance_imdsv1_admin

import rego.v1

deny contains {
	"msg": sprintf("%s is reachable from the internet, allows IMDSv1 and %s", [input.entry.name, input.identity.detail]),
	"members": members,
} if {
	input.entry.type == "aws.ec2.instance"
	count(input.exposure.path) > 0
	some imds in input.findings
	imds.on == "entry"
	imds.rule_id == "aws-ec2-imdsv2"
	powerful
	members := {imds.id} | {f.id | some f in input.findings; f.on != "entry"; f.rule_id in links}
}

powerful if input.identity.admin

powerful if input.identity.escalates

# The findings that make the path: the internet let in, the role's power.
links := {
	"aws-ec2-sg-admin-ports-ipv4", "aws-ec2-sg-admin-ports-ipv6", "aws-ec2-nacl-admin-ports", "aws-ec2-smb-open",
	"aws-iam-inline-full-admin", "aws-iam-full-admin-policy", "aws-iam-wildcard-pass-role",
}
