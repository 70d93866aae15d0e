# METADATA
# title: S3 buckets must have Block Public Access on
# description: >-
#   S3 Block Public Access is the guard rail that stops a bucket policy or
#   ACL from opening data to the internet by mistake. All four switches
#   (block and ignore public ACLs, block public policies, restrict public
#   buckets) should be on for every bucket, either on the bucket itself or
#   for the whole account.
# related_resources:
#   - ref: https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html
# custom:
#   id: aws-s3-block-public-access
#   severity: medium
#   resource_types: [aws.s3.bucket]
#   remediation: |-
#     Turn on all four settings for the account (preferred) or the bucket:
#       aws s3control put-public-access-block --account-id <account> \
#         --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true
#       aws s3api put-public-access-block --bucket <bucket> \
#         --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true
package vigil.rules.aws.s3.block_public_access

import data.vigil.lib.aws
import rego.v1

_switches := ["block_public_acls", "ignore_public_acls", "block_public_policy", "restrict_public_buckets"]

deny contains {
	"msg": sprintf("bucket %s: Block Public Access is not fully on (%s off on both bucket and account)", [input.name, concat(", ", off)]),
	"path": "effective_public_access_block",
} if {
	aws.known("public_access_block")
	aws.known("effective_public_access_block")
	eff := input.attributes.effective_public_access_block
	off := [k | some k in _switches; not eff[k]]
	count(off) > 0
}

# A configuration that declares no account-level block (or one known only
# at deployment) leaves the account's setting unknown: the bucket is
# judged by the block it declares itself.
deny contains {
	"msg": sprintf("bucket %s declares %s; a live scan also checks whether account-level Block Public Access covers the bucket", [input.name, declared]),
	"path": "public_access_block",
} if {
	aws.declared
	aws.known("public_access_block")
	not aws.known("effective_public_access_block")
	declared := _declared_off
}

# S3 turns all four switches on for a bucket it creates (since April
# 2023), but a configuration without the block neither requires nor
# keeps them on: a change outside it goes unnoticed.
_declared_off := "no bucket-level Block Public Access (S3 turns it on for a new bucket, but nothing here keeps it on)" if {
	not input.attributes.public_access_block
}

_declared_off := sprintf("Block Public Access with %s off", [concat(", ", off)]) if {
	own := input.attributes.public_access_block
	off := [k | some k in _switches; not own[k]]
	count(off) > 0
}
