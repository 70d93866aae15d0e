# METADATA
# title: Running EC2 instances should require IMDSv2
# description: >-
#   With IMDSv1 allowed, a server-side request forgery or an open proxy on
#   the instance can read its role credentials from the metadata service
#   with a plain GET. IMDSv2 requires a session token obtained with a PUT,
#   which such bugs usually cannot send.
# related_resources:
#   - ref: https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/configuring-IMDS-existing-instances.html
# custom:
#   id: aws-ec2-imdsv2
#   severity: high
#   resource_types: [aws.ec2.instance]
#   remediation: |-
#     aws ec2 modify-instance-metadata-options --instance-id <instance> --http-tokens required --http-endpoint enabled
#     For new instances: aws ec2 modify-instance-metadata-defaults --http-tokens required --region <region>
package vigil.rules.aws.ec2.imdsv2

import data.vigil.lib.aws
import rego.v1

deny contains {
	"msg": sprintf("instance %s (%s) accepts IMDSv1 requests (http_tokens %s)", [input.name, input.attributes.instance_id, object.get(input.attributes, ["metadata_options", "http_tokens"], "unset")]),
	"path": "metadata_options.http_tokens",
} if {
	input.attributes.state.name == "running"
	aws.known("metadata_options")
	aws.known("imdsv2_required")
	not input.attributes.imdsv2_required
}
