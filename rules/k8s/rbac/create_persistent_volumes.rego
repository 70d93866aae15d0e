# METADATA
# title: Roles should not grant creating PersistentVolumes
# description: >-
#   A PersistentVolume can point at a hostPath or any storage back end, so
#   whoever creates one can mount node directories or other tenants' data
#   into a Pod. Let users request storage through PersistentVolumeClaims and
#   StorageClasses instead.
# related_resources:
#   - ref: https://kubernetes.io/docs/concepts/security/rbac-good-practices/#persistent-volume-creation
#   - ref: https://www.cisecurity.org/benchmark/kubernetes
#     description: CIS Kubernetes Benchmark v1.12, 5.1.9 Minimize access to create persistent volumes
# custom:
#   id: k8s-rbac-create-persistent-volumes
#   severity: medium
#   resource_types: [k8s.rbac.cluster_role]
#   remediation: |-
#     Remove create (and "*") on persistentvolumes; grant claims instead:
#       rules:
#         - apiGroups: [""]
#           resources: ["persistentvolumeclaims"]
#           verbs: ["get", "list", "watch", "create", "delete"]
package vigil.rules.k8s.k8s_rbac_create_persistent_volumes

import data.vigil.lib.rbac
import rego.v1

# Only ClusterRoles are read: the resource is cluster-scoped, and a
# namespaced Role cannot grant it whatever its rules say.

deny contains {
	"msg": sprintf("%s %q rules[%d] (%s) allows creating persistentvolumes", [input.kind, input.name, e.index, rbac.describe(e.rule)]),
	"path": sprintf("rules[%d].verbs", [e.index]),
	"value": object.get(e.rule, "verbs", []),
} if {
	some e in rbac.rules(input)
	rbac.grants(e.rule, "", "persistentvolumes", "create")
}
