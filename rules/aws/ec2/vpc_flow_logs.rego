# METADATA
# title: VPCs should have flow logs
# description: >-
#   Flow logs record the connections accepted and rejected in a VPC. Without
#   them there is no record to investigate an intrusion, spot data
#   exfiltration or debug a security group after the fact.
# related_resources:
#   - ref: https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs.html
# custom:
#   id: aws-ec2-vpc-flow-logs
#   severity: medium
#   resource_types: [aws.ec2.vpc]
#   remediation: |-
#     aws ec2 create-flow-logs --resource-type VPC --resource-ids <vpc> --traffic-type REJECT \
#       --log-destination-type cloud-watch-logs --log-group-name <group> --deliver-logs-permission-arn <role arn>
package vigil.rules.aws.ec2.vpc_flow_logs

import data.vigil.lib.aws
import rego.v1

deny contains {
	"msg": sprintf("VPC %s (%s) has no active flow log", [input.name, input.attributes.vpc_id]),
	"path": "flow_logs_enabled",
} if {
	aws.known("flow_logs_enabled")
	not input.attributes.flow_logs_enabled
}
