# METADATA
# title: SQS queues must not be open to anyone
# description: >-
#   A queue policy that allows any principal without a condition on the
#   caller (source ARN, source account, organisation, VPC endpoint) lets any
#   AWS account send, read or delete messages: injected work items, stolen
#   payloads and lost messages follow.
# related_resources:
#   - ref: https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-basic-examples-of-sqs-policies.html
# custom:
#   id: aws-sqs-public-policy
#   severity: high
#   resource_types: [aws.sqs.queue]
#   remediation: |-
#     Replace the policy with one that names the principals, or narrows "*"
#     with aws:SourceArn / aws:SourceAccount / aws:PrincipalOrgID:
#       aws sqs set-queue-attributes --queue-url <url> --attributes file://policy.json
package vigil.rules.aws.sqs.public_policy

import data.vigil.lib.aws
import rego.v1

deny contains {
	"msg": sprintf("queue %s: its policy lets anyone call %s", [input.name, concat(", ", input.attributes.policy.analysis.public_actions)]),
	"path": "policy.analysis.public",
} if {
	aws.known("policy")
	aws.public(input.attributes.policy)
}
