# METADATA
# title: Pods must not set custom SELinux user, role or type
# description: >-
#   SELinux labels decide what a container process may touch on the node.
#   A custom type such as spc_t (super-privileged container) or a custom
#   user or role can lift the confinement the runtime applies. Pod Security
#   Standards (baseline) only allow the standard container types.
# related_resources:
#   - ref: https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
#   - ref: https://kubernetes.io/docs/tasks/configure-pod-container/security-context/#assign-selinux-labels-to-a-container
# custom:
#   id: k8s-selinux-options
#   severity: medium
#   resource_types: [k8s.core.pod, k8s.apps.deployment, k8s.apps.replica_set, k8s.apps.stateful_set, k8s.apps.daemon_set, k8s.batch.job, k8s.batch.cron_job]
#   remediation: |-
#     Remove seLinuxOptions.user and seLinuxOptions.role, and leave the type
#     unset or use one of container_t, container_init_t, container_kvm_t or
#     container_engine_t. Setting only the MCS level is allowed:
#       securityContext:
#         seLinuxOptions:
#           level: "s0:c123,c456"
package vigil.rules.k8s.selinux_options

import data.vigil.lib.k8s
import rego.v1

_allowed_types := {"", "container_t", "container_init_t", "container_kvm_t", "container_engine_t"}

# _contexts lists every seLinuxOptions of the pod: pod level and each container.
_contexts contains {"who": "the pod", "path": "pod_spec.security_context.se_linux_options", "opts": opts} if {
	opts := input.attributes.pod_spec.security_context.se_linux_options
}

_contexts contains {"who": sprintf("container %q", [entry.name]), "path": sprintf("%s.security_context.se_linux_options", [entry.path]), "opts": opts} if {
	some entry in k8s.pod_containers
	opts := entry.container.security_context.se_linux_options
}

deny contains {
	"msg": sprintf("%s sets SELinux type %q, which is not a standard container type", [ctx.who, t]),
	"path": sprintf("%s.type", [ctx.path]),
	"value": t,
} if {
	some ctx in _contexts
	t := object.get(ctx.opts, "type", "")
	not t in _allowed_types
}

deny contains {
	"msg": sprintf("%s sets a custom SELinux %s %q", [ctx.who, field, v]),
	"path": sprintf("%s.%s", [ctx.path, field]),
	"value": v,
} if {
	some ctx in _contexts
	some field in ["user", "role"]
	v := object.get(ctx.opts, field, "")
	v != ""
}
