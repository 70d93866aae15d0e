package graph

import (
	"testing"

	"github.com/vigil-cspm/vigil/internal/model"
)

func TestEdgesBothWays(t *testing.T) {
	res := []*model.Resource{
		{ID: "ns"},
		{ID: "rs", Relations: []model.Relation{{Type: model.RelInNamespace, Target: "ns"}, {Type: model.RelControlledBy, Target: "deploy"}}},
		{ID: "pod", Relations: []model.Relation{{Type: model.RelInNamespace, Target: "ns"}, {Type: model.RelControlledBy, Target: "rs"}}},
		{ID: "deploy", Relations: []model.Relation{{Type: model.RelInNamespace, Target: "ns"}, {Type: model.RelControlledBy, Target: "missing"}}},
	}
	g := New(res)
	if got := g.In("ns", model.RelInNamespace); len(got) != 3 {
		t.Fatalf("In(ns) = %v, want 3 referrers", got)
	}
	if got := g.Out("pod", model.RelControlledBy); len(got) != 1 || g.At(got[0]).ID != "rs" {
		t.Fatalf("Out(pod) = %v", got)
	}
	chain := g.Controller(res[2])
	if len(chain) != 2 || chain[0].ID != "rs" || chain[1].ID != "deploy" {
		t.Fatalf("Controller(pod) = %v, want rs, deploy", chain)
	}
	if len(g.Controller(res[0])) != 0 {
		t.Fatal("namespace has a controller")
	}
}

func TestControllerCycle(t *testing.T) {
	res := []*model.Resource{
		{ID: "a", Relations: []model.Relation{{Type: model.RelControlledBy, Target: "b"}}},
		{ID: "b", Relations: []model.Relation{{Type: model.RelControlledBy, Target: "a"}}},
	}
	if chain := New(res).Controller(res[0]); len(chain) != 1 {
		t.Fatalf("Controller in a cycle = %d resources, want 1", len(chain))
	}
}
