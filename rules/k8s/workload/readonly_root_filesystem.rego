# METADATA
# title: Containers should use a read-only root filesystem
# description: >-
#   A writable root filesystem lets an intruder drop tools, change binaries
#   or persist in the container. Mounting it read-only, with emptyDir
#   volumes for the few paths that need writes, makes the container image
#   immutable at runtime.
# related_resources:
#   - ref: https://kubernetes.io/docs/tasks/configure-pod-container/security-context/
#   - ref: https://kubernetes.io/docs/concepts/security/pod-security-standards/
# custom:
#   id: k8s-readonly-root-filesystem
#   severity: low
#   resource_types: [k8s.core.pod, k8s.apps.deployment, k8s.apps.replica_set, k8s.apps.stateful_set, k8s.apps.daemon_set, k8s.batch.job, k8s.batch.cron_job]
#   remediation: |-
#     Set readOnlyRootFilesystem: true and mount an emptyDir where the
#     application writes (for example /tmp):
#       securityContext:
#         readOnlyRootFilesystem: true
#       volumeMounts:
#         - name: tmp
#           mountPath: /tmp
#     with a volume
#       volumes:
#         - name: tmp
#           emptyDir: {}
package vigil.rules.k8s.readonly_root_filesystem

import data.vigil.lib.k8s
import data.vigil.lib.podsec
import rego.v1

# Ephemeral (debug) containers are added at run time by an operator and are
# not part of the workload's design; Windows containers cannot set the field.
deny contains {
	"msg": sprintf("container %q has a writable root filesystem (readOnlyRootFilesystem is not true)", [k8s.container_name(c, group, i)]),
	"path": sprintf("pod_spec.%s[%d].security_context.read_only_root_filesystem", [group, i]),
	"value": object.get(c, ["security_context", "read_only_root_filesystem"], null),
} if {
	not podsec.windows_pod
	some group in ["init_containers", "containers"]
	some i, c in object.get(input.attributes.pod_spec, group, [])
	object.get(c, ["security_context", "read_only_root_filesystem"], false) != true
}
