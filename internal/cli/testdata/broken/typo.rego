# METADATA
# title: Typo
# description: Reads an attribute that does not exist.
# custom:
#   id: acme-typo
#   severity: low
#   resource_types: [k8s.core.pod]
#   remediation: none
package acme.typo

import rego.v1

deny contains "x" if {
	input.attributes.pod_spec.host_pidd
}
