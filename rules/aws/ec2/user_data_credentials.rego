# METADATA
# title: EC2 instance user data must not hold credentials
# description: >-
#   An instance's user data is readable by anyone allowed
#   ec2:DescribeInstanceAttribute, and from the instance itself by every
#   process through the metadata service, without credentials; it is also
#   kept in the template and its history. Access keys and passwords written
#   into a boot script belong in Secrets Manager or Parameter Store, read at
#   boot with the instance profile's role. Before deployment, the user data
#   the declaration writes is read (Terraform user_data and
#   user_data_base64, CloudFormation UserData, a launch template's); of a
#   Terraform script interpolating values known only after deployment, the
#   parts known before are read (a CloudFormation one is not read). A live
#   scan does not read user data, so this rule judges declarations only.
#   The finding shows each credential redacted.
# related_resources:
#   - ref: https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/user-data.html
#   - ref: https://docs.aws.amazon.com/secretsmanager/latest/userguide/retrieving-secrets.html
# custom:
#   id: aws-ec2-user-data-credentials
#   severity: high
#   resource_types: [aws.ec2.instance]
#   remediation: |-
#     Store the secret, give the instance profile's role secretsmanager:GetSecretValue on it, and
#     read it in the script instead of writing it there:
#       aws secretsmanager create-secret --name <app>/<name> --secret-string '<value>'
#       DB_PASSWORD=$(aws secretsmanager get-secret-value --secret-id <app>/<name> --query SecretString --output text)
#     For AWS access keys, give the instance an instance profile and remove the keys. Then rotate
#     every exposed credential (aws iam update-access-key --status Inactive, change the password):
#     the old user data stays in the template's history.
package vigil.rules.aws.ec2.user_data_credentials

import rego.v1

deny contains {
	"msg": sprintf("instance %s: user data holds a credential at %s (%s)", [input.name, c.key, c.kind]),
	"path": "user_data_credentials",
} if {
	some c in input.attributes.user_data_credentials
}
