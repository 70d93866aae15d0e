# Helpers for Kubernetes RBAC rules: whether a PolicyRule entry of a Role
# or ClusterRole grants a verb on a resource, following the API server's
# own matching (exact value or "*"; "*/<sub>" for subresources). Library
# modules carry no METADATA header and no deny rule.
package vigil.lib.rbac

import rego.v1

# Role and binding types.
role_types := {"k8s.rbac.role", "k8s.rbac.cluster_role"}

binding_types := {"k8s.rbac.role_binding", "k8s.rbac.cluster_role_binding"}

# Read verbs on secrets: any of them discloses secret values (list and
# watch return whole objects, data included).
secret_read_verbs := ["get", "list", "watch"]

# Subresources that open an interactive session in a running container:
# exec runs a command, attach joins the main process's streams.
pod_session_subresources := ["pods/exec", "pods/attach"]

# Verbs that open such a session. create is what the API server checks
# for the POST of SPDY clients and, from Kubernetes v1.35
# (AuthorizePodWebsocketUpgradeCreatePermission, KEP-4006), for WebSocket
# upgrades too. get is what a WebSocket upgrade, an HTTP GET, was checked
# against before v1.35, and still is where that feature gate is off; kubectl
# has used WebSockets since v1.30, so get alone still opens a shell there.
pod_session_verbs := ["create", "get"]

# pod_sessions returns the pod-session subresources rule opens, each with
# the verbs that do, e.g. {"pods/exec": {"create"}}.
pod_sessions(rule) := {sub: verbs |
	some sub in pod_session_subresources
	verbs := granted_verbs(rule, "", sub, pod_session_verbs)
	count(verbs) > 0
}

# describe_sessions renders pod_sessions for messages, e.g.
# `pods/exec (create, get), pods/attach (get)`.
describe_sessions(sessions) := concat(", ", [sprintf("%s (%s)", [sub, concat(", ", sort(sessions[sub]))]) |
	some sub in pod_session_subresources
	sessions[sub]
])

# rules returns the PolicyRule entries of a role resource as
# {"index": i, "rule": r}.
rules(role) := [{"index": i, "rule": r} |
	some i, r in object.get(role, ["attributes", "rules"], [])
]

# grants holds when the PolicyRule entry rule allows verb on resource
# (a plain resource such as "secrets" or a subresource such as
# "nodes/proxy") in API group group ("" is the core group).
grants(rule, group, resource, verb) if vigil.rbac_allows(rule, group, resource, verb)

# grants_any_verb holds when rule allows at least one verb, whichever,
# on resource in group.
grants_any_verb(rule, group, resource) if vigil.rbac_allows(rule, group, resource, "")

# granted_verbs returns which of verbs rule allows on resource in group.
granted_verbs(rule, group, resource, verbs) := vigil.rbac_granted_verbs(rule, group, resource, verbs)

# role_granted_verbs returns which of verbs any PolicyRule entry of a
# role resource allows on resource in group.
role_granted_verbs(role, group, resource, verbs) := {v |
	some r in object.get(role, ["attributes", "rules"], [])
	some v in vigil.rbac_granted_verbs(r, group, resource, verbs)
}

# reads_secrets holds when rule allows get, list or watch on secrets.
reads_secrets(rule) if count(granted_verbs(rule, "", "secrets", secret_read_verbs)) > 0

# full_wildcard holds when rule allows every verb on every resource of
# its API groups (with apiGroups ["*"], what cluster-admin has).
full_wildcard(rule) if {
	"*" in object.get(rule, "verbs", [])
	"*" in object.get(rule, "resources", [])
	count(object.get(rule, "api_groups", [])) > 0
}

# Resources on which bind, escalate and impersonate have an effect.
_escalation_targets := [
	{"verb": "bind", "group": "rbac.authorization.k8s.io", "resource": "roles"},
	{"verb": "bind", "group": "rbac.authorization.k8s.io", "resource": "clusterroles"},
	{"verb": "escalate", "group": "rbac.authorization.k8s.io", "resource": "roles"},
	{"verb": "escalate", "group": "rbac.authorization.k8s.io", "resource": "clusterroles"},
	{"verb": "impersonate", "group": "", "resource": "users"},
	{"verb": "impersonate", "group": "", "resource": "groups"},
	{"verb": "impersonate", "group": "", "resource": "serviceaccounts"},
	{"verb": "impersonate", "group": "authentication.k8s.io", "resource": "uids"},
]

