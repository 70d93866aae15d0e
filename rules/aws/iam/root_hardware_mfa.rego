# METADATA
# title: The root user's MFA should be a hardware device
# description: >-
#   A virtual MFA app lives on a phone or laptop that is also used for other
#   things and may be backed up or cloned. A dedicated hardware key or token,
#   kept locked away, is a stronger second factor for the account's most
#   powerful identity.
# related_resources:
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_mfa_enable_physical.html
#   - ref: https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListVirtualMFADevices.html
# custom:
#   id: aws-iam-root-hardware-mfa
#   severity: medium
#   resource_types: [aws.iam.account_settings]
#   remediation: |-
#     Sign in as the root user, register a FIDO security key or hardware TOTP
#     token under "Security credentials" and remove the virtual device. Check
#     that no virtual device is assigned to root:
#       aws iam list-virtual-mfa-devices --assignment-status Assigned \
#         --query 'VirtualMFADevices[?ends_with(SerialNumber, `root-account-mfa-device`)]'
package vigil.rules.aws.iam.root_hardware_mfa

import data.vigil.lib.aws
import rego.v1

deny contains {
	"msg": sprintf("account %s: the root user's MFA is a virtual device, not hardware", [input.account]),
	"path": "root_hardware_mfa",
} if {
	aws.known("root_hardware_mfa")
	input.attributes.root_mfa_enabled == true
	input.attributes.root_hardware_mfa == false
}

deny contains {
	"msg": sprintf("account %s: the root user has no MFA device at all, hardware or virtual", [input.account]),
	"path": "root_hardware_mfa",
} if {
	aws.known("root_mfa_enabled")
	input.attributes.root_mfa_enabled == false
}
