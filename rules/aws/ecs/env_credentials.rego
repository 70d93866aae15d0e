# METADATA
# title: ECS container environment variables must not hold credentials
# description: >-
#   Environment values in a task definition are readable by anyone allowed
#   ecs:DescribeTaskDefinition, are kept in every revision and show in the
#   console. Access keys, passwords and tokens belong in Secrets Manager
#   or Parameter Store, injected with the container's "secrets". AWS
#   Security Hub control ECS.8.
# related_resources:
#   - ref: https://docs.aws.amazon.com/securityhub/latest/userguide/ecs-controls.html#ecs-8
#   - ref: https://docs.aws.amazon.com/AmazonECS/latest/developerguide/specifying-sensitive-data.html
# custom:
#   id: aws-ecs-env-credentials
#   severity: high
#   resource_types: [aws.ecs.task_definition]
#   remediation: |-
#     Store the value as a secret, grant the task execution role secretsmanager:GetSecretValue,
#     register a new revision that names it under "secrets" instead of "environment",
#     deregister the old revisions, then rotate the exposed credential:
#       aws secretsmanager create-secret --name <family>/<variable> --secret-string '<value>'
#     Terraform: secrets = [{ name = "<VAR>", valueFrom = aws_secretsmanager_secret.x.arn }] in container_definitions
#     CloudFormation: Secrets: [{Name: <VAR>, ValueFrom: !Ref Secret}]
package vigil.rules.aws.ecs.env_credentials

import data.vigil.lib.aws
import rego.v1

deny contains {
	"msg": sprintf("task definition %s: environment variable %s holds a credential (%s)", [input.name, c.key, c.kind]),
	"path": "credentials",
} if {
	aws.known("credentials")
	some c in input.attributes.credentials
}
