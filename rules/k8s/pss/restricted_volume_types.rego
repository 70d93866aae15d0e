# METADATA
# title: Pods must only use the volume types the restricted profile allows
# description: >-
#   Besides hostPath, in-tree volume plugins such as nfs, iscsi, rbd,
#   flexVolume or gitRepo let a pod reach storage directly, with
#   credentials or node-side drivers, instead of through an administrator's
#   PersistentVolume. Pod Security Standards (restricted) allow only
#   configMap, csi, downwardAPI, emptyDir, ephemeral, persistentVolumeClaim,
#   projected and secret volumes (and image volumes, which the admission
#   controller accepts since Kubernetes 1.33).
# related_resources:
#   - ref: https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted
#   - ref: https://kubernetes.io/docs/concepts/storage/volumes/
# custom:
#   id: k8s-restricted-volume-types
#   severity: medium
#   resource_types: [k8s.core.pod, k8s.apps.deployment, k8s.apps.replica_set, k8s.apps.stateful_set, k8s.apps.daemon_set, k8s.batch.job, k8s.batch.cron_job]
#   remediation: |-
#     Have an administrator define the storage as a PersistentVolume (or a
#     CSI driver) and mount it through a PersistentVolumeClaim:
#       volumes:
#         - name: shared
#           persistentVolumeClaim:
#             claimName: shared
package vigil.rules.k8s.restricted_volume_types

import rego.v1

_allowed := {
	"name",
	"config_map", "csi", "downward_api", "empty_dir", "ephemeral",
	"persistent_volume_claim", "projected", "secret",
	# OCI image volumes: allowed by Pod Security admission since v1.33
	# (kubernetes/kubernetes#130394) although the PSS page does not list them yet.
	"image",
}

deny contains {
	"msg": sprintf("volume %q uses the %s volume type, which the restricted profile does not allow", [object.get(v, "name", ""), kind]),
	"path": sprintf("pod_spec.volumes[%d].%s", [i, kind]),
	"value": kind,
} if {
	some i, v in input.attributes.pod_spec.volumes
	some kind, _ in v
	not kind in _allowed
}
