# METADATA
# title: ConfigMaps must not hold credentials
# description: >-
#   ConfigMap data is meant for non-confidential settings: it is readable by
#   every subject that may read ConfigMaps, is not covered by Secret
#   encryption at rest and is printed by ordinary tooling. A password, token
#   or private key stored there is effectively public inside the cluster.
# related_resources:
#   - ref: https://kubernetes.io/docs/concepts/configuration/configmap/
#   - ref: https://kubernetes.io/docs/concepts/configuration/secret/
#   - ref: https://kubernetes.io/docs/concepts/security/secrets-good-practices/
# custom:
#   id: k8s-configmap-credentials
#   severity: high
#   resource_types: [k8s.core.config_map]
#   remediation: |-
#     Revoke and rotate the exposed credential, move it to a Secret and
#     delete the key from the ConfigMap:
#       kubectl create secret generic app-credentials -n <namespace> --from-file=tls.key=./new-tls.key
#       kubectl patch configmap <name> -n <namespace> --type=json -p '[{"op":"remove","path":"/data/<key>"}]'
#     then mount or reference the Secret instead of the ConfigMap key.
package vigil.rules.k8s.configmap_credentials

import rego.v1

# The normalizer detects and redacts credentials before rules run; the
# redacted form is the only value a finding may carry.
deny contains {
	"msg": sprintf("ConfigMap key %q holds a credential (%s)", [cred.key, cred.kind]),
	"path": cred.path,
	"value": cred.redacted,
} if {
	some cred in input.attributes.credentials
}
