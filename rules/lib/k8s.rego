# Helpers for Kubernetes rules. Library modules carry no METADATA header
# and no deny rule.
package vigil.lib.k8s

import data.vigil.lib.podsec
import rego.v1

# containers returns every container of a pod spec — init, regular and
# ephemeral — as {"container": c, "path": "pod_spec.<group>[i]", "name": name,
# "drop": set, "add": list}.
containers(pod_spec) := array.concat(
	array.concat(
		_group(pod_spec, "init_containers"),
		_group(pod_spec, "containers"),
	),
	_group(pod_spec, "ephemeral_containers"),
)

_group(pod_spec, group) := [{
	"container": c,
	"path": sprintf("pod_spec.%s[%d]", [group, i]),
	"name": container_name(c, group, i),
	# Capabilities, normalised once per container for every rule that
	# reads them: drop is a set of names, add a list of
	# {"index", "name", "raw"}.
	"drop": podsec.dropped(c),
	"add": podsec.added(c),
} |
	some i, c in object.get(pod_spec, group, [])
]

# container_name is a container's name for messages; a container without
# one (Kubernetes requires it, a manifest may still lack it) is named by
# its place in the pod spec, so a rule never depends on the name.
# The place is only formatted for a container without a name (the
# default argument of object.get would be formatted for every one).
container_name(c, group, i) := n if {
	n := c.name
} else := sprintf("%s[%d]", [group, i])

# input_namespace names the input's namespace in messages. A manifest
# without one runs in the namespace it is applied to.
input_namespace := sprintf("namespace %q", [input.namespace]) if input.namespace != "" else := "the namespace it is applied to"

# workload_types lists every type that exposes attributes.pod_spec.
workload_types := {
	"k8s.core.pod", "k8s.apps.deployment", "k8s.apps.replica_set", "k8s.apps.stateful_set",
	"k8s.apps.daemon_set", "k8s.batch.job", "k8s.batch.cron_job",
}

# system_namespace holds true for namespaces that belong to the platform.
system_namespace(ns) if ns in {"kube-system", "kube-public", "kube-node-lease"}

# pod_containers is containers(input.attributes.pod_spec). As a complete
# rule it is computed once per resource and shared by every rule evaluated
# with it, instead of once per rule.
pod_containers := containers(input.attributes.pod_spec)

# service_account_name returns the service account a pod spec runs as:
# serviceAccountName, else the deprecated serviceAccount, else the
# namespace's "default".
service_account_name(pod_spec) := n if {
	n := object.get(pod_spec, "service_account_name", "")
	n != ""
} else := n if {
	n := object.get(pod_spec, "service_account", "")
	n != ""
} else := "default"
