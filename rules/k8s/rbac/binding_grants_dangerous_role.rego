# METADATA
# title: Bindings should not grant privilege-escalating roles
# description: >-
#   A binding hands its role to users, groups or service accounts. When that
#   role allows every verb on every resource, can bind, escalate or
#   impersonate, or (cluster-wide) can read Secrets, the subjects can make
#   themselves cluster administrators; a compromised service account with
#   such a binding is a compromised cluster. A role that can exec into or
#   attach to Pods (with create, or get over WebSockets) lends its subjects
#   the service accounts, Secrets and network reach of every Pod it covers.
# related_resources:
#   - ref: https://kubernetes.io/docs/concepts/security/rbac-good-practices/
#   - ref: https://kubernetes.io/docs/reference/access-authn-authz/rbac/#privilege-escalation-prevention-and-bootstrapping
# custom:
#   id: k8s-binding-grants-dangerous-role
#   severity: high
#   resource_types: [k8s.rbac.role_binding, k8s.rbac.cluster_role_binding]
#   related_types: [k8s.rbac.role, k8s.rbac.cluster_role]
#   remediation: |-
#     Bind a role without wildcards, bind/escalate/impersonate, pods/exec or
#     pods/attach, or cluster-wide secret reads; where the subjects only work in one namespace, use a
#     RoleBinding instead of a ClusterRoleBinding:
#       apiVersion: rbac.authorization.k8s.io/v1
#       kind: RoleBinding
#       metadata:
#         name: deployer
#         namespace: shop
#       roleRef:
#         apiGroup: rbac.authorization.k8s.io
#         kind: Role
#         name: deployer-minimal
#       subjects:
#         - kind: ServiceAccount
#           name: deployer
#           namespace: shop
package vigil.rules.k8s.k8s_binding_grants_dangerous_role

import data.vigil.lib.rbac
import rego.v1

_principal_kinds := {"ServiceAccount", "User", "Group"}

deny contains {
	"msg": sprintf("%s %q grants %s %q, which %s, to %s", [input.kind, input.name, role.kind, role.name, concat("; ", sort(reasons)), rbac.subject_names(input)]),
	"path": "role_ref.name",
	"value": role.name,
	"related": role.id,
} if {
	not _binds_cluster_admin
	_has_principal
	some role in vigil.related(input.id, "binds_role")
	reasons := _reasons(role)
	count(reasons) > 0
}

_binds_cluster_admin if {
	input.attributes.role_ref.kind == "ClusterRole"
	input.attributes.role_ref.name == "cluster-admin"
}

_has_principal if {
	some s in object.get(input.attributes, "subjects", [])
	object.get(s, "kind", "") in _principal_kinds
}

_reasons(role) := ((_wildcards(role) | _escalations(role)) | _cluster_secrets(role)) | _pod_sessions(role)

_wildcards(role) := {sprintf("allows every verb on every resource (rules[%d])", [e.index]) |
	some e in rbac.rules(role)
	rbac.full_wildcard(e.rule)
}

_escalations(role) := {sprintf("allows %s (rules[%d])", [concat(", ", sort(verbs)), e.index]) |
	some e in rbac.rules(role)
	verbs := rbac.escalation_verbs(e.rule)
	count(verbs) > 0
}

_cluster_secrets(role) := {sprintf("reads secrets in every namespace (rules[%d])", [e.index]) |
	input.type == "k8s.rbac.cluster_role_binding"
	some e in rbac.rules(role)
	rbac.reads_secrets(e.rule)
}

# A role allowing every verb on every resource is reported as such, not
# also for the sessions that follow from it.
_pod_sessions(role) := {sprintf("opens sessions in running containers through %s (rules[%d])", [rbac.describe_sessions(sessions), e.index]) |
	some e in rbac.rules(role)
	not rbac.full_wildcard(e.rule)
	sessions := rbac.pod_sessions(e.rule)
	count(sessions) > 0
}
