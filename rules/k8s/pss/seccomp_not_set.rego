# METADATA
# title: Containers must run with the RuntimeDefault or a Localhost seccomp profile
# description: >-
#   Kubernetes runs containers without any seccomp filter unless a profile
#   is requested, leaving the whole system call interface of the node's
#   kernel exposed. Pod Security Standards (restricted) require
#   RuntimeDefault or Localhost for every container of a Linux pod, set at
#   pod level or on each container. An explicit Unconfined profile is
#   reported by k8s-seccomp-unconfined.
# related_resources:
#   - ref: https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted
#   - ref: https://kubernetes.io/docs/tutorials/security/seccomp/
#   - ref: https://www.cisecurity.org/benchmark/kubernetes
#     description: CIS Kubernetes Benchmark v1.12.0, 5.7.2
# custom:
#   id: k8s-seccomp-not-set
#   severity: low
#   resource_types: [k8s.core.pod, k8s.apps.deployment, k8s.apps.replica_set, k8s.apps.stateful_set, k8s.apps.daemon_set, k8s.batch.job, k8s.batch.cron_job]
#   remediation: |-
#     Set the runtime default profile once in the pod securityContext (a
#     container may still choose a Localhost profile):
#       spec:
#         securityContext:
#           seccompProfile:
#             type: RuntimeDefault
package vigil.rules.k8s.seccomp_not_set

import data.vigil.lib.k8s
import data.vigil.lib.podsec
import rego.v1

deny contains {
	"msg": sprintf("container %q runs without a seccomp profile (none set on the container or the pod)", [entry.name]),
	"path": sprintf("%s.security_context.seccomp_profile.type", [entry.path]),
	"value": null,
} if {
	pod_spec := input.attributes.pod_spec
	not podsec.windows_pod
	some entry in k8s.pod_containers
	podsec.seccomp_type(pod_spec, entry.container) == ""
}
