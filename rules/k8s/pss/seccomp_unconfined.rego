# METADATA
# title: Pods and containers must not run seccomp Unconfined
# description: >-
#   Seccomp filters the system calls a container may make and blocks many
#   kernel attack paths. Explicitly setting the profile to Unconfined turns
#   that filter off. Pod Security Standards (baseline) forbid it.
# related_resources:
#   - ref: https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
#   - ref: https://kubernetes.io/docs/tutorials/security/seccomp/
# custom:
#   id: k8s-seccomp-unconfined
#   severity: medium
#   resource_types: [k8s.core.pod, k8s.apps.deployment, k8s.apps.replica_set, k8s.apps.stateful_set, k8s.apps.daemon_set, k8s.batch.job, k8s.batch.cron_job]
#   remediation: |-
#     Replace the Unconfined profile with the runtime default (or a profile
#     installed on the nodes):
#       securityContext:
#         seccompProfile:
#           type: RuntimeDefault
package vigil.rules.k8s.seccomp_unconfined

import data.vigil.lib.k8s
import rego.v1

deny contains {
	"msg": "the pod sets seccomp profile type Unconfined",
	"path": "pod_spec.security_context.seccomp_profile.type",
	"value": "Unconfined",
} if {
	input.attributes.pod_spec.security_context.seccomp_profile.type == "Unconfined"
}

deny contains {
	"msg": sprintf("container %q sets seccomp profile type Unconfined", [entry.name]),
	"path": sprintf("%s.security_context.seccomp_profile.type", [entry.path]),
	"value": "Unconfined",
} if {
	some entry in k8s.pod_containers
	entry.container.security_context.seccomp_profile.type == "Unconfined"
}
