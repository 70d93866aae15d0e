# METADATA
# title: OpenSearch domains outside a VPC must not be open to anyone
# description: >-
#   A domain with a public endpoint (not in a VPC) whose access policy
#   allows any principal without a condition on the caller (source IP,
#   account, organisation) can be queried, written to and wiped by anyone on
#   the internet who finds the endpoint; open domains are found and
#   emptied by automated scans. A domain in a VPC is reachable only
#   through its subnets and security groups, so this rule leaves it to
#   them. AWS Security Hub controls ES.2 and Opensearch.2 ask for a VPC
#   outright.
# related_resources:
#   - ref: https://docs.aws.amazon.com/opensearch-service/latest/developerguide/ac.html
# custom:
#   id: aws-opensearch-public-access
#   severity: critical
#   resource_types: [aws.opensearch.domain]
#   remediation: |-
#     Replace the access policy with one that names the IAM principals (or narrows "*" with aws:SourceIp):
#       aws opensearch update-domain-config --domain-name <domain> --access-policies file://policy.json
#     Better: recreate the domain in a VPC (vpc_options / VPCOptions) and enable fine-grained access control.
package vigil.rules.aws.opensearch.public_access

import data.vigil.lib.aws
import rego.v1

deny contains {
	"msg": sprintf("domain %s has a public endpoint and its access policy lets anyone call %s", [input.name, concat(", ", input.attributes.policy.analysis.public_actions)]),
	"path": "policy.analysis.public",
} if {
	aws.known("public")
	input.attributes.public
}
