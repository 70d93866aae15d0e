# METADATA
# title: Roles should not grant access to nodes/proxy
# description: >-
#   The nodes/proxy subresource forwards requests straight to the kubelet
#   API, which can run commands in any container of the node and bypasses
#   admission control and audit logging of those actions.
# related_resources:
#   - ref: https://kubernetes.io/docs/concepts/security/rbac-good-practices/#access-to-proxy-subresource-of-nodes
#   - ref: https://kubernetes.io/docs/reference/access-authn-authz/kubelet-authn-authz/
#   - ref: https://www.cisecurity.org/benchmark/kubernetes
#     description: CIS Kubernetes Benchmark v1.12, 5.1.10 Minimize access to the proxy sub-resource of nodes
# custom:
#   id: k8s-rbac-node-proxy
#   severity: medium
#   resource_types: [k8s.rbac.cluster_role]
#   remediation: |-
#     Remove nodes/proxy (and "*" resources) from the role; for metrics use the
#     narrower subresources instead:
#       rules:
#         - apiGroups: [""]
#           resources: ["nodes/metrics", "nodes/stats"]
#           verbs: ["get"]
package vigil.rules.k8s.k8s_rbac_node_proxy

import data.vigil.lib.rbac
import rego.v1

# Only ClusterRoles are read: the resource is cluster-scoped, and a
# namespaced Role cannot grant it whatever its rules say.

deny contains {
	"msg": sprintf("%s %q rules[%d] (%s) allows access to nodes/proxy", [input.kind, input.name, e.index, rbac.describe(e.rule)]),
	"path": sprintf("rules[%d].resources", [e.index]),
	"value": object.get(e.rule, "resources", []),
} if {
	some e in rbac.rules(input)
	rbac.grants_any_verb(e.rule, "", "nodes/proxy")
}
