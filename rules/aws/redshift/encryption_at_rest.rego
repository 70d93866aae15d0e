# METADATA
# title: Redshift clusters should be encrypted at rest with a KMS key
# description: >-
#   Encryption at rest protects the cluster's blocks, system data and
#   snapshots under a KMS key whose use CloudTrail records. AWS Security
#   Hub control Redshift.10.
# related_resources:
#   - ref: https://docs.aws.amazon.com/redshift/latest/mgmt/working-with-db-encryption.html
# custom:
#   id: aws-redshift-encryption-at-rest
#   severity: medium
#   resource_types: [aws.redshift.cluster]
#   remediation: |-
#     aws redshift modify-cluster --cluster-identifier <id> --encrypted --kms-key-id <key>
#     Terraform: encrypted = true, kms_key_id = aws_kms_key.<name>.arn; CloudFormation: Encrypted: true, KmsKeyId
package vigil.rules.aws.redshift.encryption_at_rest

import data.vigil.lib.aws
import rego.v1

deny contains {
	"msg": sprintf("cluster %s is not encrypted at rest with a KMS key", [input.name]),
	"path": "kms_key_id",
} if {
	aws.known("encrypted_with_kms")
	not input.attributes.encrypted_with_kms
}
