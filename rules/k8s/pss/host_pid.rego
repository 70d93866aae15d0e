# METADATA
# title: Pods must not share the host PID namespace
# description: >-
#   A pod in the host PID namespace sees every process on the node, can read their environment and command lines, and can signal or trace them.
#   Pod Security Standards (baseline) forbid sharing host namespaces.
# related_resources:
#   - ref: https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
#   - ref: https://www.cisecurity.org/benchmark/kubernetes
#     description: CIS Kubernetes Benchmark v1.12.0
# custom:
#   id: k8s-host-pid
#   severity: high
#   resource_types: [k8s.core.pod, k8s.apps.deployment, k8s.apps.replica_set, k8s.apps.stateful_set, k8s.apps.daemon_set, k8s.batch.job, k8s.batch.cron_job]
#   remediation: |-
#     Remove hostPID from the pod spec (it defaults to false), or set it to false:
#       spec:
#         hostPID: false
package vigil.rules.k8s.host_pid

import rego.v1

deny contains {
	"msg": "the pod shares the host PID namespace (hostPID: true)",
	"path": "pod_spec.host_pid",
	"value": true,
} if {
	input.attributes.pod_spec.host_pid == true
}
