package graph

import (
	"testing"

	"github.com/vigil-cspm/vigil/internal/model"
)

// TestLayer: the top's version of an object hides the base's in every
// lookup; with an empty top the base's lists are returned as they are.
func TestLayer(t *testing.T) {
	const typ = "k8s.rbac.role_binding"
	res := func(id, target string) *model.Resource {
		return &model.Resource{ID: id, Type: typ, Relations: []model.Relation{{Type: model.RelBindsSubject, Target: target}}}
	}
	base := NewIndex([]string{typ})
	base.Add([]*model.Resource{res("a", "sa1"), res("b", "sa1"), res("c", "sa2")})
	top := NewIndex([]string{typ})
	l := Layer{Base: base, Top: top}
	if got := l.OfType(typ); len(got) != 3 {
		t.Fatalf("empty top: %d of type", len(got))
	}
	newB := res("b", "sa2")
	top.Add([]*model.Resource{newB})
	if l.Resource("b") != newB {
		t.Errorf("Resource(b) is the base's")
	}
	ids := func(rs []*model.Resource) (s string) {
		for _, r := range rs {
			s += r.ID
		}
		return s
	}
	if got := ids(l.OfType(typ)); got != "acb" {
		t.Errorf("OfType = %s, want acb", got)
	}
	if got := ids(l.Referrers("sa1", model.RelBindsSubject)); got != "a" {
		t.Errorf("Referrers(sa1) = %s, want a (b now binds sa2)", got)
	}
	if got := ids(l.Referrers("sa2", model.RelBindsSubject)); got != "cb" {
		t.Errorf("Referrers(sa2) = %s, want cb", got)
	}
}

// TestLayerOfTypeShares: with nothing of a type in the top, OfType is
// the base's own slice (what lets a cache keep per-slice answers).
func TestLayerOfTypeShares(t *testing.T) {
	base := NewIndex([]string{"a", "b"})
	base.Add([]*model.Resource{{ID: "a1", Type: "a"}, {ID: "a2", Type: "a"}})
	top := NewIndex([]string{"a", "b"})
	top.Add([]*model.Resource{{ID: "b1", Type: "b"}})
	l := Layer{Base: base, Top: top}
	got, want := l.OfType("a"), base.OfType("a")
	if len(got) != 2 || &got[0] != &want[0] {
		t.Errorf("OfType(a) is not the base's slice")
	}
	if got := l.OfType("b"); len(got) != 1 || got[0].ID != "b1" {
		t.Errorf("OfType(b) = %v", got)
	}
}
