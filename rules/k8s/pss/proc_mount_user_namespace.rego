# METADATA
# title: Containers in a user namespace must keep the default /proc mount
# description: >-
#   In a pod with its own user namespace (hostUsers: false) an unmasked
#   /proc is owned by an unprivileged user on the node, which is why the
#   baseline profile allows it; the kernel interfaces it exposes still help
#   an attacker who escapes. Pod Security Standards (restricted, since
#   v1.35) require the Default proc mount in these pods too.
# related_resources:
#   - ref: https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted
#   - ref: https://kubernetes.io/docs/concepts/workloads/pods/user-namespaces/
# custom:
#   id: k8s-proc-mount-user-namespace
#   severity: low
#   resource_types: [k8s.core.pod, k8s.apps.deployment, k8s.apps.replica_set, k8s.apps.stateful_set, k8s.apps.daemon_set, k8s.batch.job, k8s.batch.cron_job]
#   remediation: |-
#     Remove procMount from the container securityContext, or set it to
#     Default:
#       securityContext:
#         procMount: Default
package vigil.rules.k8s.proc_mount_user_namespace

import data.vigil.lib.k8s
import data.vigil.lib.podsec
import rego.v1

deny contains {
	"msg": sprintf("container %q uses procMount %q instead of Default (in a user namespace)", [entry.name, pm]),
	"path": sprintf("%s.security_context.proc_mount", [entry.path]),
	"value": pm,
} if {
	podsec.user_namespace_pod
	some entry in k8s.pod_containers
	pm := podsec.unmasked_proc(entry.container)
}
