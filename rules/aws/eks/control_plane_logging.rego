# METADATA
# title: EKS clusters should send every control-plane log to CloudWatch
# description: >-
#   The API server, audit, authenticator, controller manager and scheduler
#   logs are the only record of who did what in the cluster and how
#   requests were authorised. EKS keeps none of them unless each type is
#   turned on.
# related_resources:
#   - ref: https://docs.aws.amazon.com/eks/latest/userguide/control-plane-logs.html
# custom:
#   id: aws-eks-control-plane-logging
#   severity: medium
#   resource_types: [aws.eks.cluster]
#   remediation: |-
#     aws eks update-cluster-config --name <cluster> \
#       --logging '{"clusterLogging":[{"types":["api","audit","authenticator","controllerManager","scheduler"],"enabled":true}]}'
package vigil.rules.aws.eks.control_plane_logging

import data.vigil.lib.aws
import rego.v1

log_types := {"api", "audit", "authenticator", "controllerManager", "scheduler"}

deny contains {
	"msg": sprintf("EKS cluster %s does not log %s", [input.name, concat(", ", sort(missing))]),
	"path": "logging.cluster_logging",
} if {
	aws.known("enabled_log_types")
	enabled := {t | some t in object.get(input.attributes, "enabled_log_types", [])}
	missing := log_types - enabled
	count(missing) > 0
}
