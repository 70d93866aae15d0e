# METADATA
# title: Roles should not grant read access to Secrets
# description: >-
#   Whoever can get, list or watch Secrets reads every credential, token and
#   key stored in them, including service-account tokens that may carry
#   more privileges than the reader has. Keep this access to the few
#   controllers that need it.
# related_resources:
#   - ref: https://kubernetes.io/docs/concepts/security/rbac-good-practices/#listing-secrets
#   - ref: https://www.cisecurity.org/benchmark/kubernetes
#     description: CIS Kubernetes Benchmark v1.12, 5.1.2 Minimize access to secrets
# custom:
#   id: k8s-rbac-secrets-access
#   severity: medium
#   resource_types: [k8s.rbac.role, k8s.rbac.cluster_role]
#   remediation: |-
#     Remove get, list and watch on secrets from the role, or limit get to the
#     named Secrets the workload really reads (list and watch cannot be limited
#     that way):
#       rules:
#         - apiGroups: [""]
#           resources: ["secrets"]
#           resourceNames: ["app-db-credentials"]
#           verbs: ["get"]
package vigil.rules.k8s.k8s_rbac_secrets_access

import data.vigil.lib.rbac
import rego.v1

deny contains {
	"msg": sprintf("%s %q rules[%d] (%s) allows %s on secrets", [input.kind, input.name, e.index, rbac.describe(e.rule), concat(", ", sort(verbs))]),
	"path": sprintf("rules[%d].verbs", [e.index]),
	"value": object.get(e.rule, "verbs", []),
} if {
	some e in rbac.rules(input)
	verbs := rbac.granted_verbs(e.rule, "", "secrets", rbac.secret_read_verbs)
	count(verbs) > 0
}
