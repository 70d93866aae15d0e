# METADATA
# title: EKS clusters should envelope-encrypt secrets with a KMS key
# description: >-
#   With a KMS key in the cluster's encryption configuration, Kubernetes
#   secrets are encrypted with a data key that the customer-managed key
#   protects, so access to etcd data alone does not reveal them and the
#   key's use is logged and can be revoked.
# related_resources:
#   - ref: https://docs.aws.amazon.com/eks/latest/userguide/enable-kms.html
# custom:
#   id: aws-eks-secrets-encryption
#   severity: medium
#   resource_types: [aws.eks.cluster]
#   remediation: |-
#     aws eks associate-encryption-config --cluster-name <cluster> \
#       --encryption-config '[{"resources":["secrets"],"provider":{"keyArn":"<kms key arn>"}}]'
package vigil.rules.aws.eks.secrets_encryption

import data.vigil.lib.aws
import rego.v1

deny contains {
	"msg": sprintf("EKS cluster %s does not envelope-encrypt secrets with a KMS key", [input.name]),
	"path": "encryption_config",
} if {
	aws.known("secrets_encrypted")
	not input.attributes.secrets_encrypted
}
