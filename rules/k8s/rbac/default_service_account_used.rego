# METADATA
# title: Default service accounts should not be used
# description: >-
#   Every Pod that names no service account runs as its namespace's default
#   one. Permissions granted to it, or its automatically mounted token,
#   therefore reach every such Pod. Keep the default account without
#   permissions and without an automounted token, and give workloads their
#   own accounts. Reported on the default account, on bindings that grant
#   it a role, and on workloads that run as it; a workload whose Pod spec
#   turns token automounting off and projects no token holds no credential
#   of the account and is not reported.
# related_resources:
#   - ref: https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/#use-the-default-service-account-to-access-the-api-server
#   - ref: https://kubernetes.io/docs/concepts/security/service-accounts/
#   - ref: https://www.cisecurity.org/benchmark/kubernetes
#     description: CIS Kubernetes Benchmark v1.12, 5.1.5 Ensure that default service accounts are not actively used
# custom:
#   id: k8s-default-service-account-used
#   severity: medium
#   resource_types: [k8s.core.service_account, k8s.rbac.role_binding, k8s.rbac.cluster_role_binding, k8s.core.pod, k8s.apps.deployment, k8s.apps.replica_set, k8s.apps.stateful_set, k8s.apps.daemon_set, k8s.batch.job, k8s.batch.cron_job]
#   remediation: |-
#     Give each workload a service account of its own in its Pod template:
#       spec:
#         serviceAccountName: storefront
#     Turn off token automounting on every namespace's default service account,
#     and bind roles to dedicated service accounts rather than to "default":
#       apiVersion: v1
#       kind: ServiceAccount
#       metadata:
#         name: default
#         namespace: shop
#       automountServiceAccountToken: false
#     or: kubectl patch serviceaccount default -n shop -p '{"automountServiceAccountToken": false}'
package vigil.rules.k8s.k8s_default_service_account_used

import data.vigil.lib.k8s
import data.vigil.lib.rbac
import rego.v1

deny contains {
	"msg": sprintf("default service account of namespace %q mounts its token automatically (automountServiceAccountToken is not false)", [input.namespace]),
	"path": "automount_service_account_token",
	"value": object.get(input.attributes, "automount_service_account_token", null),
} if {
	input.type == "k8s.core.service_account"
	input.name == "default"
	object.get(input.attributes, "automount_service_account_token", true) != false
}

deny contains {
	"msg": sprintf("%s %q grants %s %q to the default service account of namespace %q", [input.kind, input.name, object.get(ref, "kind", ""), object.get(ref, "name", ""), rbac.subject_namespace(input, s)]),
	"path": sprintf("subjects[%d].name", [i]),
	"value": "default",
} if {
	input.type in rbac.binding_types
	ref := object.get(input.attributes, "role_ref", {})
	some i, s in object.get(input.attributes, "subjects", [])
	object.get(s, "kind", "") == "ServiceAccount"
	object.get(s, "name", "") == "default"
}

deny contains {
	"msg": sprintf("%s %s as the default service account of %s (%s)", [input.kind, _runs, k8s.input_namespace, _named]),
	"path": "pod_spec.service_account_name",
	"value": object.get(input.attributes.pod_spec, "service_account_name", null),
} if {
	input.type in k8s.workload_types
	_sa_name == "default"
	not _holds_no_token
}

_sa_name := k8s.service_account_name(input.attributes.pod_spec)

_runs := "runs" if input.type == "k8s.core.pod" else := "runs its Pods"

_named := "serviceAccountName is not set" if {
	object.get(input.attributes.pod_spec, "service_account_name", "") == ""
	object.get(input.attributes.pod_spec, "service_account", "") == ""
} else := "serviceAccountName is default"

# The Pod turns automounting off and projects no token of its own.
_holds_no_token if {
	input.attributes.pod_spec.automount_service_account_token == false
	not _projects_token
}

_projects_token if {
	some v in object.get(input.attributes.pod_spec, "volumes", [])
	some src in object.get(v, ["projected", "sources"], [])
	_ := src.service_account_token
}
