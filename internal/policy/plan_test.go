package policy

import (
	"context"
	"fmt"
	"testing"

	"github.com/vigil-cspm/vigil/rules"
	"github.com/vigil-cspm/vigil/schemas"
)

// TestPlanCoversLibrary checks that every rule of the library is
// evaluated from its plan: a rule left to OPA's interpreter still gives
// the right results, only slower, so nothing else would notice.
func TestPlanCoversLibrary(t *testing.T) {
	e, err := Load(context.Background(), Options{Library: rules.FS, LibraryPrefix: rules.Prefix, Schemas: schemas.FS})
	if err != nil {
		t.Fatal(err)
	}
	if e.planErr != nil {
		t.Fatalf("the library could not be planned: %v", e.planErr)
	}
	for _, r := range e.Rules() {
		if e.planned.deny[r.ID] == nil {
			t.Errorf("rule %s is not evaluated from its plan", r.ID)
		}
	}
}

// TestPlanAgrees evaluates the whole library over generated clusters
// with OPA's interpreter and from the plan: the results must be the same.
func TestPlanAgrees(t *testing.T) {
	for _, seed := range []uint64{3, 11} {
		e, resources := libraryAndCluster(t, 3000, seed)
		want := evalWith(t, e, resources, func() { e.NoPlan = true })
		got := evalWith(t, e, resources, func() { e.NoPlan = false })
		sameResults(t, fmt.Sprintf("plan (seed %d)", seed), got, "interpreter", want)
	}
}

// TestPlanFallback checks that a rule irexec cannot run from its plan (it
// uses with) is evaluated by OPA's interpreter, next to planned rules of
// the same type, with the results the interpreter gives for both.
func TestPlanFallback(t *testing.T) {
	withRule := `
_in_default if input.namespace == "default"

deny contains sprintf("%s would be in default", [input.name]) if {
	_in_default with input.namespace as "default"
}
`
	plainRule := `
deny contains sprintf("%s is in default", [input.name]) if input.namespace == "default"
`
	e, err := load(t, map[string]string{
		"a.rego": rule("t-with", "k8s.core.config_map", withRule),
		"b.rego": rule("t-plain", "k8s.core.config_map", plainRule),
	})
	if err != nil {
		t.Fatal(err)
	}
	if e.planErr != nil {
		t.Fatal(e.planErr)
	}
	if e.planned.deny["t-with"] != nil || e.planned.deny["t-plain"] == nil {
		t.Fatalf("planned rules: with %v, plain %v; want only the plain one", e.planned.deny["t-with"], e.planned.deny["t-plain"])
	}
	_, resources := libraryAndCluster(t, 400, 5)
	want := evalWith(t, e, resources, func() { e.NoPlan = true })
	got := evalWith(t, e, resources, func() { e.NoPlan = false })
	fired := map[string]int{}
	for _, r := range got {
		fired[r.Rule.ID]++
	}
	if fired["t-with"] == 0 || fired["t-plain"] == 0 {
		t.Fatalf("findings per rule %v: both rules must fire for the comparison to mean something", fired)
	}
	sameResults(t, "plan with fallback", got, "interpreter", want)
}
