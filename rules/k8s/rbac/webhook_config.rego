# METADATA
# title: Roles should not grant changing admission webhook configurations
# description: >-
#   Whoever can write validating or mutating webhook configurations can
#   switch off admission policy or route every created object through a
#   webhook of their own, which can read or rewrite it.
# related_resources:
#   - ref: https://kubernetes.io/docs/concepts/security/rbac-good-practices/#control-admission-webhooks
#   - ref: https://kubernetes.io/docs/reference/access-authn-authz/extensible-admission-controllers/
#   - ref: https://www.cisecurity.org/benchmark/kubernetes
#     description: CIS Kubernetes Benchmark v1.12, 5.1.12 Minimize access to webhook configuration objects
# custom:
#   id: k8s-rbac-webhook-config
#   severity: medium
#   resource_types: [k8s.rbac.cluster_role]
#   remediation: |-
#     Keep only read access to webhook configurations:
#       rules:
#         - apiGroups: ["admissionregistration.k8s.io"]
#           resources: ["validatingwebhookconfigurations", "mutatingwebhookconfigurations"]
#           verbs: ["get", "list", "watch"]
package vigil.rules.k8s.k8s_rbac_webhook_config

import data.vigil.lib.rbac
import rego.v1

# Only ClusterRoles are read: the resource is cluster-scoped, and a
# namespaced Role cannot grant it whatever its rules say.

_write_verbs := ["create", "update", "patch", "delete", "deletecollection"]

deny contains {
	"msg": sprintf("%s %q rules[%d] (%s) allows %s on %s", [input.kind, input.name, e.index, rbac.describe(e.rule), concat(", ", sort(verbs)), resource]),
	"path": sprintf("rules[%d].verbs", [e.index]),
	"value": object.get(e.rule, "verbs", []),
} if {
	some e in rbac.rules(input)
	some resource in ["validatingwebhookconfigurations", "mutatingwebhookconfigurations"]
	verbs := rbac.granted_verbs(e.rule, "admissionregistration.k8s.io", resource, _write_verbs)
	count(verbs) > 0
}
