# METADATA
# title: Containers must set allowPrivilegeEscalation to false
# description: >-
#   Unless allowPrivilegeEscalation is false, a process in the container can
#   gain more privileges than its parent, for example through a setuid
#   binary; the default is to allow it. Pod Security Standards (restricted)
#   require it to be explicitly false on Linux pods.
# related_resources:
#   - ref: https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted
#   - ref: https://kubernetes.io/docs/tasks/configure-pod-container/security-context/
#   - ref: https://www.cisecurity.org/benchmark/kubernetes
#     description: CIS Kubernetes Benchmark v1.12.0, 5.2.6
# custom:
#   id: k8s-allow-privilege-escalation
#   severity: medium
#   resource_types: [k8s.core.pod, k8s.apps.deployment, k8s.apps.replica_set, k8s.apps.stateful_set, k8s.apps.daemon_set, k8s.batch.job, k8s.batch.cron_job]
#   remediation: |-
#     Set allowPrivilegeEscalation: false in every container's securityContext
#     (init containers included):
#       securityContext:
#         allowPrivilegeEscalation: false
package vigil.rules.k8s.allow_privilege_escalation

import data.vigil.lib.k8s
import data.vigil.lib.podsec
import rego.v1

deny contains {
	"msg": sprintf("container %q does not set allowPrivilegeEscalation: false", [entry.name]),
	"path": sprintf("%s.security_context.allow_privilege_escalation", [entry.path]),
	"value": object.get(entry.container, ["security_context", "allow_privilege_escalation"], null),
} if {
	not podsec.windows_pod
	some entry in k8s.pod_containers
	object.get(entry.container, ["security_context", "allow_privilege_escalation"], true) != false
}
