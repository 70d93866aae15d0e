# METADATA
# title: ECS Fargate services should run on the latest platform version
# description: >-
#   Fargate platform versions carry the kernel, container runtime and
#   agent a task runs on; security fixes land in new versions. A service
#   pinned to an older version (not LATEST, nor 1.4.0 on Linux or 1.0.0
#   on Windows) keeps running without them. AWS Security Hub control
#   ECS.10.
# related_resources:
#   - ref: https://docs.aws.amazon.com/securityhub/latest/userguide/ecs-controls.html#ecs-10
#   - ref: https://docs.aws.amazon.com/AmazonECS/latest/developerguide/platform-fargate.html
# custom:
#   id: aws-ecs-fargate-platform-version
#   severity: medium
#   resource_types: [aws.ecs.service]
#   remediation: |-
#     aws ecs update-service --cluster <cluster> --service <service> --platform-version LATEST --force-new-deployment
#     Terraform: platform_version = "LATEST" (or omit it) in aws_ecs_service
#     CloudFormation: PlatformVersion: LATEST (or omit it)
package vigil.rules.aws.ecs.fargate_platform

import data.vigil.lib.aws
import rego.v1

deny contains {
	"msg": sprintf("Fargate service %s runs on platform version %s, not the latest", [input.name, version]),
	"path": "platform_version",
} if {
	aws.known("outdated_platform")
	input.attributes.outdated_platform
	version := object.get(input.attributes, "platform_version", "(unknown)")
}
