# METADATA
# title: Workloads should be isolated for egress by a NetworkPolicy
# description: >-
#   Pods that no NetworkPolicy with Egress in its policyTypes selects can
#   open connections to every Pod of the cluster, the cloud metadata
#   service and the internet, so a compromised workload can move laterally
#   and send data out. Policies of the namespace that select other labels
#   do not restrict them; policyTypes left out means Egress only when the
#   policy has egress rules. A namespace without any policy is reported on
#   the namespace (k8s-namespace-no-network-policy) rather than on each of
#   its workloads.
# related_resources:
#   - ref: https://kubernetes.io/docs/concepts/services-networking/network-policies/#isolated-and-non-isolated-pods
#   - ref: https://www.cisecurity.org/benchmark/kubernetes
#     description: CIS Kubernetes Benchmark v1.12, 5.3.2 Ensure that all Namespaces have Network Policies defined
# custom:
#   id: k8s-workload-no-egress-network-policy
#   severity: low
#   resource_types: [k8s.core.pod, k8s.apps.deployment, k8s.apps.replica_set, k8s.apps.stateful_set, k8s.apps.daemon_set, k8s.batch.job, k8s.batch.cron_job]
#   related_types: [k8s.networking.network_policy, k8s.core.namespace]
#   remediation: |-
#     Select the Pods with a policy that isolates egress, then allow only the
#     traffic they need; a default-deny policy selecting every Pod of the
#     namespace covers workloads added later:
#       apiVersion: networking.k8s.io/v1
#       kind: NetworkPolicy
#       metadata:
#         name: default-deny-egress
#         namespace: shop
#       spec:
#         podSelector: {}
#         policyTypes: ["Egress"]
package vigil.rules.k8s.k8s_workload_no_egress_network_policy

import data.vigil.lib.netpol
import rego.v1

deny contains netpol.unisolated("Egress", _policies, vigil.related(input.id, "in_namespace"))

# The policies of the workload's namespace; manifests without a namespace
# are matched with policies without one, as they are applied together.
_policies := vigil.referrers_of_type(ns, "in_namespace", "k8s.networking.network_policy") if {
	some ns in vigil.edges(input.id, "in_namespace")
} else := [p | some p in vigil.resources("k8s.networking.network_policy"); p.namespace == ""]
