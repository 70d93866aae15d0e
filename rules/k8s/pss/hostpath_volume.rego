# METADATA
# title: Pods must not mount hostPath volumes
# description: >-
#   A hostPath volume exposes a file or directory of the node inside the
#   container; paths such as /, /etc, /var/lib/kubelet or the container
#   runtime socket give a direct route to node takeover. Pod Security
#   Standards (baseline) forbid hostPath volumes.
# related_resources:
#   - ref: https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
#   - ref: https://kubernetes.io/docs/concepts/storage/volumes/#hostpath
#   - ref: https://www.cisecurity.org/benchmark/kubernetes
#     description: CIS Kubernetes Benchmark v1.12.0, 5.2.12
# custom:
#   id: k8s-hostpath-volume
#   severity: high
#   resource_types: [k8s.core.pod, k8s.apps.deployment, k8s.apps.replica_set, k8s.apps.stateful_set, k8s.apps.daemon_set, k8s.batch.job, k8s.batch.cron_job]
#   remediation: |-
#     Replace the hostPath volume with an emptyDir, a ConfigMap/Secret or a
#     PersistentVolumeClaim:
#       volumes:
#         - name: data
#           persistentVolumeClaim:
#             claimName: data
package vigil.rules.k8s.hostpath_volume

import rego.v1

deny contains {
	"msg": sprintf("volume %q mounts the node path %q (hostPath)", [object.get(v, "name", ""), object.get(v.host_path, "path", "")]),
	"path": sprintf("pod_spec.volumes[%d].host_path", [i]),
	"value": object.get(v.host_path, "path", ""),
} if {
	some i, v in input.attributes.pod_spec.volumes
	v.host_path
}
