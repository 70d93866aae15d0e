# METADATA
# title: Containers must be required to run as non-root
# description: >-
#   Without runAsNonRoot: true the kubelet starts a container as whatever
#   user its image names, which is root for most images; root in a container
#   is one kernel bug or misconfiguration away from root on the node. Pod
#   Security Standards (restricted) require runAsNonRoot: true at pod or
#   container level.
# related_resources:
#   - ref: https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted
#   - ref: https://kubernetes.io/docs/tasks/configure-pod-container/security-context/
#   - ref: https://www.cisecurity.org/benchmark/kubernetes
#     description: CIS Kubernetes Benchmark v1.12.0, 5.2.7
# custom:
#   id: k8s-run-as-non-root
#   severity: medium
#   resource_types: [k8s.core.pod, k8s.apps.deployment, k8s.apps.replica_set, k8s.apps.stateful_set, k8s.apps.daemon_set, k8s.batch.job, k8s.batch.cron_job]
#   remediation: |-
#     Set runAsNonRoot: true in the pod securityContext (and do not override it
#     with false in a container), and give the image or the pod a non-zero
#     user:
#       securityContext:
#         runAsNonRoot: true
#         runAsUser: 10001
package vigil.rules.k8s.run_as_non_root

import data.vigil.lib.k8s
import rego.v1

# _effective is the runAsNonRoot that applies to a container: its own when
# set, else the pod's, else false.
_effective(c) := v if {
	v := c.security_context.run_as_non_root
} else := object.get(input.attributes.pod_spec, ["security_context", "run_as_non_root"], false)

deny contains {
	"msg": sprintf("container %q is not required to run as non-root (runAsNonRoot is not true for it)", [entry.name]),
	"path": sprintf("%s.security_context.run_as_non_root", [entry.path]),
	"value": object.get(entry.container, ["security_context", "run_as_non_root"], null),
} if {
	some entry in k8s.pod_containers
	_effective(entry.container) != true
}
