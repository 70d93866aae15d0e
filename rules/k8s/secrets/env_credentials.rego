# METADATA
# title: Workloads must not hold credentials in literal environment variables
# description: >-
#   A password, token or key written as a literal env value is stored in
#   the workload manifest, in etcd without Secret protections, in Git and in
#   every tool that can read Deployments; anyone with read access to the
#   workload can use it. Credentials belong in Secrets (or an external
#   secret store), referenced with secretKeyRef.
# related_resources:
#   - ref: https://kubernetes.io/docs/concepts/configuration/secret/
#   - ref: https://kubernetes.io/docs/concepts/security/secrets-good-practices/
#   - ref: https://kubernetes.io/docs/tasks/inject-data-application/distribute-credentials-secure/
# custom:
#   id: k8s-env-credentials
#   severity: high
#   resource_types: [k8s.core.pod, k8s.apps.deployment, k8s.apps.replica_set, k8s.apps.stateful_set, k8s.apps.daemon_set, k8s.batch.job, k8s.batch.cron_job]
#   remediation: |-
#     Revoke and rotate the exposed credential, store the new one in a
#     Secret and reference it:
#       kubectl create secret generic db-credentials -n <namespace> --from-literal=password='<new password>'
#     then in the container:
#       env:
#         - name: DB_PASSWORD
#           valueFrom:
#             secretKeyRef:
#               name: db-credentials
#               key: password
package vigil.rules.k8s.env_credentials

import rego.v1

# The normalizer detects and redacts credentials before rules run; the
# redacted form is the only value a finding may carry.
deny contains {
	"msg": sprintf("container %q holds a credential (%s) in the literal value of env var %q", [_container(cred), cred.kind, cred.key]),
	"path": cred.path,
	"value": cred.redacted,
} if {
	some cred in input.attributes.credentials
}

# _container names the container for the message; the credential's path
# names it when the container has no name.
_container(cred) := name if {
	name := object.get(cred, "container", "")
	name != ""
} else := cred.path
