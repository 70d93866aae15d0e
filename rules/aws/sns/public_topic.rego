# METADATA
# title: SNS topic policies should not let anyone publish or subscribe
# description: >-
#   A topic policy that allows every principal with no narrowing condition
#   lets any AWS account publish forged messages to the topic's subscribers,
#   or subscribe and receive what it carries.
# related_resources:
#   - ref: https://docs.aws.amazon.com/sns/latest/dg/sns-access-policy-use-cases.html
#   - ref: https://docs.aws.amazon.com/sns/latest/dg/sns-security-best-practices.html
# custom:
#   id: aws-sns-public-topic
#   severity: high
#   resource_types: [aws.sns.topic]
#   remediation: |-
#     Limit the policy's principals to the accounts and services that need the topic, or add a condition
#     such as "StringEquals": {"AWS:SourceOwner": "<account>"}, then:
#       aws sns set-topic-attributes --topic-arn <topic arn> --attribute-name Policy --attribute-value file://policy.json
package vigil.rules.aws.sns.public_topic

import data.vigil.lib.aws
import rego.v1

deny contains {
	"msg": sprintf("SNS topic %s policy lets anyone %s", [input.name, concat(", ", object.get(input.attributes.policy.analysis, "public_actions", []))]),
	"path": "policy",
} if {
	aws.known("policy")
	aws.public(input.attributes.policy)
}
