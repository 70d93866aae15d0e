# METADATA
# title: Roles should not grant creating Pods
# description: >-
#   Creating a Pod lets its author run any image as any service account of
#   the namespace and mount any Secret, ConfigMap or volume there, so it
#   amounts to holding all of those privileges. Leave Pod creation to
#   controllers and grant people and CI the workload objects instead.
# related_resources:
#   - ref: https://kubernetes.io/docs/concepts/security/rbac-good-practices/#workload-creation
#   - ref: https://www.cisecurity.org/benchmark/kubernetes
#     description: CIS Kubernetes Benchmark v1.12, 5.1.4 Minimize access to create pods
# custom:
#   id: k8s-rbac-create-pods
#   severity: medium
#   resource_types: [k8s.rbac.role, k8s.rbac.cluster_role]
#   remediation: |-
#     Drop create (and "*") on pods from the role; keep read access if it is needed:
#       rules:
#         - apiGroups: [""]
#           resources: ["pods"]
#           verbs: ["get", "list", "watch"]
package vigil.rules.k8s.k8s_rbac_create_pods

import data.vigil.lib.rbac
import rego.v1

deny contains {
	"msg": sprintf("%s %q rules[%d] (%s) allows creating pods", [input.kind, input.name, e.index, rbac.describe(e.rule)]),
	"path": sprintf("rules[%d].verbs", [e.index]),
	"value": object.get(e.rule, "verbs", []),
} if {
	some e in rbac.rules(input)
	rbac.grants(e.rule, "", "pods", "create")
}
