# METADATA
# title: Namespaces should have NetworkPolicies
# description: >-
#   Without a NetworkPolicy selecting them, Pods accept traffic from every
#   Pod in the cluster and can reach every other one, so one compromised
#   workload can probe and attack all the others. Define at least a
#   default-deny policy per namespace and open only the flows needed.
# related_resources:
#   - ref: https://kubernetes.io/docs/concepts/services-networking/network-policies/
#   - ref: https://www.cisecurity.org/benchmark/kubernetes
#     description: CIS Kubernetes Benchmark v1.12, 5.3.2 Ensure that all Namespaces have Network Policies defined
# custom:
#   id: k8s-namespace-no-network-policy
#   severity: medium
#   resource_types: [k8s.core.namespace]
#   related_types: [k8s.networking.network_policy]
#   remediation: |-
#     Add a default-deny policy to the namespace, then allow the traffic it needs:
#       apiVersion: networking.k8s.io/v1
#       kind: NetworkPolicy
#       metadata:
#         name: default-deny
#         namespace: shop
#       spec:
#         podSelector: {}
#         policyTypes: ["Ingress", "Egress"]
package vigil.rules.k8s.k8s_namespace_no_network_policy

import rego.v1

deny contains {
	"msg": sprintf("namespace %q has no NetworkPolicy", [input.name]),
	"path": "name",
	"value": input.name,
} if {
	count(vigil.referrers_of_type(input.id, "in_namespace", "k8s.networking.network_policy")) == 0
}
