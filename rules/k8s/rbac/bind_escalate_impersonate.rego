# METADATA
# title: Roles should not grant bind, escalate or impersonate
# description: >-
#   bind and escalate on roles let their holder grant or write permissions
#   they do not have themselves, and impersonate lets them act as any user,
#   group or service account; each is a direct path to cluster-admin.
# related_resources:
#   - ref: https://kubernetes.io/docs/reference/access-authn-authz/rbac/#privilege-escalation-prevention-and-bootstrapping
#   - ref: https://kubernetes.io/docs/concepts/security/rbac-good-practices/#escalate-verb
#   - ref: https://kubernetes.io/docs/reference/access-authn-authz/authentication/#user-impersonation
#   - ref: https://www.cisecurity.org/benchmark/kubernetes
#     description: CIS Kubernetes Benchmark v1.12, 5.1.8 Limit use of the Bind, Impersonate and Escalate permissions
# custom:
#   id: k8s-rbac-bind-escalate-impersonate
#   severity: high
#   resource_types: [k8s.rbac.role, k8s.rbac.cluster_role]
#   remediation: |-
#     Remove bind, escalate and impersonate from the role, and replace "*" verbs
#     on roles, clusterroles, users, groups or serviceaccounts by the verbs
#     really needed. Managing roles without escalation looks like:
#       rules:
#         - apiGroups: ["rbac.authorization.k8s.io"]
#           resources: ["roles", "rolebindings"]
#           verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
package vigil.rules.k8s.k8s_rbac_bind_escalate_impersonate

import data.vigil.lib.rbac
import rego.v1

deny contains {
	"msg": sprintf("%s %q rules[%d] (%s) allows %s", [input.kind, input.name, e.index, rbac.describe(e.rule), concat(", ", sort(verbs))]),
	"path": sprintf("rules[%d].verbs", [e.index]),
	"value": object.get(e.rule, "verbs", []),
} if {
	some e in rbac.rules(input)
	verbs := rbac.escalation_verbs(e.rule)
	count(verbs) > 0
}
