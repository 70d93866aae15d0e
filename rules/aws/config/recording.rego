# METADATA
# title: AWS Config should record every resource type in each region
# description: >-
#   AWS Config keeps the configuration history of resources and feeds
#   compliance checks and incident investigation. A region where no recorder
#   is running, or where only some resource types are recorded, has gaps in
#   that history.
# related_resources:
#   - ref: https://docs.aws.amazon.com/config/latest/developerguide/stop-start-recorder.html
#   - ref: https://docs.aws.amazon.com/config/latest/developerguide/select-resources.html
# custom:
#   id: aws-config-recording
#   severity: medium
#   resource_types: [aws.config.regional_settings]
#   remediation: |-
#     aws configservice put-configuration-recorder --region <region> --configuration-recorder \
#       name=default,roleARN=arn:aws:iam::<account>:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig \
#       --recording-group allSupported=true,includeGlobalResourceTypes=true
#     aws configservice put-delivery-channel --region <region> --delivery-channel name=default,s3BucketName=<bucket>
#     aws configservice start-configuration-recorder --region <region> --configuration-recorder-name default
package vigil.rules.aws.config.recording

import data.vigil.lib.aws
import rego.v1

deny contains {
	"msg": sprintf("AWS Config is not recording %s", [aws.where]),
	"path": "recording",
} if {
	aws.known("recording")
	not input.attributes.recording
}

deny contains {
	"msg": sprintf("AWS Config records only some resource types %s", [aws.where]),
	"path": "all_supported",
} if {
	aws.known("recording")
	input.attributes.recording
	not input.attributes.all_supported
}

# A recorder whose status is known only after deployment (CloudFormation
# starts it once a delivery channel exists) is judged by the resource
# types its declared recording group covers.
deny contains {
	"msg": sprintf("AWS Config recorder %s is declared to record only some resource types; a live scan also checks that it is recording", [r.name]),
	"path": sprintf("configuration_recorders[%d].recording_group", [i]),
} if {
	aws.declared
	not aws.known("recording")
	aws.known("configuration_recorders")
	some i, r in input.attributes.configuration_recorders
	not r.recording_group.all_supported
	not object.get(r.recording_group, ["recording_strategy", "use_only"], "") == "ALL_SUPPORTED_RESOURCE_TYPES"
}
