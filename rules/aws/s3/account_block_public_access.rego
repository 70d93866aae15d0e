# METADATA
# title: The account should block S3 public access for every bucket
# description: >-
#   The account-level S3 Block Public Access setting applies to every bucket
#   present and future, so a new bucket cannot be made public by mistake.
# related_resources:
#   - ref: https://docs.aws.amazon.com/AmazonS3/latest/userguide/configuring-block-public-access-account.html
# custom:
#   id: aws-s3-account-block-public-access
#   severity: medium
#   resource_types: [aws.s3.account_settings]
#   remediation: |-
#     aws s3control put-public-access-block --account-id <account> \
#       --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true
package vigil.rules.aws.s3.account_block_public_access

import data.vigil.lib.aws
import rego.v1

deny contains {
	"msg": sprintf("%s has no S3 Block Public Access configuration", [aws.account_name]),
	"path": "public_access_block",
} if {
	not input.attributes.public_access_block
}

deny contains {
	"msg": sprintf("S3 Block Public Access %s is off for %s", [k, aws.account_name]),
	"path": concat(".", ["public_access_block", k]),
} if {
	pab := input.attributes.public_access_block
	some k in ["block_public_acls", "ignore_public_acls", "block_public_policy", "restrict_public_buckets"]
	not pab[k]
}
