# METADATA
# title: Workloads should not run in system namespaces
# description: >-
#   kube-system, kube-public and kube-node-lease belong to the platform. An
#   application deployed there shares their service accounts, Secrets and
#   relaxed policies, and anyone with access to it is close to the control
#   plane. Give applications namespaces of their own.
# related_resources:
#   - ref: https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces/#initial-namespaces
#   - ref: https://www.cisecurity.org/benchmark/kubernetes
#     description: CIS Kubernetes Benchmark v1.12, 5.7.1 Create administrative boundaries between resources using namespaces
# custom:
#   id: k8s-workload-in-system-namespace
#   severity: medium
#   resource_types: [k8s.core.pod, k8s.apps.deployment, k8s.apps.replica_set, k8s.apps.stateful_set, k8s.apps.daemon_set, k8s.batch.job, k8s.batch.cron_job]
#   remediation: |-
#     Create a namespace for the application and deploy it there:
#       kubectl create namespace monitoring
#     and in the workload manifest:
#       metadata:
#         namespace: monitoring
package vigil.rules.k8s.k8s_workload_in_system_namespace

import data.vigil.lib.k8s
import rego.v1

deny contains {
	"msg": sprintf("%s %q runs in system namespace %q", [input.kind, input.name, input.namespace]),
	"path": "namespace",
	"value": input.namespace,
} if {
	k8s.system_namespace(input.namespace)
}
