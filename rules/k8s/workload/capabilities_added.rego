# METADATA
# title: Containers must not add capabilities
# description: >-
#   Every capability added to a container widens what a compromised process
#   can do to the kernel and the node. CIS recommends admitting no
#   container that adds capabilities; binding a low port (NET_BIND_SERVICE)
#   is the only addition this rule accepts.
# related_resources:
#   - ref: https://www.cisecurity.org/benchmark/kubernetes
#     description: CIS Kubernetes Benchmark v1.12.0, 5.2.9 Minimize the admission of containers with added capabilities
#   - ref: https://kubernetes.io/docs/tasks/configure-pod-container/security-context/#set-capabilities-for-a-container
# custom:
#   id: k8s-capabilities-added
#   severity: medium
#   resource_types: [k8s.core.pod, k8s.apps.deployment, k8s.apps.replica_set, k8s.apps.stateful_set, k8s.apps.daemon_set, k8s.batch.job, k8s.batch.cron_job]
#   remediation: |-
#     Remove the capability from securityContext.capabilities.add; if the
#     workload truly needs it, run it in a separate namespace with an
#     explicit, reviewed exception.
#       securityContext:
#         capabilities:
#           drop: ["ALL"]
package vigil.rules.k8s.capabilities_added

import data.vigil.lib.k8s
import data.vigil.lib.podsec
import rego.v1

deny contains {
	"msg": sprintf("container %q adds capability %s", [entry.name, c.raw]),
	"path": sprintf("%s.security_context.capabilities.add[%d]", [entry.path, c.index]),
	"value": c.raw,
} if {
	some entry in k8s.pod_containers
	some c in entry.add
	c.name != "NET_BIND_SERVICE"
}
