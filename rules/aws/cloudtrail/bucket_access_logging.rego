# METADATA
# title: The CloudTrail log bucket should have server access logging on
# description: >-
#   Server access logs of the bucket that holds CloudTrail logs show who
#   read, copied or deleted the audit record itself, which the trail cannot
#   show about its own bucket.
# related_resources:
#   - ref: https://docs.aws.amazon.com/AmazonS3/latest/userguide/ServerLogs.html
#   - ref: https://docs.aws.amazon.com/awscloudtrail/latest/userguide/best-practices-security.html
# custom:
#   id: aws-cloudtrail-bucket-access-logging
#   severity: medium
#   resource_types: [aws.cloudtrail.trail]
#   related_types: [aws.s3.bucket]
#   remediation: |-
#     aws s3api put-bucket-logging --bucket <trail bucket> --bucket-logging-status \
#       '{"LoggingEnabled":{"TargetBucket":"<access log bucket>","TargetPrefix":"<trail bucket>/"}}'
package vigil.rules.aws.cloudtrail.bucket_access_logging

import data.vigil.lib.aws
import rego.v1

deny contains {
	"msg": sprintf("trail %s writes to bucket %s, which has no server access logging", [input.name, name]),
	"path": "s3_bucket_name",
} if {
	name := input.attributes.s3_bucket_name
	some b in vigil.resources("aws.s3.bucket")
	b.account == input.account
	b.attributes.name == name
	not "logging" in object.get(b.attributes, "unread", [])
	not b.attributes.logging
}
