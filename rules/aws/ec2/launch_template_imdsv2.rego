# METADATA
# title: EC2 launch templates should require IMDSv2
# description: >-
#   Instances launched from a template that does not set http_tokens to
#   required accept IMDSv1, whose plain GET requests let a server-side
#   request forgery read the instance role's credentials. A template that
#   leaves metadata options out leaves the choice to the account default
#   and the AMI, so it fails too. The template's default version is
#   judged. AWS Security Hub control EC2.170.
# related_resources:
#   - ref: https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-170
# custom:
#   id: aws-ec2-launch-template-imdsv2
#   severity: low
#   resource_types: [aws.ec2.launch_template]
#   remediation: |-
#     aws ec2 create-launch-template-version --launch-template-id <template> --source-version <default> --launch-template-data '{"MetadataOptions":{"HttpTokens":"required","HttpEndpoint":"enabled"}}'
#     aws ec2 modify-launch-template --launch-template-id <template> --default-version <new version>
#     Terraform: metadata_options { http_tokens = "required" }; CloudFormation: LaunchTemplateData.MetadataOptions.HttpTokens: required
package vigil.rules.aws.ec2.launch_template_imdsv2

import data.vigil.lib.aws
import rego.v1

deny contains {
	"msg": sprintf("launch template %s lets the instances it launches accept IMDSv1 requests (http_tokens %s)", [object.get(input, "name", ""), object.get(input.attributes, ["launch_template_data", "metadata_options", "http_tokens"], "unset")]),
	"path": "launch_template_data.metadata_options.http_tokens",
} if {
	aws.known("imdsv2_required")
	not input.attributes.imdsv2_required
}
