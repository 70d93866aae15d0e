# METADATA
# title: A multi-region CloudTrail trail should log every management event
# description: >-
#   Without a trail that covers every region and records both read and write
#   management events, API activity in a forgotten region, or the reads an
#   intruder makes while exploring, leaves no audit record. At least one
#   multi-region trail should be logging all management events with no event
#   source excluded.
# related_resources:
#   - ref: https://docs.aws.amazon.com/awscloudtrail/latest/userguide/receive-cloudtrail-log-files-from-multiple-regions.html
#   - ref: https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-management-events-with-cloudtrail.html
# custom:
#   id: aws-cloudtrail-multi-region-trail
#   severity: high
#   resource_types: [aws.cloudtrail.account_settings]
#   related_types: [aws.cloudtrail.trail]
#   remediation: |-
#     aws cloudtrail create-trail --name <trail> --s3-bucket-name <bucket> --is-multi-region-trail \
#       --enable-log-file-validation --kms-key-id <key arn>
#     aws cloudtrail put-event-selectors --trail-name <trail> \
#       --advanced-event-selectors '[{"Name":"Management events","FieldSelectors":[{"Field":"eventCategory","Equals":["Management"]}]}]'
#     aws cloudtrail start-logging --name <trail>
package vigil.rules.aws.cloudtrail.multi_region_trail

import data.vigil.lib.aws
import rego.v1

_trails := [t | some t in vigil.resources("aws.cloudtrail.trail"); t.account == input.account]

_good(t) if {
	t.attributes.is_multi_region_trail == true
	t.attributes.is_logging == true
	t.attributes.all_management_events == true
}

_undetermined if {
	some t in _trails
	some attr in ["is_logging", "all_management_events"]
	attr in object.get(t.attributes, "unread", [])
}

# An organisation trail owned by the management account applies here too;
# its settings cannot be read from this account.
_organization_trail if {
	some arn in object.get(input.attributes, "multi_region_trail_arns", [])
	split(arn, ":")[4] != input.account
}

deny contains {
	"msg": sprintf("account %s has no multi-region CloudTrail trail that is logging every read and write management event", [input.account]),
	"path": "multi_region_trail_arns",
} if {
	not _undetermined
	not _organization_trail
	count([t | some t in _trails; _good(t)]) == 0
}
