# METADATA
# title: IAM Access Analyzer should analyse external access in every region
# description: >-
#   An external access analyzer (account or organization zone of trust)
#   continuously finds buckets, keys, roles, queues and other resources that
#   are shared outside the account or organization. It works per region, so
#   every enabled region needs an active one.
# related_resources:
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-getting-started.html
# custom:
#   id: aws-accessanalyzer-not-enabled
#   severity: medium
#   resource_types: [aws.accessanalyzer.regional_settings]
#   remediation: |-
#     aws accessanalyzer create-analyzer --region <region> --analyzer-name external-access --type ACCOUNT
#     (or --type ORGANIZATION from the management or delegated administrator account)
package vigil.rules.aws.accessanalyzer.not_enabled

import rego.v1

deny contains {
	"msg": sprintf("account %s, region %s: no active external access analyzer", [input.account, input.region]),
	"path": "external_access_active",
} if {
	input.attributes.external_access_active == false
}
