# METADATA
# title: Containers must not run privileged
# description: >-
#   A privileged container has every capability and full access to the
#   node's devices; escaping to the host is trivial. Pod Security Standards
#   (baseline) forbid it.
# related_resources:
#   - ref: https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
# custom:
#   id: k8s-privileged-container
#   severity: critical
#   resource_types: [k8s.core.pod, k8s.apps.deployment, k8s.apps.replica_set, k8s.apps.stateful_set, k8s.apps.daemon_set, k8s.batch.job, k8s.batch.cron_job]
#   remediation: |-
#     Remove privileged: true, or set it to false, in every container's securityContext:
#       securityContext:
#         privileged: false
package vigil.rules.k8s.privileged_container

import data.vigil.lib.k8s
import rego.v1

deny contains {
	"msg": sprintf("container %q runs privileged", [entry.name]),
	"path": sprintf("%s.security_context.privileged", [entry.path]),
	"value": true,
} if {
	some entry in k8s.pod_containers
	entry.container.security_context.privileged == true
}
