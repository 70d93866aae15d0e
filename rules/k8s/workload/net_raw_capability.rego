# METADATA
# title: Containers must drop the NET_RAW capability
# description: >-
#   NET_RAW is in most runtimes' default capability set. It lets a process
#   craft raw packets, which enables ARP and DNS spoofing and other attacks
#   on the pod network. CIS recommends dropping it (or ALL) everywhere.
# related_resources:
#   - ref: https://www.cisecurity.org/benchmark/kubernetes
#     description: CIS Kubernetes Benchmark v1.12.0, 5.2.8 Minimize the admission of containers with the NET_RAW capability
#   - ref: https://kubernetes.io/docs/tasks/configure-pod-container/security-context/#set-capabilities-for-a-container
# custom:
#   id: k8s-net-raw-capability
#   severity: medium
#   resource_types: [k8s.core.pod, k8s.apps.deployment, k8s.apps.replica_set, k8s.apps.stateful_set, k8s.apps.daemon_set, k8s.batch.job, k8s.batch.cron_job]
#   remediation: |-
#     Drop ALL capabilities (or at least NET_RAW) and do not add NET_RAW
#     back; use an unprivileged ICMP socket (net.ipv4.ping_group_range) if
#     the application needs ping:
#       securityContext:
#         capabilities:
#           drop: ["ALL"]
package vigil.rules.k8s.net_raw_capability

import data.vigil.lib.k8s
import data.vigil.lib.podsec
import rego.v1

deny contains {
	"msg": sprintf("container %q keeps NET_RAW (it drops neither NET_RAW nor ALL)", [entry.name]),
	"path": sprintf("%s.security_context.capabilities.drop", [entry.path]),
	"value": object.get(entry.container, ["security_context", "capabilities", "drop"], []),
} if {
	not podsec.windows_pod
	some entry in k8s.pod_containers
	dropped := entry.drop
	not "ALL" in dropped
	not "NET_RAW" in dropped
}

deny contains {
	"msg": sprintf("container %q adds NET_RAW back (capabilities.add contains %s)", [entry.name, c.raw]),
	"path": sprintf("%s.security_context.capabilities.add[%d]", [entry.path, c.index]),
	"value": c.raw,
} if {
	not podsec.windows_pod
	some entry in k8s.pod_containers
	some c in entry.add
	c.name in {"NET_RAW", "ALL"}
}
