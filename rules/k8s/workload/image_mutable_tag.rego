# METADATA
# title: Container images should be pinned, not use latest or no tag
# description: >-
#   An image referenced without a tag, or with the latest tag, can change
#   under the same name: nodes may run different code, a rollback cannot
#   restore the old version, and a compromised registry push reaches the
#   cluster on the next pull. Pin a version tag, or better a digest.
# related_resources:
#   - ref: https://kubernetes.io/docs/concepts/containers/images/#image-names
#   - ref: https://kubernetes.io/docs/concepts/configuration/overview/#container-images
# custom:
#   id: k8s-image-mutable-tag
#   severity: low
#   resource_types: [k8s.core.pod, k8s.apps.deployment, k8s.apps.replica_set, k8s.apps.stateful_set, k8s.apps.daemon_set, k8s.batch.job, k8s.batch.cron_job]
#   remediation: |-
#     Reference the image by an immutable version tag, or by digest:
#       image: registry.example.com/shop/web:1.27.3
#       image: registry.example.com/shop/web@sha256:<digest>
package vigil.rules.k8s.image_mutable_tag

import data.vigil.lib.k8s
import data.vigil.lib.podsec
import rego.v1

deny contains {
	"msg": sprintf("container %q uses image %q, which has %s and no digest", [entry.name, image, _why(image)]),
	"path": sprintf("%s.image", [entry.path]),
	"value": image,
} if {
	some entry in k8s.pod_containers
	image := object.get(entry.container, "image", "")
	image != ""
	podsec.image_mutable(image)
}

_why(image) := "the latest tag" if podsec.image_tag(image) == "latest"

_why(image) := "no tag" if podsec.image_tag(image) == ""
