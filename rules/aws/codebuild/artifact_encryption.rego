# METADATA
# title: CodeBuild S3 artifacts should be encrypted
# description: >-
#   With encryption disabled CodeBuild uploads build outputs (packages,
#   images, reports) to S3 unencrypted. No AWS Security Hub FSBP control
#   covers it; AWS Config's managed rule
#   codebuild-project-artifact-encryption does.
# related_resources:
#   - ref: https://docs.aws.amazon.com/config/latest/developerguide/codebuild-project-artifact-encryption.html
#   - ref: https://docs.aws.amazon.com/codebuild/latest/APIReference/API_ProjectArtifacts.html
# custom:
#   id: aws-codebuild-artifact-encryption
#   severity: medium
#   resource_types: [aws.codebuild.project]
#   remediation: |-
#     aws codebuild update-project --name <project> \
#       --artifacts 'type=S3,location=<bucket>,encryptionDisabled=false'
#     Terraform: artifacts { encryption_disabled = false } (the default), likewise secondary_artifacts
#     CloudFormation: Artifacts: {EncryptionDisabled: false} (the default)
package vigil.rules.aws.codebuild.artifact_encryption

import data.vigil.lib.aws
import rego.v1

deny contains {
	"msg": sprintf("project %s: artifact %s is written to S3 unencrypted", [input.name, a]),
	"path": "artifacts.encryption_disabled",
} if {
	aws.known("unencrypted_artifacts")
	some a in input.attributes.unencrypted_artifacts
}
