# METADATA
# title: ECS clusters should use Container Insights
# description: >-
#   Container Insights collects CPU, memory, network and storage metrics
#   and diagnostic events for a cluster's tasks and services: without it a
#   failing or misbehaving task goes unnoticed. A cluster that does not
#   set containerInsights takes the account's default, which a template
#   does not decide: from IaC the check is then inconclusive. AWS Security
#   Hub control ECS.12.
# related_resources:
#   - ref: https://docs.aws.amazon.com/securityhub/latest/userguide/ecs-controls.html#ecs-12
#   - ref: https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/ContainerInsights.html
# custom:
#   id: aws-ecs-container-insights
#   severity: medium
#   resource_types: [aws.ecs.cluster]
#   remediation: |-
#     aws ecs update-cluster-settings --cluster <cluster> --settings name=containerInsights,value=enabled
#     Terraform: setting { name = "containerInsights"  value = "enabled" } in aws_ecs_cluster
#     CloudFormation: ClusterSettings: [{Name: containerInsights, Value: enabled}]
package vigil.rules.aws.ecs.container_insights

import data.vigil.lib.aws
import rego.v1

deny contains {
	"msg": sprintf("cluster %s does not use Container Insights (containerInsights: %s)", [input.name, setting]),
	"path": "settings",
} if {
	aws.known("container_insights_enabled")
	not input.attributes.container_insights_enabled
	setting := object.get(input.attributes, "container_insights", "not set")
}
