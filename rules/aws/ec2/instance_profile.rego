# METADATA
# title: Running EC2 instances should use an IAM instance profile
# description: >-
#   An instance without an instance profile has no role credentials, so
#   software on it that calls AWS uses long-lived access keys stored on
#   disk or in configuration. A role gives short-lived, automatically
#   rotated credentials that can be scoped and revoked centrally.
# related_resources:
#   - ref: https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/iam-roles-for-amazon-ec2.html
# custom:
#   id: aws-ec2-instance-profile
#   severity: low
#   resource_types: [aws.ec2.instance]
#   remediation: |-
#     aws ec2 associate-iam-instance-profile --instance-id <instance> --iam-instance-profile Name=<profile>
#     and remove any access keys stored on the instance.
package vigil.rules.aws.ec2.instance_profile

import data.vigil.lib.aws
import rego.v1

deny contains {
	"msg": sprintf("instance %s (%s) runs without an IAM instance profile", [input.name, input.attributes.instance_id]),
	"path": "iam_instance_profile",
} if {
	input.attributes.state.name == "running"
	aws.known("iam_instance_profile")
	not input.attributes.iam_instance_profile
}
