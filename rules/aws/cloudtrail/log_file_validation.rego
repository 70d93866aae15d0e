# METADATA
# title: CloudTrail trails should validate their log files
# description: >-
#   With log file validation on, CloudTrail writes signed digest files that
#   prove whether a delivered log was changed or deleted afterwards. Without
#   them an intruder who reaches the log bucket can rewrite history unseen.
# related_resources:
#   - ref: https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-validation-intro.html
# custom:
#   id: aws-cloudtrail-log-file-validation
#   severity: medium
#   resource_types: [aws.cloudtrail.trail]
#   remediation: |-
#     aws cloudtrail update-trail --name <trail> --enable-log-file-validation
package vigil.rules.aws.cloudtrail.log_file_validation

import data.vigil.lib.aws
import rego.v1

deny contains {
	"msg": sprintf("trail %s does not validate its log files", [input.name]),
	"path": "log_file_validation_enabled",
} if {
	not input.attributes.log_file_validation_enabled
}
