# METADATA
# title: Namespaces should be covered by a policy control mechanism
# description: >-
#   Without Pod Security Admission or a validating admission webhook (such as
#   a policy engine), nothing stops a privileged or host-mounting Pod from
#   being created in the namespace. Label each namespace with the Pod
#   Security level to enforce, or run an admission policy controller.
# related_resources:
#   - ref: https://kubernetes.io/docs/concepts/security/pod-security-admission/
#   - ref: https://kubernetes.io/docs/tasks/configure-pod-container/enforce-standards-namespace-labels/
#   - ref: https://www.cisecurity.org/benchmark/kubernetes
#     description: CIS Kubernetes Benchmark v1.12, 5.2.1 Ensure that the cluster has at least one active policy control mechanism in place
# custom:
#   id: k8s-namespace-no-policy-control
#   severity: medium
#   resource_types: [k8s.core.namespace]
#   related_types: [k8s.admissionregistration.validating_webhook_configuration]
#   remediation: |-
#     Enforce a Pod Security Standard on the namespace:
#       kubectl label namespace shop pod-security.kubernetes.io/enforce=baseline
#     or in its manifest:
#       metadata:
#         labels:
#           pod-security.kubernetes.io/enforce: restricted
#     Alternatively deploy an admission policy controller (a validating webhook).
package vigil.rules.k8s.k8s_namespace_no_policy_control

import rego.v1

_label := "pod-security.kubernetes.io/enforce"

deny contains {
	"msg": sprintf("namespace %q has no %s label and the cluster has no validating admission webhook", [input.name, _label]),
	"path": sprintf("labels[%q]", [_label]),
	"value": null,
} if {
	object.get(input.labels, _label, "") == ""
	count(vigil.resources("k8s.admissionregistration.validating_webhook_configuration")) == 0
}
