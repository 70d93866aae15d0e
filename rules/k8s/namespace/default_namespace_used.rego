# METADATA
# title: The default namespace should not be used
# description: >-
#   Objects left in the default namespace share one administrative boundary,
#   so RBAC, network and resource policies cannot be scoped per application,
#   and kubectl commands without -n act on them by mistake. Put each
#   application in a namespace of its own.
# related_resources:
#   - ref: https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces/
#   - ref: https://www.cisecurity.org/benchmark/kubernetes
#     description: CIS Kubernetes Benchmark v1.12, 5.7.4 The default namespace should not be used
# custom:
#   id: k8s-default-namespace-used
#   severity: low
#   resource_types: [k8s.core.pod, k8s.apps.deployment, k8s.apps.replica_set, k8s.apps.stateful_set, k8s.apps.daemon_set, k8s.batch.job, k8s.batch.cron_job, k8s.core.service, k8s.core.config_map, k8s.core.secret, k8s.core.service_account, k8s.rbac.role, k8s.rbac.role_binding, k8s.networking.ingress]
#   remediation: |-
#     Move the object to an application namespace: set it in the manifest and
#     re-create it there, then delete the copy in default:
#       metadata:
#         namespace: shop
#     kubectl delete deployment web -n default
package vigil.rules.k8s.k8s_default_namespace_used

import rego.v1

# Objects Kubernetes itself creates in every or in the default namespace.
_builtin := {
	"k8s.core.service": "kubernetes",
	"k8s.core.config_map": "kube-root-ca.crt",
	"k8s.core.service_account": "default",
}

deny contains {
	"msg": sprintf("%s %q is in the default namespace", [input.kind, input.name]),
	"path": "namespace",
	"value": "default",
} if {
	input.namespace == "default"
	not _is_builtin
}

_is_builtin if _builtin[input.type] == input.name
