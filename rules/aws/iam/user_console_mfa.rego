# METADATA
# title: IAM users with a console password should have MFA
# description: >-
#   A console password alone can be phished, guessed or reused from another
#   site's breach. Every IAM user who can sign in to the console should have
#   an MFA device, so a stolen password is not enough.
# related_resources:
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_mfa_enable.html
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_getting-report.html
# custom:
#   id: aws-iam-user-console-mfa
#   severity: high
#   resource_types: [aws.iam.user]
#   remediation: |-
#     Have the user register an MFA device, or assign one:
#       aws iam create-virtual-mfa-device --virtual-mfa-device-name <user> --outfile qr.png --bootstrap-method QRCodePNG
#       aws iam enable-mfa-device --user-name <user> --serial-number <device arn> \
#         --authentication-code1 <code> --authentication-code2 <next code>
#     If the user needs no console access: aws iam delete-login-profile --user-name <user>
package vigil.rules.aws.iam.user_console_mfa

import data.vigil.lib.aws
import rego.v1

deny contains {
	"msg": sprintf("IAM user %s can sign in to the console without MFA", [input.name]),
	"path": "credentials.mfa_active",
} if {
	aws.known("credentials")
	c := input.attributes.credentials
	c.password_enabled == true
	c.mfa_active == false
}
