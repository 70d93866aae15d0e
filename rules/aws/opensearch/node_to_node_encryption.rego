# METADATA
# title: OpenSearch domains should encrypt traffic between nodes
# description: >-
#   Without node-to-node encryption, documents and queries cross the
#   domain's internal network between nodes in plain text, even when
#   clients use HTTPS. It needs Elasticsearch 6.0 or later, or OpenSearch.
#   AWS Security Hub controls ES.3 and Opensearch.3.
# related_resources:
#   - ref: https://docs.aws.amazon.com/opensearch-service/latest/developerguide/ntn.html
# custom:
#   id: aws-opensearch-node-to-node-encryption
#   severity: medium
#   resource_types: [aws.opensearch.domain]
#   remediation: |-
#     aws opensearch update-domain-config --domain-name <domain> --node-to-node-encryption-options Enabled=true
#     Terraform: node_to_node_encryption { enabled = true }; CloudFormation: NodeToNodeEncryptionOptions: {Enabled: true}
package vigil.rules.aws.opensearch.node_to_node_encryption

import data.vigil.lib.aws
import rego.v1

deny contains {
	"msg": sprintf("domain %s does not encrypt traffic between its nodes", [input.name]),
	"path": "node_to_node_encryption_options.enabled",
} if {
	aws.known("node_to_node_encrypted")
	not input.attributes.node_to_node_encrypted
}