# escalation_verbs returns the privilege-escalation verbs (bind, escalate,
# impersonate) rule holds: every one named explicitly in its verbs,
# whatever the resources, and those a "*" verb grants on a resource where
# the verb has an effect (roles, clusterroles, users, groups, ...).
escalation_verbs(rule) := {v |
	_may_escalate(rule)
	some v in {"bind", "escalate", "impersonate"}
	_has_escalation_verb(rule, v)
}

# _may_escalate is a cheap first test: only a rule naming one of the
# escalation verbs, or "*", can grant one.
_may_escalate(rule) if {
	some v in object.get(rule, "verbs", [])
	v in {"bind", "escalate", "impersonate", "*"}
}

_has_escalation_verb(rule, verb) if {
	verb in object.get(rule, "verbs", [])
	_names_resources(rule)
}

_has_escalation_verb(rule, verb) if {
	some t in _escalation_targets
	t.verb == verb
	grants(rule, t.group, t.resource, verb)
}

# Impersonating user extras is checked on userextras/<key>, one
# subresource per key: any userextras entry counts.
_has_escalation_verb(rule, "impersonate") if {
	_verb_matches(rule, "impersonate")
	_group_matches(rule, "authentication.k8s.io")
	some r in object.get(rule, "resources", [])
	startswith(r, "userextras")
}

_names_resources(rule) if count(object.get(rule, "resources", [])) > 0

_group_matches(rule, group) if group in object.get(rule, "api_groups", [])

_group_matches(rule, _) if "*" in object.get(rule, "api_groups", [])

_verb_matches(rule, verb) if verb in object.get(rule, "verbs", [])

_verb_matches(rule, _) if "*" in object.get(rule, "verbs", [])

# describe renders a PolicyRule entry for messages, e.g.
# `apiGroups [""] resources [secrets] verbs [get, list]`.
describe(rule) := concat(" ", array.concat(
	[
		sprintf("apiGroups [%s]", [_list(object.get(rule, "api_groups", []))]),
		sprintf("resources [%s]", [_list(object.get(rule, "resources", []))]),
		sprintf("verbs [%s]", [_list(object.get(rule, "verbs", []))]),
	],
	_names_suffix(rule),
))

_names_suffix(rule) := [sprintf("resourceNames [%s]", [_list(rule.resource_names)])] if {
	count(object.get(rule, "resource_names", [])) > 0
} else := []

_list(xs) := concat(", ", [_show(x) | some x in xs])

_show("") := `""` # the core API group

_show(x) := x if x != ""

# subject_names renders binding subjects, e.g.
# `ServiceAccount ci/deployer, User alice, Group ops`.
subject_names(binding) := concat(", ", [subject_name(binding, s) |
	some s in object.get(binding, ["attributes", "subjects"], [])
])

subject_name(binding, s) := sprintf("ServiceAccount %s/%s", [subject_namespace(binding, s), object.get(s, "name", "")]) if {
	object.get(s, "kind", "") == "ServiceAccount"
} else := sprintf("%s %s", [object.get(s, "kind", ""), object.get(s, "name", "")])

# subject_namespace is the namespace of a ServiceAccount subject: its own,
# or the binding's when left out (valid only for RoleBindings).
subject_namespace(binding, s) := ns if {
	ns := object.get(s, "namespace", "")
	ns != ""
} else := object.get(binding, "namespace", "")

# binds_service_account holds when subject s of binding names, directly
# or through the service-account groups, the ServiceAccount name in
# namespace ns.
binds_service_account(binding, s, ns, name) if {
	object.get(s, "kind", "") == "ServiceAccount"
	object.get(s, "name", "") == name
	subject_namespace(binding, s) == ns
}

binds_service_account(_, s, _, _) if {
	object.get(s, "kind", "") == "Group"
	object.get(s, "name", "") == "system:serviceaccounts"
}

binds_service_account(_, s, ns, _) if {
	object.get(s, "kind", "") == "Group"
	object.get(s, "name", "") == concat(":", ["system:serviceaccounts", ns])
}
