# METADATA
# title: Roles should not grant exec or attach into Pods
# description: >-
#   pods/exec runs any command in a running container and pods/attach joins
#   its main process, so whoever holds them reads the container's mounted
#   Secrets and service account token and acts with the Pod's identity and
#   network access. Both are opened with create; get is counted too, because
#   a WebSocket upgrade is an HTTP GET and API servers before Kubernetes
#   v1.35 (or with the AuthorizePodWebsocketUpgradeCreatePermission feature
#   gate off) authorize it as get. Keep these subresources to break-glass
#   roles.
# related_resources:
#   - ref: https://kubernetes.io/docs/concepts/security/rbac-good-practices/
#   - ref: https://kubernetes.io/docs/reference/command-line-tools-reference/feature-gates/
#   - ref: https://www.kubernetes.dev/resources/keps/4006/
# custom:
#   id: k8s-rbac-pods-exec
#   severity: medium
#   resource_types: [k8s.rbac.role, k8s.rbac.cluster_role]
#   remediation: |-
#     Remove pods/exec and pods/attach (and "*" or "*/exec" resources) from the
#     role, granting neither create nor get on them; keep read access to pods
#     and their logs if it is needed:
#       rules:
#         - apiGroups: [""]
#           resources: ["pods", "pods/log"]
#           verbs: ["get", "list", "watch"]
#     Grant exec to a separate break-glass role, bound only while it is needed.
package vigil.rules.k8s.k8s_rbac_pods_exec

import data.vigil.lib.rbac
import rego.v1

deny contains {
	"msg": sprintf("%s %q rules[%d] (%s) allows opening a session in running containers: %s", [input.kind, input.name, e.index, rbac.describe(e.rule), rbac.describe_sessions(sessions)]),
	"path": sprintf("rules[%d].resources", [e.index]),
	"value": object.get(e.rule, "resources", []),
} if {
	some e in rbac.rules(input)
	sessions := rbac.pod_sessions(e.rule)
	count(sessions) > 0
}
