# METADATA
# title: S3 object-level write events should be recorded by a multi-region trail
# description: >-
#   Management events do not show who touched which object. Recording S3
#   object-level writes (PutObject, DeleteObject …) for every bucket on a multi-region trail that is
#   logging gives the trail needed to investigate data access or tampering.
#   Before deployment, a configuration none of whose trails records them
#   is reported on each of its trails.
# related_resources:
#   - ref: https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-cloudtrail-logging-for-s3.html
#   - ref: https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-data-events-with-cloudtrail.html
# custom:
#   id: aws-cloudtrail-s3-data-events-write
#   severity: medium
#   resource_types: [aws.cloudtrail.account_settings, aws.cloudtrail.trail]
#   related_types: [aws.cloudtrail.trail]
#   remediation: |-
#     aws cloudtrail put-event-selectors --trail-name <multi-region trail> --advanced-event-selectors \
#       '[{"Name":"Management events","FieldSelectors":[{"Field":"eventCategory","Equals":["Management"]}]},
#         {"Name":"S3 objects","FieldSelectors":[{"Field":"eventCategory","Equals":["Data"]},{"Field":"resources.type","Equals":["AWS::S3::Object"]}]}]'
package vigil.rules.aws.cloudtrail.s3_data_events_write

import data.vigil.lib.aws
import rego.v1

_trails := [t | some t in vigil.resources("aws.cloudtrail.trail"); t.account == input.account]

_undetermined if {
	some t in _trails
	some attr in ["is_multi_region_trail", "is_logging", "s3_data_events_write"]
	attr in object.get(t.attributes, "unread", [])
}

_recorded if {
	some t in _trails
	t.attributes.is_multi_region_trail == true
	t.attributes.is_logging == true
	t.attributes.s3_data_events_write == true
}

deny contains {
	"msg": sprintf("account %s: no logging multi-region trail records S3 object-level write events for every bucket", [input.account]),
	"path": "multi_region_trail_arns",
} if {
	input.type == "aws.cloudtrail.account_settings"
	not _undetermined
	not _recorded
}

# A configuration declares trails, not the account's others: when none of
# them records these events, each declared trail is reported.
deny contains {
	"msg": sprintf("trail %s does not record S3 object-level write events for every bucket, and no declared logging multi-region trail does; a live scan checks whether another trail of the account does", [input.name]),
	"path": "s3_data_events_write",
} if {
	input.type == "aws.cloudtrail.trail"
	aws.declared
	not _undetermined
	not _recorded
	not input.attributes.s3_data_events_write
}
