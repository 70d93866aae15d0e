# METADATA
# title: Cognito user pools should enforce threat protection
# description: >-
#   Threat protection (advanced security) scores each sign-in for
#   compromised credentials, unusual devices and locations. In full-function
#   mode it blocks or challenges risky sign-ins with MFA; in audit mode it
#   only records them, and off it does nothing, so a credential-stuffing
#   run against the pool goes on. It needs the Plus feature plan. AWS
#   Security Hub control Cognito.1.
# related_resources:
#   - ref: https://docs.aws.amazon.com/securityhub/latest/userguide/cognito-controls.html#cognito-1
#   - ref: https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pool-settings-threat-protection.html
# custom:
#   id: aws-cognito-threat-protection
#   severity: medium
#   resource_types: [aws.cognito.user_pool]
#   remediation: |-
#     aws cognito-idp update-user-pool --user-pool-id <pool> --user-pool-add-ons AdvancedSecurityMode=ENFORCED
#     (update-user-pool resets settings it is not given: pass the pool's current settings too)
#     Terraform: user_pool_add_ons { advanced_security_mode = "ENFORCED" }; CloudFormation: UserPoolAddOns: { AdvancedSecurityMode: ENFORCED }
package vigil.rules.aws.cognito.threat_protection

import data.vigil.lib.aws
import rego.v1

deny contains {
	"msg": sprintf("Cognito user pool %s does not enforce threat protection (advanced security mode %s)", [object.get(input, "name", ""), object.get(input.attributes, ["user_pool_add_ons", "advanced_security_mode"], "OFF")]),
	"path": "user_pool_add_ons.advanced_security_mode",
} if {
	aws.known("threat_protection_enforced")
	not input.attributes.threat_protection_enforced
}
