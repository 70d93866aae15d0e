# METADATA
# title: EBS encryption by default should be on in every region
# description: >-
#   With encryption by default, every new EBS volume and snapshot copy in
#   the region is encrypted, whoever creates it and however. Without it,
#   each launch template, tool and person must remember to ask for
#   encryption, and unencrypted volumes slip through.
# related_resources:
#   - ref: https://docs.aws.amazon.com/ebs/latest/userguide/encryption-by-default.html
# custom:
#   id: aws-ec2-ebs-default-encryption
#   severity: medium
#   resource_types: [aws.ec2.regional_settings]
#   remediation: |-
#     Run in every region:
#     aws ec2 enable-ebs-encryption-by-default --region <region>
#     Optionally choose the key: aws ec2 modify-ebs-default-kms-key-id --kms-key-id <key arn> --region <region>
package vigil.rules.aws.ec2.ebs_default_encryption

import data.vigil.lib.aws
import rego.v1

deny contains {
	"msg": sprintf("EBS encryption by default is off %s", [aws.where]),
	"path": "ebs_encryption_by_default",
} if {
	aws.known("ebs_encryption_by_default")
	not input.attributes.ebs_encryption_by_default
}
