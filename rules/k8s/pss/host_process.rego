# METADATA
# title: Pods must not run Windows HostProcess containers
# description: >-
#   A HostProcess container runs directly on the Windows node, outside any
#   container isolation and with the rights of a node user, so it can read
#   and change everything on the host. Pod Security Standards (baseline)
#   forbid it.
# related_resources:
#   - ref: https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
#   - ref: https://kubernetes.io/docs/tasks/configure-pod-container/create-hostprocess-pod/
# custom:
#   id: k8s-host-process
#   severity: high
#   resource_types: [k8s.core.pod, k8s.apps.deployment, k8s.apps.replica_set, k8s.apps.stateful_set, k8s.apps.daemon_set, k8s.batch.job, k8s.batch.cron_job]
#   remediation: |-
#     Remove windowsOptions.hostProcess (or set it to false) from the pod's
#     and every container's securityContext. Run node-management tasks from
#     a dedicated, tightly controlled namespace instead.
#       securityContext:
#         windowsOptions:
#           hostProcess: false
package vigil.rules.k8s.host_process

import data.vigil.lib.k8s
import rego.v1

deny contains {
	"msg": "the pod runs as a Windows HostProcess (securityContext.windowsOptions.hostProcess: true)",
	"path": "pod_spec.security_context.windows_options.host_process",
	"value": true,
} if {
	input.attributes.pod_spec.security_context.windows_options.host_process == true
}

deny contains {
	"msg": sprintf("container %q runs as a Windows HostProcess container", [entry.name]),
	"path": sprintf("%s.security_context.windows_options.host_process", [entry.path]),
	"value": true,
} if {
	some entry in k8s.pod_containers
	entry.container.security_context.windows_options.host_process == true
}
