# METADATA
# title: Containers must not add capabilities beyond the default set
# description: >-
#   Capabilities such as SYS_ADMIN, NET_ADMIN or SYS_PTRACE give a container
#   kernel powers that make escaping to the node or attacking neighbours
#   much easier. Pod Security Standards (baseline) only allow adding the
#   capabilities container runtimes grant by default, named exactly: the
#   admission controller refuses "chown" or "CAP_CHOWN" although runtimes
#   read them as CHOWN.
# related_resources:
#   - ref: https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
#   - ref: https://kubernetes.io/docs/tasks/configure-pod-container/security-context/#set-capabilities-for-a-container
# custom:
#   id: k8s-capabilities-baseline
#   severity: high
#   resource_types: [k8s.core.pod, k8s.apps.deployment, k8s.apps.replica_set, k8s.apps.stateful_set, k8s.apps.daemon_set, k8s.batch.job, k8s.batch.cron_job]
#   remediation: |-
#     Remove the capability from securityContext.capabilities.add. Only
#     AUDIT_WRITE, CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, MKNOD,
#     NET_BIND_SERVICE, SETFCAP, SETGID, SETPCAP, SETUID and SYS_CHROOT may
#     be added, spelt exactly so; better, drop everything and add back only what is needed:
#       securityContext:
#         capabilities:
#           drop: ["ALL"]
#           add: ["NET_BIND_SERVICE"]
package vigil.rules.k8s.capabilities_baseline

import data.vigil.lib.k8s
import data.vigil.lib.podsec
import rego.v1

deny contains {
	"msg": _msg(entry.name, c),
	"path": sprintf("%s.security_context.capabilities.add[%d]", [entry.path, c.index]),
	"value": c.raw,
} if {
	some entry in k8s.pod_containers
	some c in entry.add
	not c.raw in podsec.baseline_capabilities
}

_msg(name, c) := sprintf("container %q adds capability %s; Pod Security admission only accepts the exact name %s", [name, c.raw, c.name]) if {
	c.name in podsec.baseline_capabilities
} else := sprintf("container %q adds capability %s, which is outside the baseline set", [name, c.raw])
