# METADATA
# title: S3 buckets must not be readable or writable by anyone
# description: >-
#   A bucket whose policy allows any principal without a narrowing
#   condition, or whose ACL grants AllUsers or AuthenticatedUsers, is open to
#   the internet unless Block Public Access overrides it. Public buckets are
#   the most common source of cloud data leaks.
# related_resources:
#   - ref: https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html#access-control-block-public-access-policy-status
# custom:
#   id: aws-s3-public-bucket
#   severity: critical
#   resource_types: [aws.s3.bucket]
#   remediation: |-
#     Remove the public statement from the bucket policy (or add a condition
#     on aws:SourceVpce, aws:PrincipalOrgID …), remove AllUsers and
#     AuthenticatedUsers grants from the ACL, and turn on Block Public Access.
#     Serve public content through CloudFront with origin access control.
package vigil.rules.aws.s3.public_bucket

import rego.v1

deny contains {
	"msg": sprintf("bucket %s is public through its policy (actions: %s)", [input.name, concat(", ", input.attributes.policy.analysis.public_actions)]),
	"path": "policy.analysis.public",
} if {
	input.attributes.public
	input.attributes.policy.analysis.public
	not input.attributes.effective_public_access_block.restrict_public_buckets
}

deny contains {
	"msg": sprintf("bucket %s is public through its ACL (a grant to AllUsers or AuthenticatedUsers)", [input.name]),
	"path": "acl.public_acl",
} if {
	input.attributes.public
	input.attributes.acl.public_acl
	not input.attributes.effective_public_access_block.ignore_public_acls
}
