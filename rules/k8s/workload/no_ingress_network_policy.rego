# METADATA
# title: Workloads should be isolated for ingress by a NetworkPolicy
# description: >-
#   Pods that no NetworkPolicy with policyTypes Ingress selects accept
#   connections from every Pod of the cluster and any address that reaches
#   the Pod network, so one compromised workload can probe and attack them.
#   Policies of the namespace that select other labels do not protect them;
#   policyTypes left out means Ingress. A namespace without any policy is
#   reported on the namespace (k8s-namespace-no-network-policy) rather than
#   on each of its workloads.
# related_resources:
#   - ref: https://kubernetes.io/docs/concepts/services-networking/network-policies/#isolated-and-non-isolated-pods
#   - ref: https://www.cisecurity.org/benchmark/kubernetes
#     description: CIS Kubernetes Benchmark v1.12, 5.3.2 Ensure that all Namespaces have Network Policies defined
# custom:
#   id: k8s-workload-no-ingress-network-policy
#   severity: medium
#   resource_types: [k8s.core.pod, k8s.apps.deployment, k8s.apps.replica_set, k8s.apps.stateful_set, k8s.apps.daemon_set, k8s.batch.job, k8s.batch.cron_job]
#   related_types: [k8s.networking.network_policy, k8s.core.namespace]
#   remediation: |-
#     Select the Pods with a policy that isolates ingress, then allow only the
#     traffic they need; a default-deny policy selecting every Pod of the
#     namespace covers workloads added later:
#       apiVersion: networking.k8s.io/v1
#       kind: NetworkPolicy
#       metadata:
#         name: default-deny-ingress
#         namespace: shop
#       spec:
#         podSelector: {}
#         policyTypes: ["Ingress"]
package vigil.rules.k8s.k8s_workload_no_ingress_network_policy

import data.vigil.lib.netpol
import rego.v1

deny contains netpol.unisolated("Ingress", _policies, vigil.related(input.id, "in_namespace"))

# The policies of the workload's namespace; manifests without a namespace
# are matched with policies without one, as they are applied together.
_policies := vigil.referrers_of_type(ns, "in_namespace", "k8s.networking.network_policy") if {
	some ns in vigil.edges(input.id, "in_namespace")
} else := [p | some p in vigil.resources("k8s.networking.network_policy"); p.namespace == ""]
