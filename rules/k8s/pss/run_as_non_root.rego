# METADATA
# title: Containers must be required to run as non-root
# description: >-
#   Without runAsNonRoot: true the kubelet starts a container as whatever
#   user its image names, which is root for most images; root in a container
#   is one kernel bug or misconfiguration away from root on the node. Pod
#   Security Standards (restricted) require runAsNonRoot: true at pod or
#   container level, and never false, except in pods that run in their own
#   user namespace (hostUsers: false), where root is not root on the node.
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
import data.vigil.lib.podsec
import rego.v1

_pod_setting := object.get(input.attributes.pod_spec, ["security_context", "run_as_non_root"], null)

deny contains {
	"msg": "the pod sets runAsNonRoot: false",
	"path": "pod_spec.security_context.run_as_non_root",
	"value": false,
} if {
	not podsec.user_namespace_pod
	_pod_setting == false
}

# A container is flagged for its own false, or when neither it nor the pod
# sets runAsNonRoot; one inheriting the pod's false is the pod's finding.
deny contains {
	"msg": sprintf("container %q is not required to run as non-root (runAsNonRoot is not true for it)", [entry.name]),
	"path": sprintf("%s.security_context.run_as_non_root", [entry.path]),
	"value": own,
} if {
	not podsec.user_namespace_pod
	some entry in k8s.pod_containers
	own := object.get(entry.container, ["security_context", "run_as_non_root"], null)
	_flagged(own, _pod_setting)
}

_flagged(false, _)

_flagged(null, null)
