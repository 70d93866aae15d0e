# METADATA
# title: EventBridge event buses must not accept events from anyone
# description: >-
#   An event bus policy that allows any principal without a condition on
#   the caller's account or organisation lets any AWS account put events on
#   the bus, and so trigger every rule and target behind it.
# related_resources:
#   - ref: https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-bus-perms.html
# custom:
#   id: aws-events-public-policy
#   severity: high
#   resource_types: [aws.events.event_bus]
#   remediation: |-
#     Remove the public statement and grant named accounts, or your organisation:
#       aws events remove-permission --event-bus-name <bus> --statement-id <sid>
#       aws events put-permission --event-bus-name <bus> --action events:PutEvents \
#         --principal '*' --statement-id org \
#         --condition '{"Type":"StringEquals","Key":"aws:PrincipalOrgID","Value":"<org id>"}'
package vigil.rules.aws.events.public_policy

import data.vigil.lib.aws
import rego.v1

deny contains {
	"msg": sprintf("event bus %s: its policy lets anyone call %s", [input.name, concat(", ", input.attributes.policy.analysis.public_actions)]),
	"path": "policy.analysis.public",
} if {
	aws.known("policy")
	aws.public(input.attributes.policy)
}
