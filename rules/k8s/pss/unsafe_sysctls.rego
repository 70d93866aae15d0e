# METADATA
# title: Pods must only set safe sysctls
# description: >-
#   Sysctls outside the safe, namespaced set can change kernel behaviour for
#   the whole node or weaken its protections. Pod Security Standards
#   (baseline) allow only a short list of sysctls that are isolated per pod,
#   named exactly, with "." separators.
# related_resources:
#   - ref: https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
#   - ref: https://kubernetes.io/docs/tasks/administer-cluster/sysctl-cluster/
# custom:
#   id: k8s-unsafe-sysctls
#   severity: medium
#   resource_types: [k8s.core.pod, k8s.apps.deployment, k8s.apps.replica_set, k8s.apps.stateful_set, k8s.apps.daemon_set, k8s.batch.job, k8s.batch.cron_job]
#   remediation: |-
#     Remove the sysctl from spec.securityContext.sysctls, or tune the node
#     itself if the setting is really needed. Only these may be set per pod:
#     kernel.shm_rmid_forced, net.ipv4.ip_local_port_range,
#     net.ipv4.ip_unprivileged_port_start, net.ipv4.tcp_syncookies,
#     net.ipv4.ping_group_range, net.ipv4.ip_local_reserved_ports,
#     net.ipv4.tcp_keepalive_time, net.ipv4.tcp_fin_timeout,
#     net.ipv4.tcp_keepalive_intvl, net.ipv4.tcp_keepalive_probes,
#     net.ipv4.tcp_rmem, net.ipv4.tcp_wmem, net.ipv4.tcp_slow_start_after_idle,
#     net.ipv4.tcp_notsent_lowat.
#       securityContext:
#         sysctls:
#           - name: net.ipv4.ip_unprivileged_port_start
#             value: "80"
package vigil.rules.k8s.unsafe_sysctls

import rego.v1

_safe := {
	"kernel.shm_rmid_forced",
	"net.ipv4.ip_local_port_range",
	"net.ipv4.ip_unprivileged_port_start",
	"net.ipv4.tcp_syncookies",
	"net.ipv4.ping_group_range",
	"net.ipv4.ip_local_reserved_ports",
	"net.ipv4.tcp_keepalive_time",
	"net.ipv4.tcp_fin_timeout",
	"net.ipv4.tcp_keepalive_intvl",
	"net.ipv4.tcp_keepalive_probes",
	"net.ipv4.tcp_rmem",
	"net.ipv4.tcp_wmem",
	"net.ipv4.tcp_slow_start_after_idle",
	"net.ipv4.tcp_notsent_lowat",
}

deny contains {
	"msg": sprintf("the pod sets sysctl %q, which is not in the safe set", [name]),
	"path": sprintf("pod_spec.security_context.sysctls[%d].name", [i]),
	"value": name,
} if {
	some i, s in input.attributes.pod_spec.security_context.sysctls
	name := object.get(s, "name", "")

	# Pod Security admission compares names exactly: the "/" spelling the
	# kubelet also accepts (net/ipv4/tcp_syncookies) is refused.
	not name in _safe
}
