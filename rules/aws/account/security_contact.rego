# METADATA
# title: The account should have a security alternate contact
# description: >-
#   AWS writes to the security alternate contact about abuse reports,
#   compromised credentials and other security events. Without one these
#   messages go only to the root user's mailbox, which is often unread.
# related_resources:
#   - ref: https://docs.aws.amazon.com/accounts/latest/reference/manage-acct-update-contact-alternate.html
# custom:
#   id: aws-account-security-contact
#   severity: medium
#   resource_types: [aws.account.settings]
#   remediation: |-
#     aws account put-alternate-contact --alternate-contact-type SECURITY \
#       --name "Security team" --title "Security" --email-address security@example.com --phone-number "+1-555-0100"
package vigil.rules.aws.account.security_contact

import data.vigil.lib.aws
import rego.v1

deny contains {
	"msg": sprintf("account %s has no security alternate contact", [input.account]),
	"path": "security_contact",
} if {
	aws.known("security_contact")
	not input.attributes.security_contact
}
