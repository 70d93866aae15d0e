# METADATA
# title: ECR repositories must not be open to anyone
# description: >-
#   A repository policy that allows any principal without a condition on the
#   caller (source account, organisation, VPC endpoint) lets every AWS
#   account pull the images, with the code, configuration and secrets baked
#   into them, and, when it allows pushes, replace them.
# related_resources:
#   - ref: https://docs.aws.amazon.com/AmazonECR/latest/userguide/repository-policies.html
# custom:
#   id: aws-ecr-public-policy
#   severity: high
#   resource_types: [aws.ecr.repository]
#   remediation: |-
#     Replace the policy with one that names the accounts or narrows "*" with aws:PrincipalOrgID:
#       aws ecr set-repository-policy --repository-name <repository> --policy-text file://policy.json
#     or remove it: aws ecr delete-repository-policy --repository-name <repository>
#     (Images meant for everyone belong in an ECR Public repository.)
package vigil.rules.aws.ecr.public_policy

import data.vigil.lib.aws
import rego.v1

deny contains {
	"msg": sprintf("repository %s: its policy lets anyone call %s", [input.name, concat(", ", input.attributes.policy.analysis.public_actions)]),
	"path": "policy.analysis.public",
} if {
	aws.known("policy")
	aws.public(input.attributes.policy)
}
