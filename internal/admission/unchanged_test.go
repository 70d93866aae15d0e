package admission_test

import (
	"testing"

	"github.com/vigil-cspm/vigil/internal/admission"
	"github.com/vigil-cspm/vigil/internal/model"
)

// TestUnchanged: replicas, the object's labels and annotations and
// status leave it unchanged for rules; the pod template, its labels and
// a namespace's labels do not.
func TestUnchanged(t *testing.T) {
	h := newHandler(t, &admission.Static{}, admission.Floor{})
	norm := func(o map[string]any) *model.Resource {
		r, err := h.Norm.Normalize(o, "c", model.Source{Kind: model.SourceAdmission})
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	base := func() map[string]any { return privilegedDeployment("prod", "web", 2) }
	tmpl := func(o map[string]any) map[string]any { return o["spec"].(map[string]any)["template"].(map[string]any) }
	for _, c := range []struct {
		name string
		edit func(map[string]any)
		same bool
	}{
		{"nothing", func(map[string]any) {}, true},
		{"scale", func(o map[string]any) { o["spec"].(map[string]any)["replicas"] = int64(9) }, true},
		{"labels", func(o map[string]any) { o["metadata"].(map[string]any)["labels"] = map[string]any{"a": "b"} }, true},
		{"annotations", func(o map[string]any) { o["metadata"].(map[string]any)["annotations"] = map[string]any{"a": "b"} }, true},
		{"status", func(o map[string]any) { o["status"] = map[string]any{"readyReplicas": int64(1)} }, true},
		{"image", func(o map[string]any) {
			tmpl(o)["spec"].(map[string]any)["containers"].([]any)[0].(map[string]any)["image"] = "x:2"
		}, false},
		{"pod labels", func(o map[string]any) {
			tmpl(o)["metadata"].(map[string]any)["labels"] = map[string]any{"app": "other"}
		}, false},
		{"strategy", func(o map[string]any) { o["spec"].(map[string]any)["strategy"] = map[string]any{"type": "Recreate"} }, false},
	} {
		cur := base()
		c.edit(cur)
		if got := admission.Unchanged(norm(base()), norm(cur)); got != c.same {
			t.Errorf("%s: Unchanged = %v, want %v", c.name, got, c.same)
		}
	}
	ns := func(labels map[string]any) *model.Resource {
		return norm(map[string]any{"apiVersion": "v1", "kind": "Namespace", "metadata": map[string]any{"name": "n", "labels": labels}})
	}
	if admission.Unchanged(ns(nil), ns(map[string]any{"pod-security.kubernetes.io/enforce": "privileged"})) {
		t.Errorf("a namespace's labels changed and it counted as unchanged")
	}
}
