# METADATA
# title: OpenSearch domains should be encrypted at rest
# description: >-
#   Encryption at rest protects a domain's indices, logs, swap files and
#   automated snapshots under a KMS key. Elasticsearch domains before 5.1
#   cannot be encrypted: upgrading them is part of the fix. AWS Security
#   Hub controls ES.1 and Opensearch.1.
# related_resources:
#   - ref: https://docs.aws.amazon.com/opensearch-service/latest/developerguide/encryption-at-rest.html
# custom:
#   id: aws-opensearch-encryption-at-rest
#   severity: medium
#   resource_types: [aws.opensearch.domain]
#   remediation: |-
#     aws opensearch update-domain-config --domain-name <domain> --encryption-at-rest-options Enabled=true,KmsKeyId=<key>
#     Terraform: encrypt_at_rest { enabled = true }; CloudFormation: EncryptionAtRestOptions: {Enabled: true}
package vigil.rules.aws.opensearch.encryption_at_rest

import data.vigil.lib.aws
import rego.v1

deny contains {
	"msg": sprintf("domain %s is not encrypted at rest", [input.name]),
	"path": "encryption_at_rest_options.enabled",
} if {
	aws.known("encrypted_at_rest")
	not input.attributes.encrypted_at_rest
}
