# METADATA
# title: S3 buckets should log requests
# description: >-
#   Server access logging records every request made to a bucket: who
#   read, wrote or deleted which object, from where. Without it, the data
#   events of a bucket are lost unless CloudTrail records them, and an
#   investigation cannot tell what a leaked key or a public grant exposed.
# related_resources:
#   - ref: https://docs.aws.amazon.com/AmazonS3/latest/userguide/ServerLogs.html
# custom:
#   id: aws-s3-access-logging
#   severity: low
#   resource_types: [aws.s3.bucket]
#   remediation: |-
#     Send the bucket's access logs to a separate log bucket:
#     aws s3api put-bucket-logging --bucket <bucket> --bucket-logging-status \
#       '{"LoggingEnabled": {"TargetBucket": "<log bucket>", "TargetPrefix": "<bucket>/"}}'
#     (in Terraform, an aws_s3_bucket_logging resource).
package vigil.rules.aws.s3.access_logging

import data.vigil.lib.aws
import rego.v1

deny contains {
	"msg": sprintf("bucket %s has no server access logging", [input.name]),
	"path": "logging",
} if {
	aws.known("logging")
	not input.attributes.logging
}
