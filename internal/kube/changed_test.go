package kube

import (
	"testing"
	"time"

	"github.com/vigil-cspm/vigil/internal/model"
	"github.com/vigil-cspm/vigil/internal/secrets"
)

// TestChangedAt: a live object is timed by its newest managedFields
// time, else its creationTimestamp; a manifest never is, and rules do
// not see the time.
func TestChangedAt(t *testing.T) {
	n := NewNormalizer(NewCatalog(), secrets.New())
	obj := func(meta map[string]any) map[string]any {
		meta["name"], meta["namespace"] = "web", "shop"
		return map[string]any{"apiVersion": "v1", "kind": "ConfigMap", "metadata": meta}
	}
	created, applied := "2026-03-01T10:00:00Z", "2026-03-04T08:30:00Z"
	cases := []struct {
		name string
		meta map[string]any
		src  string
		want string
	}{
		{"managed fields", map[string]any{"creationTimestamp": created, "managedFields": []any{
			map[string]any{"manager": "kubectl", "time": applied}, map[string]any{"manager": "old", "time": "2026-03-02T00:00:00Z"}}}, model.SourceLive, applied},
		{"created only", map[string]any{"creationTimestamp": created}, model.SourceLive, created},
		{"no times", map[string]any{}, model.SourceLive, ""},
		{"garbage", map[string]any{"creationTimestamp": 7, "managedFields": "x"}, model.SourceLive, ""},
		{"manifest", map[string]any{"creationTimestamp": created}, model.SourceIaC, ""},
	}
	for _, c := range cases {
		r, err := n.Normalize(obj(c.meta), "prod", model.Source{Kind: c.src})
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		got := ""
		if r.Changed != nil {
			got = r.Changed.Format(time.RFC3339)
		}
		if got != c.want {
			t.Errorf("%s: changed %q, want %q", c.name, got, c.want)
		}
		if _, ok := r.Input()["changed_at"]; ok {
			t.Errorf("%s: rules see changed_at", c.name)
		}
	}
}
