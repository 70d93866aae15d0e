package policy

import (
	"context"
	"strings"
	"testing"

	"github.com/vigil-cspm/vigil/internal/graph"
	"github.com/vigil-cspm/vigil/internal/model"
)

// TestInputs: an inventory given Inputs returns the values converted
// when the resources were added — built-ins convert nothing again — and
// a resource replaced by a new version (removed, the new one added, a
// new index) is read as the new version, through vigil.resources and
// vigil.referrers_of_type alike.
func TestInputs(t *testing.T) {
	src := strings.Replace(rule("t-role-verbs", "k8s.core.pod", `
deny contains {"msg": sprintf("%s %s: %s", [how, r.name, concat(",", r.attributes.rules[0].verbs)])} if {
	some how, rs in {
		"all": vigil.resources("k8s.rbac.role"),
		"ns": vigil.referrers_of_type("ns/a", "in_namespace", "k8s.rbac.role"),
	}
	some r in rs
	count(r.attributes.rules) > 0
}
`), "#   remediation:", "#   related_types: [k8s.rbac.role]\n#   remediation:", 1)
	eng, err := load(t, map[string]string{"r.rego": src})
	if err != nil {
		t.Fatal(err)
	}
	role := func(verbs ...any) *model.Resource {
		return &model.Resource{ID: "role/a/reader", Type: "k8s.rbac.role", Name: "reader", Namespace: "a",
			Attributes: map[string]any{"rules": []any{map[string]any{"api_groups": []any{""}, "resources": []any{"secrets"}, "verbs": verbs}}},
			Relations:  []model.Relation{{Type: model.RelInNamespace, Target: "ns/a"}}}
	}
	pod := &model.Resource{ID: "pod/a/p", Type: "k8s.core.pod", Name: "p", Namespace: "a", Attributes: map[string]any{}}
	in := NewInputs()
	judge := func(ix *graph.Index) []string {
		t.Helper()
		inv := NewInventory([]*model.Resource{pod}, ix)
		inv.SetInputs(in)
		rs, err := eng.Evaluate(context.Background(), inv, nil)
		if err != nil {
			t.Fatal(err)
		}
		var msgs []string
		for _, r := range rs {
			msgs = append(msgs, r.Message)
		}
		return msgs
	}
	index := func(rs ...*model.Resource) *graph.Index {
		ix := graph.NewIndex(eng.RelatedTypes())
		ix.Add(rs)
		return ix
	}

	v1 := role("get")
	if err := in.Add(v1); err != nil {
		t.Fatal(err)
	}
	ix1 := index(v1)
	if got := strings.Join(judge(ix1), "|"); got != "all reader: get|ns reader: get" {
		t.Fatalf("first version: %q", got)
	}
	// The built-ins answered from the held value, not a conversion of
	// their own.
	inv := NewInventory([]*model.Resource{pod}, ix1)
	inv.SetInputs(in)
	held, _ := in.value(v1)
	if got, err := inv.valueOf(v1); err != nil || got != held {
		t.Errorf("valueOf returned another value than the one held (%v)", err)
	}
	if len(inv.remote) != 0 {
		t.Errorf("the inventory converted %d index resources itself", len(inv.remote))
	}

	// The informer's update: a new resource replaces the old.
	v2 := role("get", "list")
	if err := in.Add(v2); err != nil {
		t.Fatal(err)
	}
	in.Remove(v1)
	if got := strings.Join(judge(index(v2)), "|"); got != "all reader: get,list|ns reader: get,list" {
		t.Fatalf("after the update: %q", got)
	}
	if in.Len() != 1 {
		t.Errorf("Len = %d after replacing the only resource, want 1", in.Len())
	}
	// An index still holding the old version (a request that began
	// before the update) reads the old version, converted anew.
	if got := strings.Join(judge(ix1), "|"); got != "all reader: get|ns reader: get" {
		t.Fatalf("the old index after the update: %q", got)
	}
}

// TestInputsArray: vigil.resources' array for a type is built once per
// slice of an index and not reused for another slice with the same
// first resource and length.
func TestInputsArray(t *testing.T) {
	a := &model.Resource{ID: "a", Type: "k8s.rbac.role", Name: "a", Attributes: map[string]any{}}
	b1 := &model.Resource{ID: "b", Type: "k8s.rbac.role", Name: "b1", Attributes: map[string]any{}}
	b2 := &model.Resource{ID: "b", Type: "k8s.rbac.role", Name: "b2", Attributes: map[string]any{}}
	in := NewInputs()
	if err := in.Add(a, b1, b2); err != nil {
		t.Fatal(err)
	}
	s1 := []*model.Resource{a, b1}
	t1, ok := in.array("k8s.rbac.role", s1)
	if !ok {
		t.Fatal("array of held resources not built")
	}
	if again, _ := in.array("k8s.rbac.role", s1); again != t1 {
		t.Error("the same slice built its array twice")
	}
	s2 := []*model.Resource{a, b2} // another index's slice: same first, same length
	t2, _ := in.array("k8s.rbac.role", s2)
	if t2 == t1 || !strings.Contains(t2.String(), `"b2"`) {
		t.Errorf("another slice got %v", t2)
	}
	if _, ok := in.array("k8s.rbac.role", []*model.Resource{a, {ID: "c", Type: "k8s.rbac.role"}}); ok {
		t.Error("an array with a resource not held was built from the held values")
	}
}
