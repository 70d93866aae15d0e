# METADATA
# title: AMIs should not be public
# description: >-
#   Anyone can launch a public AMI and inspect its disks, which often
#   contain application code, configuration and forgotten credentials.
#   Share images with specific accounts or the organisation instead.
# related_resources:
#   - ref: https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/sharingamis-intro.html
#   - ref: https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/block-public-access-to-amis.html
# custom:
#   id: aws-ec2-public-image
#   severity: high
#   resource_types: [aws.ec2.image]
#   remediation: |-
#     aws ec2 modify-image-attribute --image-id <ami> --launch-permission "Remove=[{Group=all}]"
#     and block new public sharing: aws ec2 enable-image-block-public-access --image-block-public-access-state block-new-sharing --region <region>
package vigil.rules.aws.ec2.public_image

import rego.v1

deny contains {
	"msg": sprintf("AMI %s (%s) is public", [input.attributes.image_id, input.name]),
	"path": "public",
} if {
	input.attributes.public
}
