# Helpers for Kubernetes NetworkPolicy rules: which directions a policy
# isolates, and label-selector matching as the API server does it.
# Library modules carry no METADATA header and no deny rule.
package vigil.lib.netpol

import data.vigil.lib.k8s
import rego.v1

# policy_types returns the directions ("Ingress", "Egress") a
# NetworkPolicy isolates the Pods it selects in, with the API server's
# defaulting of spec.policyTypes: as written when set; otherwise Ingress,
# and Egress too when the policy has egress rules.
policy_types(policy) := {t | some t in types} if {
	types := object.get(policy, ["attributes", "spec", "policy_types"], [])
	count(types) > 0
} else := {"Ingress", "Egress"} if {
	count(object.get(policy, ["attributes", "spec", "egress"], [])) > 0
} else := {"Ingress"}

# selects holds when a label selector (snake_case, as attributes hold it)
# selects an object with labels: every matchLabels pair and every
# matchExpressions requirement holds. An empty selector selects all.
selects(selector, labels) if {
	every k, v in object.get(selector, "match_labels", {}) {
		object.get(labels, k, null) == v
	}
	every e in object.get(selector, "match_expressions", []) {
		_requirement(e, labels)
	}
}

# A requirement with an operator the API does not know selects nothing
# (the API server rejects such a selector).
_requirement(e, labels) if {
	e.operator == "In"
	object.get(labels, e.key, null) in object.get(e, "values", [])
}

# NotIn holds for an object without the key, as in Kubernetes.
_requirement(e, labels) if {
	e.operator == "NotIn"
	not object.get(labels, e.key, null) in object.get(e, "values", [])
}

_requirement(e, labels) if {
	e.operator == "Exists"
	e.key in object.keys(labels)
}

_requirement(e, labels) if {
	e.operator == "DoesNotExist"
	not e.key in object.keys(labels)
}

# isolating returns the names of the policies that select Pods with labels
# and isolate them in direction.
isolating(policies, direction, labels) := [p.name |
	some p in policies
	direction in policy_types(p)
	selects(object.get(p, ["attributes", "spec", "pod_selector"], {}), labels)
]

_words := {
	"Ingress": {"dir": "ingress", "effect": "they accept connections from any Pod and any address"},
	"Egress": {"dir": "egress", "effect": "they can connect to any Pod and any address"},
}

# unisolated is the finding of a workload rule about direction when no
# policy of the workload's namespace (policies) isolates its Pods in that
# direction. namespaces holds the workload's Namespace when the scan has
# it: a namespace of the scan without any policy is reported once, on the
# namespace, by k8s-namespace-no-network-policy, not on each workload.
# Pods on the host network are left out: policies do not reliably apply
# to them, and k8s-host-network reports them.
unisolated(direction, policies, namespaces) := {
	"msg": sprintf("no NetworkPolicy of %s isolating %s selects these Pods (labels %v; %s): %s", [k8s.input_namespace, _words[direction].dir, labels, _policy_names(policies), _words[direction].effect]),
	"path": "pod_metadata.labels",
	"value": labels,
} if {
	not _namespace_reported(policies, namespaces)
	not input.attributes.pod_spec.host_network
	labels := object.get(input.attributes, ["pod_metadata", "labels"], {})
	count(isolating(policies, direction, labels)) == 0
}

_namespace_reported(policies, namespaces) if {
	count(namespaces) > 0
	count(policies) == 0
}

_policy_names(policies) := "the namespace has no NetworkPolicy" if {
	count(policies) == 0
} else := sprintf("its policies: %s", [concat(", ", sort([p.name | some p in policies]))])
