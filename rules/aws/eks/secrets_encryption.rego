# METADATA
# title: EKS clusters should wrap their encryption with a customer-managed KMS key
# description: >-
#   EKS encrypts all Kubernetes API data (secrets included) at rest by
#   default with AWS-owned keys. Adding a customer-managed KMS key to the
#   cluster's encryption configuration puts that encryption under a key
#   whose policy the account controls, whose every use CloudTrail records,
#   and which can be disabled to cut access.
# related_resources:
#   - ref: https://docs.aws.amazon.com/eks/latest/userguide/enable-kms.html
# custom:
#   id: aws-eks-secrets-encryption
#   severity: low
#   resource_types: [aws.eks.cluster]
#   remediation: |-
#     aws eks associate-encryption-config --cluster-name <cluster> \
#       --encryption-config '[{"resources":["secrets"],"provider":{"keyArn":"<kms key arn>"}}]'
package vigil.rules.aws.eks.secrets_encryption

import data.vigil.lib.aws
import rego.v1

deny contains {
	"msg": sprintf("EKS cluster %s has no customer-managed KMS key in its encryption configuration", [input.name]),
	"path": "encryption_config",
} if {
	aws.known("secrets_encrypted")
	not input.attributes.secrets_encrypted
}
