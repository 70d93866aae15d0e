package policy

import (
	"context"
	"reflect"
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
		if len(want) == 0 {
			t.Fatal("no findings: the comparison proves nothing")
		}
		if !reflect.DeepEqual(got, want) {
			n := min(len(got), len(want))
			for i := 0; i < n; i++ {
				if !reflect.DeepEqual(got[i], want[i]) {
					t.Fatalf("seed %d: result %d differs:\nplan:        %+v\ninterpreter: %+v", seed, i, got[i], want[i])
				}
			}
			t.Fatalf("seed %d: plan %d results, interpreter %d", seed, len(got), len(want))
		}
	}
}
