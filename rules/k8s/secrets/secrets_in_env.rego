# METADATA
# title: Secrets should be mounted as files, not passed as environment variables
# description: >-
#   Environment variables leak easily: applications print them in crash
#   reports and debug pages, child processes inherit them, and they show up
#   in the container runtime's inspect output. Secrets mounted as files are
#   not exposed that way and are updated in place when the Secret changes.
# related_resources:
#   - ref: https://kubernetes.io/docs/concepts/security/secrets-good-practices/
#   - ref: https://kubernetes.io/docs/tasks/inject-data-application/distribute-credentials-secure/#create-a-pod-that-has-access-to-the-secret-data-through-a-volume
#   - ref: https://www.cisecurity.org/benchmark/kubernetes
#     description: CIS Kubernetes Benchmark v1.12, 5.4.1 Prefer using secrets as files over secrets as environment variables
# custom:
#   id: k8s-secrets-in-env
#   severity: low
#   resource_types: [k8s.core.pod, k8s.apps.deployment, k8s.apps.replica_set, k8s.apps.stateful_set, k8s.apps.daemon_set, k8s.batch.job, k8s.batch.cron_job]
#   remediation: |-
#     Mount the Secret as a read-only volume and have the application read the file:
#       spec:
#         volumes:
#           - name: db-credentials
#             secret:
#               secretName: db-credentials
#         containers:
#           - name: app
#             volumeMounts:
#               - name: db-credentials
#                 mountPath: /etc/secrets/db
#                 readOnly: true
package vigil.rules.k8s.k8s_secrets_in_env

import data.vigil.lib.k8s
import rego.v1

deny contains {
	"msg": sprintf("container %q reads key %q of Secret %q into environment variable %q", [entry.name, object.get(ref, "key", ""), object.get(ref, "name", ""), object.get(env, "name", "")]),
	"path": sprintf("%s.env[%d].value_from.secret_key_ref", [entry.path, i]),
	"value": object.get(ref, "name", ""),
} if {
	some entry in k8s.pod_containers
	some i, env in object.get(entry.container, "env", [])
	ref := env.value_from.secret_key_ref
}

deny contains {
	"msg": sprintf("container %q loads every key of Secret %q as environment variables (envFrom)", [entry.name, object.get(ref, "name", "")]),
	"path": sprintf("%s.env_from[%d].secret_ref", [entry.path, i]),
	"value": object.get(ref, "name", ""),
} if {
	some entry in k8s.pod_containers
	some i, src in object.get(entry.container, "env_from", [])
	ref := src.secret_ref
}
