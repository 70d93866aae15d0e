# METADATA
# title: Containers must drop all capabilities and add back at most NET_BIND_SERVICE
# description: >-
#   Container runtimes grant a default set of capabilities (CHOWN, SETUID,
#   NET_RAW, ...) that most applications never use but an attacker can.
#   Pod Security Standards (restricted) require every container of a Linux
#   pod to drop ALL and add back nothing but NET_BIND_SERVICE. Capabilities
#   outside the baseline set are reported by k8s-capabilities-baseline.
# related_resources:
#   - ref: https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted
#   - ref: https://kubernetes.io/docs/tasks/configure-pod-container/security-context/#set-capabilities-for-a-container
#   - ref: https://www.cisecurity.org/benchmark/kubernetes
#     description: CIS Kubernetes Benchmark v1.12.0, 5.2.10
# custom:
#   id: k8s-capabilities-not-dropped
#   severity: low
#   resource_types: [k8s.core.pod, k8s.apps.deployment, k8s.apps.replica_set, k8s.apps.stateful_set, k8s.apps.daemon_set, k8s.batch.job, k8s.batch.cron_job]
#   remediation: |-
#     Drop every capability and add back only NET_BIND_SERVICE if the process
#     binds a port below 1024:
#       securityContext:
#         capabilities:
#           drop: ["ALL"]
#           add: ["NET_BIND_SERVICE"]
package vigil.rules.k8s.capabilities_not_dropped

import data.vigil.lib.k8s
import data.vigil.lib.podsec
import rego.v1

deny contains {
	"msg": sprintf("container %q does not drop ALL capabilities (capabilities.drop must name ALL, in upper case)", [entry.name]),
	"path": sprintf("%s.security_context.capabilities.drop", [entry.path]),
	"value": object.get(entry.container, ["security_context", "capabilities", "drop"], []),
} if {
	not podsec.windows_pod
	some entry in k8s.pod_containers
	not "ALL" in object.get(entry.container, ["security_context", "capabilities", "drop"], [])
}

deny contains {
	"msg": sprintf("container %q adds capability %s; only NET_BIND_SERVICE may be added", [entry.name, c.raw]),
	"path": sprintf("%s.security_context.capabilities.add[%d]", [entry.path, c.index]),
	"value": c.raw,
} if {
	not podsec.windows_pod
	some entry in k8s.pod_containers
	some c in entry.add
	c.raw in podsec.baseline_capabilities
	c.raw != "NET_BIND_SERVICE"
}
