# METADATA
# title: Roles should not grant creating service account tokens
# description: >-
#   Creating on serviceaccounts/token mints a fresh token for a service
#   account, so the holder can act with that account's permissions, and the
#   token can be made long-lived.
# related_resources:
#   - ref: https://kubernetes.io/docs/concepts/security/rbac-good-practices/#token-request
#   - ref: https://www.cisecurity.org/benchmark/kubernetes
#     description: CIS Kubernetes Benchmark v1.12, 5.1.13 Minimize access to the service account token creation
# custom:
#   id: k8s-rbac-sa-token-create
#   severity: medium
#   resource_types: [k8s.rbac.role, k8s.rbac.cluster_role]
#   remediation: |-
#     Remove create on serviceaccounts/token (and "*" resources or verbs that
#     cover it); workloads get their tokens from the kubelet without it:
#       rules:
#         - apiGroups: [""]
#           resources: ["serviceaccounts"]
#           verbs: ["get", "list"]
package vigil.rules.k8s.k8s_rbac_sa_token_create

import data.vigil.lib.rbac
import rego.v1

deny contains {
	"msg": sprintf("%s %q rules[%d] (%s) allows creating serviceaccounts/token", [input.kind, input.name, e.index, rbac.describe(e.rule)]),
	"path": sprintf("rules[%d].verbs", [e.index]),
	"value": object.get(e.rule, "verbs", []),
} if {
	some e in rbac.rules(input)
	rbac.grants(e.rule, "", "serviceaccounts/token", "create")
}
