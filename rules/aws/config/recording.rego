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
	"msg": sprintf("AWS Config is not recording in %s", [input.region]),
	"path": "recording",
} if {
	aws.known("recording")
	not input.attributes.recording
}

deny contains {
	"msg": sprintf("AWS Config in %s records only some resource types", [input.region]),
	"path": "all_supported",
} if {
	aws.known("recording")
	input.attributes.recording
	not input.attributes.all_supported
}
