# METADATA
# title: Service account tokens should only be mounted where needed
# description: >-
#   Unless told otherwise, Kubernetes mounts an API token into every
#   container of a Pod. Most applications never call the API, and for them
#   the token only helps an attacker who gets into the container. Turn
#   automounting off in the Pod spec or on its service account.
# related_resources:
#   - ref: https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/#opt-out-of-api-credential-automounting
#   - ref: https://www.cisecurity.org/benchmark/kubernetes
#     description: CIS Kubernetes Benchmark v1.12, 5.1.6 Ensure that Service Account Tokens are only mounted where necessary
# custom:
#   id: k8s-sa-token-automount
#   severity: low
#   resource_types: [k8s.core.pod, k8s.apps.deployment, k8s.apps.replica_set, k8s.apps.stateful_set, k8s.apps.daemon_set, k8s.batch.job, k8s.batch.cron_job]
#   related_types: [k8s.core.service_account]
#   remediation: |-
#     For workloads that do not talk to the Kubernetes API, set in the Pod template:
#       spec:
#         automountServiceAccountToken: false
#     or on their service account (a Pod-level true still overrides it):
#       apiVersion: v1
#       kind: ServiceAccount
#       metadata:
#         name: web
#         namespace: shop
#       automountServiceAccountToken: false
package vigil.rules.k8s.k8s_sa_token_automount

import data.vigil.lib.k8s
import rego.v1

deny contains {
	"msg": sprintf("pod spec mounts the token of service account %q (automountServiceAccountToken is true)", [_sa_name]),
	"path": "pod_spec.automount_service_account_token",
	"value": true,
} if {
	input.attributes.pod_spec.automount_service_account_token == true
}

deny contains {
	"msg": sprintf("pod spec does not set automountServiceAccountToken and service account %q does not turn it off, so its token is mounted", [_sa_name]),
	"path": "pod_spec.automount_service_account_token",
	"value": null,
} if {
	not _pod_sets_automount
	not _service_account_disables
}

_pod_sets_automount if {
	_ := input.attributes.pod_spec.automount_service_account_token
}

_service_account_disables if {
	some sa in vigil.related(input.id, "uses_service_account")
	object.get(sa, ["attributes", "automount_service_account_token"], true) == false
}

_sa_name := k8s.service_account_name(input.attributes.pod_spec)
