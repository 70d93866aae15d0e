# METADATA
# title: Deployments carry a team label
# description: Every Deployment names the team that owns it.
# custom:
#   id: acme-team-label
#   severity: low
#   resource_types: [k8s.apps.deployment]
#   remediation: |-
#     Add the label:
#       metadata:
#         labels:
#           team: payments
package acme.team_label

import rego.v1

deny contains {"msg": sprintf("deployment %q has no team label", [input.name]), "path": "labels.team"} if {
	not input.labels.team
}
