# METADATA
# title: SageMaker notebook instances should not give users root access
# description: >-
#   With root access (the default), anyone who can open the notebook can
#   change the instance's software, read other users' files and the
#   instance role's credentials, and undo the lifecycle configuration's
#   controls. With it disabled, users work unprivileged and lifecycle
#   configurations still run as root. AWS Security Hub control
#   SageMaker.3.
# related_resources:
#   - ref: https://docs.aws.amazon.com/securityhub/latest/userguide/sagemaker-controls.html#sagemaker-3
# custom:
#   id: aws-sagemaker-notebook-root-access
#   severity: high
#   resource_types: [aws.sagemaker.notebook_instance]
#   remediation: |-
#     aws sagemaker stop-notebook-instance --notebook-instance-name <instance>
#     aws sagemaker update-notebook-instance --notebook-instance-name <instance> --root-access Disabled
#     Terraform: root_access = "Disabled"; CloudFormation: RootAccess: Disabled
package vigil.rules.aws.sagemaker.notebook_root_access

import data.vigil.lib.aws
import rego.v1

deny contains {
	"msg": sprintf("notebook instance %s gives its users root access", [object.get(input, "name", "")]),
	"path": "root_access",
} if {
	aws.known("root_access_enabled")
	input.attributes.root_access_enabled
}
