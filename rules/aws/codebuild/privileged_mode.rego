# METADATA
# title: CodeBuild projects should not run in privileged mode
# description: >-
#   Privileged mode gives the build container root access to the build
#   host's Docker daemon: a malicious dependency or pull request gets the
#   project's credentials and the host. Enable it only for projects that
#   build container images. AWS Security Hub control CodeBuild.5.
# related_resources:
#   - ref: https://docs.aws.amazon.com/securityhub/latest/userguide/codebuild-controls.html#codebuild-5
#   - ref: https://docs.aws.amazon.com/codebuild/latest/APIReference/API_ProjectEnvironment.html
# custom:
#   id: aws-codebuild-privileged-mode
#   severity: high
#   resource_types: [aws.codebuild.project]
#   remediation: |-
#     aws codebuild update-project --name <project> \
#       --environment 'type=LINUX_CONTAINER,image=<image>,computeType=<type>,privilegedMode=false'
#     Terraform: environment { privileged_mode = false } (the default)
#     CloudFormation: Environment: {PrivilegedMode: false} (the default)
package vigil.rules.aws.codebuild.privileged_mode

import data.vigil.lib.aws
import rego.v1

deny contains {
	"msg": sprintf("project %s runs its builds in privileged mode", [input.name]),
	"path": "environment.privileged_mode",
} if {
	aws.known("privileged_mode")
	input.attributes.privileged_mode
}
