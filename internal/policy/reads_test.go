package policy

import (
	"strings"
	"testing"
)

// TestUndeclaredReads: a rule that reads resources of a type through
// vigil.resources or vigil.referrers_of_type must declare the type in
// related_types, or it does not load; declared, it loads.
func TestUndeclaredReads(t *testing.T) {
	body := "deny contains \"n\" if count(vigil.resources(\"k8s.core.secret\")) > 0\n" +
		"deny contains \"m\" if count(vigil.referrers_of_type(input.id, \"in_namespace\", \"k8s.networking.network_policy\")) == 0\n"
	_, err := load(t, map[string]string{"reads.rego": rule("reads", "k8s.core.namespace", body)})
	var errs Errors
	if !asErrors(err, &errs) || len(errs) != 2 {
		t.Fatalf("want two errors, got %v", err)
	}
	for i, typ := range []string{"k8s.core.secret", "k8s.networking.network_policy"} {
		if e := errs[i]; !strings.Contains(e.Message, typ) || !strings.Contains(e.Message, "related_types") || e.File != "rules/reads.rego" || e.Line == 0 {
			t.Errorf("error %d: %+v", i, e)
		}
	}
	declared := strings.Replace(rule("reads", "k8s.core.namespace", body), "#   remediation:", "#   related_types: [k8s.core.secret, k8s.networking.network_policy]\n#   remediation:", 1)
	if _, err := load(t, map[string]string{"reads.rego": declared}); err != nil {
		t.Fatalf("declared reads: %v", err)
	}
}

func asErrors(err error, out *Errors) bool {
	e, ok := err.(Errors)
	*out = e
	return ok
}
