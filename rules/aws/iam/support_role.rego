# METADATA
# title: Someone should hold the AWSSupportAccess policy
# description: >-
#   Opening and following AWS Support cases during an incident should not
#   need root or administrator access. A role (or group) holding the AWS
#   managed AWSSupportAccess policy gives responders exactly that.
# related_resources:
#   - ref: https://docs.aws.amazon.com/awssupport/latest/user/accessing-support.html
#   - ref: https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSSupportAccess.html
# custom:
#   id: aws-iam-support-role
#   severity: low
#   resource_types: [aws.iam.account_settings]
#   remediation: |-
#     aws iam create-role --role-name support \
#       --assume-role-policy-document '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::<account>:root"},"Action":"sts:AssumeRole"}]}'
#     aws iam attach-role-policy --role-name support --policy-arn arn:aws:iam::aws:policy/AWSSupportAccess
package vigil.rules.aws.iam.support_role

import data.vigil.lib.aws
import rego.v1

deny contains {
	"msg": sprintf("account %s: no user, group or role holds AWSSupportAccess", [input.account]),
	"path": "support_role_attached",
} if {
	aws.known("support_role_attached")
	input.attributes.support_role_attached == false
}
