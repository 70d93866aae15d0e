# METADATA
# title: Containers must not bind host ports
# description: >-
#   A hostPort publishes the container directly on the node's network
#   interfaces, bypassing Services and often NetworkPolicies, and ties the
#   pod to nodes where the port is free. Pod Security Standards (baseline)
#   forbid host ports.
# related_resources:
#   - ref: https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
#   - ref: https://kubernetes.io/docs/concepts/configuration/overview/#services
#   - ref: https://www.cisecurity.org/benchmark/kubernetes
#     description: CIS Kubernetes Benchmark v1.12.0, 5.2.13
# custom:
#   id: k8s-host-port
#   severity: medium
#   resource_types: [k8s.core.pod, k8s.apps.deployment, k8s.apps.replica_set, k8s.apps.stateful_set, k8s.apps.daemon_set, k8s.batch.job, k8s.batch.cron_job]
#   remediation: |-
#     Remove hostPort from the container port and expose the pod through a
#     Service (ClusterIP, NodePort or LoadBalancer) instead:
#       ports:
#         - containerPort: 8080
package vigil.rules.k8s.host_port

import data.vigil.lib.k8s
import rego.v1

deny contains {
	"msg": sprintf("container %q binds host port %d", [entry.name, p.host_port]),
	"path": sprintf("%s.ports[%d].host_port", [entry.path, i]),
	"value": p.host_port,
} if {
	some entry in k8s.pod_containers
	some i, p in entry.container.ports
	p.host_port != 0
}
