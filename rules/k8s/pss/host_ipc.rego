# METADATA
# title: Pods must not share the host IPC namespace
# description: >-
#   A pod in the host IPC namespace can read and write the shared memory and message queues of every process on the node.
#   Pod Security Standards (baseline) forbid sharing host namespaces.
# related_resources:
#   - ref: https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
#   - ref: https://www.cisecurity.org/benchmark/kubernetes
#     description: CIS Kubernetes Benchmark v1.12.0
# custom:
#   id: k8s-host-ipc
#   severity: high
#   resource_types: [k8s.core.pod, k8s.apps.deployment, k8s.apps.replica_set, k8s.apps.stateful_set, k8s.apps.daemon_set, k8s.batch.job, k8s.batch.cron_job]
#   remediation: |-
#     Remove hostIPC from the pod spec (it defaults to false), or set it to false:
#       spec:
#         hostIPC: false
package vigil.rules.k8s.host_ipc

import rego.v1

deny contains {
	"msg": "the pod shares the host IPC namespace (hostIPC: true)",
	"path": "pod_spec.host_ipc",
	"value": true,
} if {
	input.attributes.pod_spec.host_ipc == true
}
