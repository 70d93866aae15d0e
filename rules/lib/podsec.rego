# Helpers for pod-security rules (Pod Security Standards, CIS 5.2 and
# workload hardening). Library modules carry no METADATA header and no
# deny rule.
package vigil.lib.podsec

import rego.v1

# cap normalises a Linux capability name the way container runtimes do:
# upper case, without the optional "CAP_" prefix.
cap(name) := trim_prefix(upper(name), "CAP_")

# added lists a container's capabilities.add as
# {"index": i, "name": <normalised>, "raw": <as written>}.
added(container) := [{"index": i, "name": cap(c), "raw": c} |
	some i, c in object.get(container, ["security_context", "capabilities", "add"], [])
]

# baseline_capabilities are the capabilities Pod Security Standards
# (baseline) let a container add: the runtimes' default set, named exactly
# as the admission controller compares them (upper case, no "CAP_").
baseline_capabilities := {
	"AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD",
	"NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT",
}

# dropped is the set of normalised capability names a container drops.
dropped(container) := {cap(c) | some c in object.get(container, ["security_context", "capabilities", "drop"], [])}

# windows holds for pods that declare spec.os.name: windows. Linux-only
# controls (capabilities, seccomp, privilege escalation) do not apply to them.
windows(pod_spec) if object.get(pod_spec, ["os", "name"], "") == "windows"

# windows_pod is windows(input.attributes.pod_spec), computed once per
# resource for every rule that needs it.
windows_pod if windows(input.attributes.pod_spec)

# user_namespace_pod holds for pods that run in their own user namespace
# (hostUsers: false): root in the container maps to an unprivileged user on
# the node, so Pod Security Standards relax the baseline /proc mount and
# the restricted non-root controls for them.
user_namespace_pod if input.attributes.pod_spec.host_users == false

# unmasked_proc returns the procMount of a container when it is other than
# Default (unset is Default); it is undefined otherwise.
unmasked_proc(container) := pm if {
	pm := container.security_context.proc_mount
	not pm in {"", "Default"}
}

# seccomp_type returns the seccomp profile type that applies to a container:
# its own when set, else the pod's, else "" (none).
seccomp_type(pod_spec, container) := t if {
	t := object.get(container, ["security_context", "seccomp_profile", "type"], "")
	t != ""
} else := object.get(pod_spec, ["security_context", "seccomp_profile", "type"], "")

# batch_pod holds for a pod spec that runs to completion (Job pods, and
# bare Pods with restartPolicy Never or OnFailure).
batch_pod(pod_spec) if object.get(pod_spec, "restart_policy", "Always") in {"Never", "OnFailure"}

# image_mutable holds for an image reference that is not pinned by digest
# and whose tag is "latest" or absent.
image_mutable(image) if {
	not contains(image, "@")
	image_tag(image) in {"", "latest"}
}

# image_tag returns the tag of an image reference without digest, "" when
# it has none. A ":" before the last "/" belongs to a registry host:port.
image_tag(image) := tag if {
	parts := split(image, "/")
	last := parts[count(parts) - 1]
	contains(last, ":")
	tag := substring(last, indexof(last, ":") + 1, -1)
} else := ""
