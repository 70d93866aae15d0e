package policy

import (
	"testing"
)

// FuzzRuleMetadata feeds arbitrary rule files through parsing and
// metadata extraction: no panic, and every rejection is located.
func FuzzRuleMetadata(f *testing.F) {
	f.Add(rule("f-ok", "k8s.core.pod", "deny contains \"x\" if { input.attributes.pod_spec.host_pid }\n"))
	f.Add("# METADATA\n# custom:\n#   id: 1\n#   severity: [x]\npackage p\nimport rego.v1\ndeny contains 1 if { true }\n")
	f.Add("# METADATA\n# title: t\n# description: d\n# custom: 5\npackage p\n")
	f.Add("package p\n")
	f.Add("# METADATA\n# custom:\n#   resource_types: {a: b}\npackage x.y\ndeny[x] { x := 1 }\n")
	known := func(t string) bool { return t == "k8s.core.pod" }
	f.Fuzz(func(t *testing.T, src string) {
		m, err := parseModule("fuzz.rego", src, nil)
		if err != nil {
			if err.Error() == "" {
				t.Fatal("empty parse error")
			}
			return
		}
		meta, err := ruleMeta("fuzz.rego", m, known)
		if err != nil {
			e, ok := err.(*Error)
			if !ok || e.File != "fuzz.rego" || e.Message == "" {
				t.Fatalf("unlocated metadata error %T %v", err, err)
			}
			return
		}
		if meta != nil && (meta.ID == "" || meta.Severity == 0 || len(meta.ResourceTypes) == 0 || meta.Remediation == "") {
			t.Fatalf("accepted incomplete metadata %+v", meta)
		}
	})
}
