# METADATA
# title: Workloads should not run as service accounts that can read Secrets
# description: >-
#   A workload's service account token is mounted into its containers, so
#   anyone who compromises the application inherits the account's RBAC
#   permissions. If a binding lets that account get, list or watch Secrets,
#   one exploited container discloses every credential those Secrets hold.
# related_resources:
#   - ref: https://kubernetes.io/docs/concepts/security/rbac-good-practices/#listing-secrets
#   - ref: https://kubernetes.io/docs/concepts/security/service-accounts/
# custom:
#   id: k8s-workload-sa-reads-secrets
#   severity: high
#   resource_types: [k8s.core.pod, k8s.apps.deployment, k8s.apps.replica_set, k8s.apps.stateful_set, k8s.apps.daemon_set, k8s.batch.job, k8s.batch.cron_job]
#   related_types: [k8s.core.service_account, k8s.rbac.role_binding, k8s.rbac.cluster_role_binding, k8s.rbac.role, k8s.rbac.cluster_role]
#   remediation: |-
#     Give the workload a service account whose roles do not read Secrets; mount
#     the Secrets it needs as volumes instead. Remove secrets from the bound
#     role, or bind a narrower role:
#       rules:
#         - apiGroups: [""]
#           resources: ["configmaps"]
#           verbs: ["get", "list", "watch"]
#     If the workload does not call the API at all, also set
#     automountServiceAccountToken: false in its Pod spec.
package vigil.rules.k8s.k8s_workload_sa_reads_secrets

import data.vigil.lib.k8s
import data.vigil.lib.rbac
import rego.v1

deny contains {
	"msg": sprintf("service account %q is bound (as %s) by %s %q to %s %q, which allows %s on secrets", [sprintf("%s/%s", [input.namespace, _sa_name]), concat(", ", sort(subjects)), binding.kind, binding.name, role.kind, role.name, concat(", ", sort(verbs))]),
	"path": "pod_spec.service_account_name",
	"value": _sa_name,
	"related": binding.id,
} if {
	# Bindings are found through the inventory's index of subjects: the
	# workload's service account and its service-account groups.
	bindings := {b |
		some subject in vigil.edges(input.id, "runs_as")
		some b in vigil.referrers(subject, "binds_subject")
	}
	some binding in bindings
	some role in vigil.related(binding.id, "binds_role")
	verbs := rbac.role_granted_verbs(role, "", "secrets", rbac.secret_read_verbs)
	count(verbs) > 0

	# Which of the binding's subjects cover the account is only needed
	# for the message: it is worked out after the cheaper test on the role.
	subjects := _matching_subjects(binding)
	count(subjects) > 0
}

# The binding's subjects that cover the workload's service account: the
# account itself or a group of service accounts it belongs to.
_matching_subjects(binding) := {rbac.subject_name(binding, s) |
	some s in object.get(binding, ["attributes", "subjects"], [])
	rbac.binds_service_account(binding, s, input.namespace, _sa_name)
}

_sa_name := k8s.service_account_name(input.attributes.pod_spec)
