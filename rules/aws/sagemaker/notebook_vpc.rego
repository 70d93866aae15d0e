# METADATA
# title: SageMaker notebook instances should run in a VPC
# description: >-
#   A notebook instance created without a subnet runs in SageMaker's
#   network, where none of the account's security groups, network ACLs or
#   flow logs apply to it and it cannot reach private resources without
#   going over the internet. In a subnet of the account's own VPC it is
#   governed like the rest of the workload. A subnet of the default VPC
#   counts here; FSBP also asks for a custom VPC. AWS Security Hub control
#   SageMaker.2.
# related_resources:
#   - ref: https://docs.aws.amazon.com/securityhub/latest/userguide/sagemaker-controls.html#sagemaker-2
# custom:
#   id: aws-sagemaker-notebook-vpc
#   severity: high
#   resource_types: [aws.sagemaker.notebook_instance]
#   remediation: |-
#     The subnet is fixed at creation: create the instance again with
#     aws sagemaker create-notebook-instance ... --subnet-id <subnet> --security-group-ids <group>
#     Terraform: subnet_id and security_groups; CloudFormation: SubnetId and SecurityGroupIds
package vigil.rules.aws.sagemaker.notebook_vpc

import data.vigil.lib.aws
import rego.v1

deny contains {
	"msg": sprintf("notebook instance %s does not run in a VPC subnet", [object.get(input, "name", "")]),
	"path": "subnet_id",
} if {
	aws.known("in_vpc")
	not input.attributes.in_vpc
}
