# METADATA
# title: Long-running containers should define a liveness probe
# description: >-
#   Without a liveness probe the kubelet only restarts a container whose process exits; a process that hangs or deadlocks keeps running and keeps failing requests.
# related_resources:
#   - ref: https://kubernetes.io/docs/concepts/configuration/liveness-readiness-startup-probes/
#   - ref: https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/
# custom:
#   id: k8s-liveness-probe
#   severity: low
#   resource_types: [k8s.core.pod, k8s.apps.deployment, k8s.apps.replica_set, k8s.apps.stateful_set, k8s.apps.daemon_set]
#   remediation: |-
#     Add a livenessProbe to each application container:
#       livenessProbe:
#         httpGet:
#           path: /healthz
#           port: 8080
#         periodSeconds: 10
#         failureThreshold: 3
package vigil.rules.k8s.liveness_probe

import data.vigil.lib.podsec
import rego.v1

# Only regular containers of pods meant to keep running: init and ephemeral
# containers, and pods that run to completion (restartPolicy Never or
# OnFailure), have no use for the probe.
deny contains {
	"msg": sprintf("container %q has no liveness probe", [object.get(c, "name", "")]),
	"path": sprintf("pod_spec.containers[%d].liveness_probe", [i]),
} if {
	not podsec.batch_pod(input.attributes.pod_spec)
	some i, c in input.attributes.pod_spec.containers
	not c.liveness_probe
}
