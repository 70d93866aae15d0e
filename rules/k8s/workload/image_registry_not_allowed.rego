# METADATA
# title: Container images should come from an allowed registry
# description: >-
#   An image pulled from an arbitrary registry bypasses the scanning,
#   signing and provenance checks of the registries an organization
#   trusts, and a typo in an image name can pull a look-alike from a public
#   registry. When the rule parameter allowed_image_registries lists
#   registries (or registry/path prefixes), every container, init container
#   and ephemeral container must use an image under one of them; Docker Hub
#   short names count as docker.io (nginx is docker.io/library/nginx). With
#   the list empty, the default, the rule does not judge.
# related_resources:
#   - ref: https://kubernetes.io/docs/concepts/containers/images/#image-names
#   - ref: https://kubernetes.io/docs/reference/access-authn-authz/admission-controllers/#imagepolicywebhook
# custom:
#   id: k8s-image-registry-not-allowed
#   severity: medium
#   resource_types: [k8s.core.pod, k8s.apps.deployment, k8s.apps.replica_set, k8s.apps.stateful_set, k8s.apps.daemon_set, k8s.batch.job, k8s.batch.cron_job]
#   remediation: |-
#     Mirror the image into an allowed registry and reference it there:
#       image: registry.example.com/mirror/nginx:1.27.3
#     or, if the registry is trusted, add it to vigil.yaml:
#       rules: {parameters: {allowed_image_registries: [registry.example.com, <registry>]}}
#     Enforce it at admission too (an admission policy or ImagePolicyWebhook).
package vigil.rules.k8s.image_registry_not_allowed

import data.vigil.lib.k8s
import rego.v1

_allowed := [trim_right(lower(r), "/") | some r in vigil.param(input, "allowed_image_registries")]

deny contains {
	"msg": sprintf("container %q uses image %q from %s, which is not an allowed registry (%s)", [entry.name, image, repo, concat(", ", _allowed)]),
	"path": sprintf("%s.image", [entry.path]),
	"value": image,
} if {
	count(_allowed) > 0
	some entry in k8s.pod_containers
	image := object.get(entry.container, "image", "")
	image != ""
	repo := _repository(image)
	not _under_allowed(repo)
}

_under_allowed(repo) if {
	some r in _allowed
	_under(repo, r)
}

# _under: repo is prefix itself or below it, on a "/" boundary
# (registry.example.com does not allow registry.example.com.evil.io).
_under(repo, prefix) if repo == prefix

_under(repo, prefix) if startswith(repo, concat("", [prefix, "/"]))

# _repository is an image's repository, fully qualified, without tag or
# digest: nginx:1.27 is docker.io/library/nginx, bitnami/redis is
# docker.io/bitnami/redis, registry.example.com:5000/shop/web:1 is
# registry.example.com:5000/shop/web.
_repository(image) := _qualify(split(regex.replace(lower(split(image, "@")[0]), `:[^/:]*$`, ""), "/"))

_qualify(parts) := concat("/", _hub(parts)) if not _registry(parts)

_qualify(parts) := concat("/", _hub(array.slice(parts, 1, count(parts)))) if {
	_registry(parts)
	parts[0] in _hub_hosts
}

_qualify(parts) := concat("/", parts) if {
	_registry(parts)
	not parts[0] in _hub_hosts
}

# _registry: the first component names a registry, as Docker decides: it
# is followed by a path and has a "." or ":" or is localhost.
_registry(parts) if {
	count(parts) > 1
	_host(parts[0])
}

_host(s) if contains(s, ".")

_host(s) if contains(s, ":")

_host("localhost")

_hub_hosts := {"docker.io", "index.docker.io", "registry-1.docker.io"}

# _hub is a Docker Hub path, qualified: official images are under
# library/.
_hub(path) := array.concat(["docker.io", "library"], path) if count(path) == 1

_hub(path) := array.concat(["docker.io"], path) if count(path) != 1
