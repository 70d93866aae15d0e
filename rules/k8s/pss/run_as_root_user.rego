# METADATA
# title: Pods and containers must not set runAsUser to 0
# description: >-
#   runAsUser: 0 explicitly runs the container processes as root, whatever
#   the image says. Pod Security Standards (restricted) forbid a zero user
#   id at pod and container level, except in pods that run in their own
#   user namespace (hostUsers: false), where root is not root on the node.
# related_resources:
#   - ref: https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted
#   - ref: https://kubernetes.io/docs/tasks/configure-pod-container/security-context/
#   - ref: https://www.cisecurity.org/benchmark/kubernetes
#     description: CIS Kubernetes Benchmark v1.12.0, 5.2.7
# custom:
#   id: k8s-run-as-root-user
#   severity: high
#   resource_types: [k8s.core.pod, k8s.apps.deployment, k8s.apps.replica_set, k8s.apps.stateful_set, k8s.apps.daemon_set, k8s.batch.job, k8s.batch.cron_job]
#   remediation: |-
#     Use a non-zero user id (and build the image to work with it):
#       securityContext:
#         runAsUser: 10001
#         runAsNonRoot: true
package vigil.rules.k8s.run_as_root_user

import data.vigil.lib.k8s
import data.vigil.lib.podsec
import rego.v1

deny contains {
	"msg": "the pod sets runAsUser: 0 (root)",
	"path": "pod_spec.security_context.run_as_user",
	"value": 0,
} if {
	not podsec.user_namespace_pod
	input.attributes.pod_spec.security_context.run_as_user == 0
}

deny contains {
	"msg": sprintf("container %q sets runAsUser: 0 (root)", [entry.name]),
	"path": sprintf("%s.security_context.run_as_user", [entry.path]),
	"value": 0,
} if {
	not podsec.user_namespace_pod
	some entry in k8s.pod_containers
	entry.container.security_context.run_as_user == 0
}
