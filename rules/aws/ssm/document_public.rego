# METADATA
# title: Systems Manager documents the account owns should not be public
# description: >-
#   A document shared with "All" can be read and run by every AWS
#   account. Documents often carry internal hostnames, script paths,
#   bucket names and sometimes credentials, and a public runbook tells an
#   attacker how the estate is operated. Share documents with named
#   accounts instead. AWS Security Hub control SSM.4.
# related_resources:
#   - ref: https://docs.aws.amazon.com/securityhub/latest/userguide/ssm-controls.html#ssm-4
#   - ref: https://docs.aws.amazon.com/systems-manager/latest/userguide/documents-ssm-sharing.html
# custom:
#   id: aws-ssm-document-public
#   severity: critical
#   resource_types: [aws.ssm.document]
#   remediation: |-
#     aws ssm modify-document-permission --name <document> --permission-type Share --account-ids-to-remove All
#     Terraform: permissions = { type = "Share", account_ids = "<account id>,<account id>" } (not "All")
package vigil.rules.aws.ssm.document_public

import data.vigil.lib.aws
import rego.v1

deny contains {
	"msg": sprintf("Systems Manager document %s is shared with every AWS account", [object.get(input, "name", "")]),
	"path": "shared_with",
} if {
	aws.known("public")
	input.attributes.public
}
