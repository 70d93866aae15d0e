# METADATA
# title: Systems Manager should block public sharing of documents
# description: >-
#   While the region's public-sharing-permission setting is Enable, anyone
#   who may modify a document's permissions can make it public with one
#   call. Setting it to Disable blocks public sharing for every document
#   of the account in the region, whoever asks. AWS Security Hub control
#   SSM.7.
# related_resources:
#   - ref: https://docs.aws.amazon.com/securityhub/latest/userguide/ssm-controls.html#ssm-7
#   - ref: https://docs.aws.amazon.com/systems-manager/latest/userguide/documents-ssm-sharing.html#block-public-access
# custom:
#   id: aws-ssm-public-sharing-blocked
#   severity: critical
#   resource_types: [aws.ssm.regional_settings]
#   remediation: |-
#     aws ssm update-service-setting --setting-id /ssm/documents/console/public-sharing-permission --setting-value Disable --region <region>
#     Terraform: resource "aws_ssm_service_setting" { setting_id = "arn:aws:ssm:<region>:<account>:servicesetting/ssm/documents/console/public-sharing-permission"; setting_value = "Disable" }
package vigil.rules.aws.ssm.public_sharing_blocked

import data.vigil.lib.aws
import rego.v1

deny contains {
	"msg": sprintf("Systems Manager %s lets documents be shared publicly (public-sharing-permission %s)", [aws.where, object.get(input.attributes, "public_sharing_permission", "Enable")]),
	"path": "public_sharing_permission",
} if {
	aws.known("public_sharing_blocked")
	not input.attributes.public_sharing_blocked
}
