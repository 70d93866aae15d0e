# METADATA
# title: Containers must not disable or override the default AppArmor profile
# description: >-
#   On AppArmor hosts the container runtime confines every container with
#   its default profile. Setting the profile to Unconfined (or to anything
#   but the runtime default or a node-local profile) removes that layer of
#   defence. Pod Security Standards (baseline) allow only RuntimeDefault and
#   Localhost profiles.
# related_resources:
#   - ref: https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
#   - ref: https://kubernetes.io/docs/tutorials/security/apparmor/
# custom:
#   id: k8s-apparmor-unconfined
#   severity: medium
#   resource_types: [k8s.core.pod, k8s.apps.deployment, k8s.apps.replica_set, k8s.apps.stateful_set, k8s.apps.daemon_set, k8s.batch.job, k8s.batch.cron_job]
#   remediation: |-
#     Use the runtime default profile (or a profile loaded on the nodes) in
#     the pod or container securityContext, and remove annotations such as
#     container.apparmor.security.beta.kubernetes.io/<container>: unconfined:
#       securityContext:
#         appArmorProfile:
#           type: RuntimeDefault
package vigil.rules.k8s.apparmor_unconfined

import data.vigil.lib.k8s
import rego.v1

_allowed_types := {"RuntimeDefault", "Localhost"}

_annotation_prefix := "container.apparmor.security.beta.kubernetes.io/"

deny contains {
	"msg": sprintf("the pod sets AppArmor profile type %q", [t]),
	"path": "pod_spec.security_context.app_armor_profile.type",
	"value": t,
} if {
	t := input.attributes.pod_spec.security_context.app_armor_profile.type
	not t in _allowed_types
}

deny contains {
	"msg": sprintf("container %q sets AppArmor profile type %q", [entry.name, t]),
	"path": sprintf("%s.security_context.app_armor_profile.type", [entry.path]),
	"value": t,
} if {
	some entry in k8s.pod_containers
	t := entry.container.security_context.app_armor_profile.type
	not t in _allowed_types
}

deny contains {
	"msg": sprintf("annotation %q sets AppArmor profile %q for container %q", [key, value, trim_prefix(key, _annotation_prefix)]),
	"path": sprintf("pod_metadata.annotations[%q]", [key]),
	"value": value,
} if {
	some key, value in input.attributes.pod_metadata.annotations
	startswith(key, _annotation_prefix)
	value != "runtime/default"
	not startswith(value, "localhost/")
}
