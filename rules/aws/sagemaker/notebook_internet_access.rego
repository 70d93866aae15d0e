# METADATA
# title: SageMaker notebook instances should not have direct internet access
# description: >-
#   With direct internet access a notebook instance reaches the internet
#   through SageMaker's own network, around the VPC's security groups,
#   network ACLs, proxies and flow logs, so data can leave and code can
#   come in unseen. With it disabled, traffic goes through the VPC
#   (a NAT gateway or VPC endpoints). AWS Security Hub control
#   SageMaker.1.
# related_resources:
#   - ref: https://docs.aws.amazon.com/securityhub/latest/userguide/sagemaker-controls.html#sagemaker-1
# custom:
#   id: aws-sagemaker-notebook-internet-access
#   severity: high
#   resource_types: [aws.sagemaker.notebook_instance]
#   remediation: |-
#     Direct internet access is fixed at creation: create the instance again in a VPC subnet with
#     aws sagemaker create-notebook-instance ... --subnet-id <subnet> --security-group-ids <group> --direct-internet-access Disabled
#     Terraform: direct_internet_access = "Disabled" with subnet_id; CloudFormation: DirectInternetAccess: Disabled with SubnetId
package vigil.rules.aws.sagemaker.notebook_internet_access

import data.vigil.lib.aws
import rego.v1

deny contains {
	"msg": sprintf("notebook instance %s reaches the internet directly, around its VPC", [object.get(input, "name", "")]),
	"path": "direct_internet_access",
} if {
	aws.known("direct_internet_access_enabled")
	input.attributes.direct_internet_access_enabled
}
