# METADATA
# title: An internet-exposed workload with a privileged container runs as a cluster-wide powerful account
# description: >-
#   Traffic from the internet reaches the workload's pods, a container of
#   them may break out to its node (privileged, or sharing the host's
#   network, process or IPC namespaces), and the pods' service account is
#   bound to cluster-admin or may read every secret of the cluster. One
#   exploited request is the whole cluster.
# custom:
#   id: k8s-toxic-exposed-privileged-workload-admin
#   severity: critical
#   resource_types: [k8s.apps.deployment, k8s.apps.stateful_set, k8s.apps.daemon_set, k8s.apps.replica_set, k8s.batch.job, k8s.batch.cron_job, k8s.core.pod]
#   remediation: |-
#     Give the workload its own service account with only what it needs
#     (remove the cluster-wide binding), drop privileged mode and host
#     namespaces from its containers, and expose it only through what must
#     reach it.
package vigil.combinations.exposed_privileged_workload_admin

import rego.v1

breakout := {"k8s-privileged-container", "k8s-host-pid", "k8s-host-network", "k8s-host-ipc"}

deny contains {
	"msg": sprintf("%s is exposed to the internet, runs a container that can reach its node (%s) and %s", [input.entry.name, concat(", ", sort(rules)), input.identity.detail]),
	"members": members,
} if {
	startswith(input.entry.type, "k8s.")
	count(input.exposure.path) > 0
	input.identity.cluster_wide
	strong
	entry := {f | some f in input.findings; f.on == "entry"; f.rule_id in breakout}
	count(entry) > 0
	rules := {f.rule_id | some f in entry}
	members := {f.id | some f in entry} | {f.id | some f in input.findings; f.on != "entry"; f.rule_id in links}
}

strong if input.identity.admin

strong if input.identity.reads_secrets

# The findings that make the path besides the container: the bindings
# and roles that give the account its power.
links := {
	"k8s-cluster-admin-binding", "k8s-binding-grants-dangerous-role", "k8s-rbac-wildcard",
	"k8s-rbac-secrets-access", "k8s-sa-token-automount",
}
