# METADATA
# title: Roles should not grant approving CertificateSigningRequests
# description: >-
#   Updating the approval subresource of a CertificateSigningRequest
#   approves it; combined with the signer permission this lets someone issue
#   client certificates for any user or group, system:masters included.
# related_resources:
#   - ref: https://kubernetes.io/docs/reference/access-authn-authz/certificate-signing-requests/#authorization
#   - ref: https://www.cisecurity.org/benchmark/kubernetes
#     description: CIS Kubernetes Benchmark v1.12, 5.1.11 Minimize access to the approval sub-resource of certificatesigningrequests objects
# custom:
#   id: k8s-rbac-csr-approval
#   severity: medium
#   resource_types: [k8s.rbac.cluster_role]
#   remediation: |-
#     Remove update and patch on certificatesigningrequests/approval, keeping
#     read access where needed:
#       rules:
#         - apiGroups: ["certificates.k8s.io"]
#           resources: ["certificatesigningrequests"]
#           verbs: ["get", "list", "watch"]
package vigil.rules.k8s.k8s_rbac_csr_approval

import data.vigil.lib.rbac
import rego.v1

# Only ClusterRoles are read: the resource is cluster-scoped, and a
# namespaced Role cannot grant it whatever its rules say.

deny contains {
	"msg": sprintf("%s %q rules[%d] (%s) allows %s on certificatesigningrequests/approval", [input.kind, input.name, e.index, rbac.describe(e.rule), concat(", ", sort(verbs))]),
	"path": sprintf("rules[%d].verbs", [e.index]),
	"value": object.get(e.rule, "verbs", []),
} if {
	some e in rbac.rules(input)
	verbs := rbac.granted_verbs(e.rule, "certificates.k8s.io", "certificatesigningrequests/approval", ["update", "patch"])
	count(verbs) > 0
}
