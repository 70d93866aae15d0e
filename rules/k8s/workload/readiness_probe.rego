# METADATA
# title: Long-running containers should define a readiness probe
# description: >-
#   Without a readiness probe a container receives Service traffic as soon as it starts, before it can serve, and keeps receiving it when it can no longer serve, which turns restarts and overloads into failed requests.
# related_resources:
#   - ref: https://kubernetes.io/docs/concepts/configuration/liveness-readiness-startup-probes/
#   - ref: https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/
# custom:
#   id: k8s-readiness-probe
#   severity: low
#   resource_types: [k8s.core.pod, k8s.apps.deployment, k8s.apps.replica_set, k8s.apps.stateful_set, k8s.apps.daemon_set]
#   remediation: |-
#     Add a readinessProbe to each application container:
#       readinessProbe:
#         httpGet:
#           path: /ready
#           port: 8080
#         periodSeconds: 5
package vigil.rules.k8s.readiness_probe

import data.vigil.lib.podsec
import rego.v1

# Only regular containers of pods meant to keep running: init and ephemeral
# containers, and pods that run to completion (restartPolicy Never or
# OnFailure), have no use for the probe.
deny contains {
	"msg": sprintf("container %q has no readiness probe", [object.get(c, "name", "")]),
	"path": sprintf("pod_spec.containers[%d].readiness_probe", [i]),
} if {
	not podsec.batch_pod(input.attributes.pod_spec)
	some i, c in input.attributes.pod_spec.containers
	not c.readiness_probe
}
