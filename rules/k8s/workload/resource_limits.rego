# METADATA
# title: Containers should set CPU and memory limits
# description: >-
#   A container without limits can use all the CPU and memory of its node,
#   starving neighbours and the kubelet; a compromised or runaway workload
#   becomes a denial of service for the whole node.
# related_resources:
#   - ref: https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/
#   - ref: https://kubernetes.io/docs/concepts/policy/limit-range/
# custom:
#   id: k8s-resource-limits
#   severity: low
#   resource_types: [k8s.core.pod, k8s.apps.deployment, k8s.apps.replica_set, k8s.apps.stateful_set, k8s.apps.daemon_set, k8s.batch.job, k8s.batch.cron_job]
#   remediation: |-
#     Give every container memory and CPU limits sized from its observed use
#     (a LimitRange can supply namespace defaults):
#       resources:
#         requests:
#           cpu: 100m
#           memory: 128Mi
#         limits:
#           cpu: 500m
#           memory: 256Mi
package vigil.rules.k8s.resource_limits

import data.vigil.lib.k8s
import rego.v1

# Ephemeral containers cannot declare resources, so only init and regular
# containers are checked.
deny contains {
	"msg": sprintf("container %q has no %s limit", [k8s.container_name(c, group, i), concat(" or ", missing)]),
	"path": sprintf("pod_spec.%s[%d].resources.limits", [group, i]),
	"value": missing,
} if {
	some group in ["init_containers", "containers"]
	some i, c in object.get(input.attributes.pod_spec, group, [])
	limits := object.get(c, ["resources", "limits"], {})
	missing := [r | some r in ["cpu", "memory"]; not _set(limits, r)]
	count(missing) > 0
}

_set(limits, r) if {
	v := limits[r]
	not v in {"", 0, null}
}
