# METADATA
# title: Pods must not share the host network
# description: >-
#   A pod on the host network namespace sees every interface of the node, can listen on node ports and reach services bound to localhost, and bypasses NetworkPolicies.
#   Pod Security Standards (baseline) forbid sharing host namespaces.
# related_resources:
#   - ref: https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
#   - ref: https://www.cisecurity.org/benchmark/kubernetes
#     description: CIS Kubernetes Benchmark v1.12.0
# custom:
#   id: k8s-host-network
#   severity: high
#   resource_types: [k8s.core.pod, k8s.apps.deployment, k8s.apps.replica_set, k8s.apps.stateful_set, k8s.apps.daemon_set, k8s.batch.job, k8s.batch.cron_job]
#   remediation: |-
#     Remove hostNetwork from the pod spec (it defaults to false), or set it to false:
#       spec:
#         hostNetwork: false
package vigil.rules.k8s.host_network

import rego.v1

deny contains {
	"msg": "the pod shares the host network (hostNetwork: true)",
	"path": "pod_spec.host_network",
	"value": true,
} if {
	input.attributes.pod_spec.host_network == true
}
