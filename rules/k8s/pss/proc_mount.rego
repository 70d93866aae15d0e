# METADATA
# title: Containers must keep the default /proc mount
# description: >-
#   The container runtime masks sensitive parts of /proc and /sys by
#   default. procMount: Unmasked removes those masks and exposes kernel
#   interfaces that leak information about the node or help an escape.
#   Pod Security Standards (baseline) require the Default proc mount,
#   except in pods that run in their own user namespace (hostUsers: false;
#   see k8s-proc-mount-user-namespace).
# related_resources:
#   - ref: https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
#   - ref: https://kubernetes.io/docs/tasks/configure-pod-container/security-context/
# custom:
#   id: k8s-proc-mount
#   severity: medium
#   resource_types: [k8s.core.pod, k8s.apps.deployment, k8s.apps.replica_set, k8s.apps.stateful_set, k8s.apps.daemon_set, k8s.batch.job, k8s.batch.cron_job]
#   remediation: |-
#     Remove procMount from the container securityContext, or set it to
#     Default:
#       securityContext:
#         procMount: Default
package vigil.rules.k8s.proc_mount

import data.vigil.lib.k8s
import data.vigil.lib.podsec
import rego.v1

deny contains {
	"msg": sprintf("container %q uses procMount %q instead of Default", [entry.name, pm]),
	"path": sprintf("%s.security_context.proc_mount", [entry.path]),
	"value": pm,
} if {
	not podsec.user_namespace_pod
	some entry in k8s.pod_containers
	pm := podsec.unmasked_proc(entry.container)
}
