# METADATA
# title: The cluster-admin role should only be bound where required
# description: >-
#   cluster-admin allows every action on every resource. Each binding to it
#   hands that to its subjects (in a RoleBinding, everything in the
#   namespace), so a leaked token or a compromised workload owns the
#   cluster or namespace.
# related_resources:
#   - ref: https://kubernetes.io/docs/reference/access-authn-authz/rbac/#user-facing-roles
#   - ref: https://kubernetes.io/docs/concepts/security/rbac-good-practices/#least-privilege
#   - ref: https://www.cisecurity.org/benchmark/kubernetes
#     description: CIS Kubernetes Benchmark v1.12, 5.1.1 Ensure that the cluster-admin role is only used where required
# custom:
#   id: k8s-cluster-admin-binding
#   severity: high
#   resource_types: [k8s.rbac.role_binding, k8s.rbac.cluster_role_binding]
#   remediation: |-
#     Bind a narrower role (a built-in one such as admin, edit or view, or your
#     own) instead of cluster-admin, and delete the binding:
#       kubectl delete clusterrolebinding <name>
#       kubectl create rolebinding ops-edit --clusterrole=edit --group=ops --namespace=shop
package vigil.rules.k8s.k8s_cluster_admin_binding

import data.vigil.lib.rbac
import rego.v1

deny contains {
	"msg": sprintf("%s %q binds cluster-admin to %s", [input.kind, input.name, _subjects]),
	"path": "role_ref.name",
	"value": "cluster-admin",
} if {
	ref := object.get(input.attributes, "role_ref", {})
	object.get(ref, "kind", "") == "ClusterRole"
	object.get(ref, "name", "") == "cluster-admin"
}

_subjects := s if {
	s := rbac.subject_names(input)
	s != ""
} else := "no subject"
