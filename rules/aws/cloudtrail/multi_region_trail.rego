# METADATA
# title: A multi-region CloudTrail trail should log every management event
# description: >-
#   Without a trail that covers every region and records both read and write
#   management events, API activity in a forgotten region, or the reads an
#   intruder makes while exploring, leaves no audit record. At least one
#   multi-region trail should be logging all management events with no event
#   source excluded. Before deployment, a configuration whose trails are
#   all single-region or leave management events out is reported on each
#   such trail.
# related_resources:
#   - ref: https://docs.aws.amazon.com/awscloudtrail/latest/userguide/receive-cloudtrail-log-files-from-multiple-regions.html
#   - ref: https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-management-events-with-cloudtrail.html
# custom:
#   id: aws-cloudtrail-multi-region-trail
#   severity: high
#   resource_types: [aws.cloudtrail.account_settings, aws.cloudtrail.trail]
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
	some attr in ["is_multi_region_trail", "is_logging", "all_management_events"]
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
	input.type == "aws.cloudtrail.account_settings"
	not _undetermined
	not _organization_trail
	count([t | some t in _trails; _good(t)]) == 0
}

# A configuration declares trails, not the account's others: when none of
# its trails logs every management event in every region, each trail
# that is single-region or leaves management events out is reported (a
# stopped trail is aws-cloudtrail-logging-stopped's).
deny contains {
	"msg": sprintf("trail %s %s, and no declared trail is a multi-region trail logging every read and write management event; a live scan checks whether another trail of the account is", [input.name, concat(" and ", gaps)]),
	"path": path,
} if {
	input.type == "aws.cloudtrail.trail"
	aws.declared
	not _undetermined
	count([t | some t in _trails; _good(t)]) == 0
	gaps := [g | some attr in ["is_multi_region_trail", "all_management_events"]; input.attributes[attr] == false; g := _gap[attr]]
	count(gaps) > 0
	path := [attr | some attr in ["is_multi_region_trail", "all_management_events"]; input.attributes[attr] == false][0]
}

_gap := {
	"is_multi_region_trail": "is single-region",
	"all_management_events": "leaves some read or write management events out",
}
