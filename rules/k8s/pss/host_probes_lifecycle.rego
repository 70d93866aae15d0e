# METADATA
# title: Probes and lifecycle hooks must not target another host
# description: >-
#   The kubelet makes the httpGet and tcpSocket requests of liveness,
#   readiness and startup probes and of postStart and preStop hooks from the
#   node. A host field points those requests at any address the node can
#   reach instead of the pod, which turns the kubelet into a proxy towards
#   node-local and internal services. Pod Security Standards (baseline,
#   since v1.34) forbid setting host.
# related_resources:
#   - ref: https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
#   - ref: https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/
# custom:
#   id: k8s-host-probes-lifecycle
#   severity: medium
#   resource_types: [k8s.core.pod, k8s.apps.deployment, k8s.apps.replica_set, k8s.apps.stateful_set, k8s.apps.daemon_set, k8s.batch.job, k8s.batch.cron_job]
#   remediation: |-
#     Remove host from the probe or hook: the kubelet then connects to the
#     pod's own IP. To check another service, do it from inside the
#     container (an exec probe) or monitor it separately:
#       livenessProbe:
#         httpGet:
#           path: /healthz
#           port: 8080
package vigil.rules.k8s.host_probes_lifecycle

import data.vigil.lib.k8s
import rego.v1

# _probes and _hooks map the fields of a container (and of its
# lifecycle) that hold a probe or a hook to their names in messages. The
# handlers are looked up by reference, which allocates nothing for the
# many containers that have none.
_probes := {
	"liveness_probe": "liveness probe",
	"readiness_probe": "readiness probe",
	"startup_probe": "startup probe",
}

_hooks := {
	"post_start": "postStart hook",
	"pre_stop": "preStop hook",
}

# _actions maps the handler actions that name a host to their manifest names.
_actions := {"http_get": "httpGet", "tcp_socket": "tcpSocket"}

deny contains _finding(entry, what, field, action, host) if {
	some entry in k8s.pod_containers
	some field, what in _probes
	some action, _ in _actions
	host := entry.container[field][action].host
	host != ""
}

deny contains _finding(entry, what, sprintf("lifecycle.%s", [hook]), action, host) if {
	some entry in k8s.pod_containers
	some hook, what in _hooks
	some action, _ in _actions
	host := entry.container.lifecycle[hook][action].host
	host != ""
}

_finding(entry, what, field, action, host) := {
	"msg": sprintf("container %q sends its %s %s request to host %q instead of the pod", [entry.name, what, _actions[action], host]),
	"path": sprintf("%s.%s.%s.host", [entry.path, field, action]),
	"value": host,
}
