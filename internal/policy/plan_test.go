package policy

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/vigil-cspm/vigil/internal/model"

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
		if fn, _ := e.denyFunc(r.ID); fn == nil {
			t.Errorf("rule %s is not evaluated from its plan", r.ID)
		}
	}
}

// TestPlanAgrees evaluates the whole library over generated clusters
// with OPA's interpreter and from the plan: the results must be the same.
func TestPlanAgrees(t *testing.T) {
	for _, seed := range []uint64{3, 11} {
		e, resources := libraryAndCluster(t, 3000, seed)
		want := evalWith(t, e, resources, func() { e.noPlan = true })
		got := evalWith(t, e, resources, func() { e.noPlan = false })
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
	withFn, _ := e.denyFunc("t-with")
	plainFn, _ := e.denyFunc("t-plain")
	if withFn != nil || plainFn == nil {
		t.Fatalf("planned rules: with %v, plain %v; want only the plain one", withFn, plainFn)
	}
	_, resources := libraryAndCluster(t, 400, 5)
	want := evalWith(t, e, resources, func() { e.noPlan = true })
	got := evalWith(t, e, resources, func() { e.noPlan = false })
	fired := map[string]int{}
	for _, r := range got {
		fired[r.Rule.ID]++
	}
	if fired["t-with"] == 0 || fired["t-plain"] == 0 {
		t.Fatalf("findings per rule %v: both rules must fire for the comparison to mean something", fired)
	}
	sameResults(t, "plan with fallback", got, "interpreter", want)
}

// TestBuiltinContext checks that built-ins which read the evaluation's
// context get it from the plan as from OPA's interpreter: one time for a
// whole Evaluate (time.now_ns), one intra-query cache per resource (two
// calls of rand.intn or uuid.rfc4122 with the same key agree), a random
// source. One rule runs from its plan, the other (it uses with) in the
// interpreter, so the time must be the same across both evaluators.
func TestBuiltinContext(t *testing.T) {
	body := `
_same if {
	rand.intn("k", 1000000) == rand.intn("k", 1000000)
	uuid.rfc4122("k") == uuid.rfc4122("k")
	time.now_ns() == time.now_ns()
}

deny contains sprintf("%d", [time.now_ns()]) if {
	_same WITH
}
`
	e, err := load(t, map[string]string{
		"a.rego": rule("t-planned", "k8s.core.namespace", strings.Replace(body, "WITH", "", 1)),
		"b.rego": rule("t-interpreted", "k8s.core.namespace", strings.Replace(body, "WITH", "with input.x as 1", 1)),
	})
	if err != nil {
		t.Fatal(err)
	}
	planned, _ := e.denyFunc("t-planned")
	interpreted, _ := e.denyFunc("t-interpreted")
	if planned == nil || interpreted != nil {
		t.Fatal("want t-planned from the plan and t-interpreted in the interpreter")
	}
	resources := []*model.Resource{
		{ID: "ns/a", Type: "k8s.core.namespace", Name: "a"},
		{ID: "ns/b", Type: "k8s.core.namespace", Name: "b"},
	}
	for _, noPlan := range []bool{false, true} {
		before := time.Now().UnixNano()
		res := evalWith(t, e, resources, func() { e.noPlan = noPlan })
		after := time.Now().UnixNano()
		if len(res) != 4 {
			t.Fatalf("interpreter only %v: %d results, want both rules on both namespaces: %+v", noPlan, len(res), res)
		}
		for _, r := range res {
			ns, err := strconv.ParseInt(r.Message, 10, 64)
			if err != nil || ns < before || ns > after || r.Message != res[0].Message {
				t.Errorf("interpreter only %v: %s on %s saw time %s; want one time for the whole evaluation, between %d and %d",
					noPlan, r.Rule.ID, r.Resource.ID, r.Message, before, after)
			}
		}
	}
}
