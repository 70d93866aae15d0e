# METADATA
# title: Roles should not use wildcards
# description: >-
#   A "*" in apiGroups, resources or verbs grants everything that exists now
#   and everything added later (new resources, CRDs, subresources, verbs),
#   so a role quietly grows beyond what was reviewed. List the groups,
#   resources and verbs explicitly.
# related_resources:
#   - ref: https://kubernetes.io/docs/concepts/security/rbac-good-practices/#least-privilege
#   - ref: https://www.cisecurity.org/benchmark/kubernetes
#     description: CIS Kubernetes Benchmark v1.12, 5.1.3 Minimize wildcard use in Roles and ClusterRoles
# custom:
#   id: k8s-rbac-wildcard
#   severity: medium
#   resource_types: [k8s.rbac.role, k8s.rbac.cluster_role]
#   remediation: |-
#     Replace each "*" by the exact API groups, resources and verbs needed:
#       rules:
#         - apiGroups: ["apps"]
#           resources: ["deployments"]
#           verbs: ["get", "list", "watch", "update", "patch"]
package vigil.rules.k8s.k8s_rbac_wildcard

import data.vigil.lib.rbac
import rego.v1

_fields := {"api_groups": "apiGroups", "resources": "resources", "verbs": "verbs"}

deny contains {
	"msg": sprintf("%s %q rules[%d] (%s) uses \"*\" in %s", [input.kind, input.name, e.index, rbac.describe(e.rule), yaml_name]),
	"path": sprintf("rules[%d].%s", [e.index, field]),
	"value": object.get(e.rule, field, []),
} if {
	some e in rbac.rules(input)
	some field, yaml_name in _fields
	"*" in object.get(e.rule, field, [])
}
