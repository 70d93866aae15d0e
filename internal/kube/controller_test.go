package kube

import (
	"testing"

	"github.com/vigil-cspm/vigil/internal/graph"
	"github.com/vigil-cspm/vigil/internal/model"
	"github.com/vigil-cspm/vigil/internal/secrets"
)

func TestSameAsController(t *testing.T) {
	n := NewNormalizer(NewCatalog(), secrets.New())
	rs := map[string]any{
		"apiVersion": "apps/v1", "kind": "ReplicaSet",
		"metadata": map[string]any{"name": "web-1", "namespace": "a"},
		"spec": map[string]any{"template": map[string]any{
			"metadata": map[string]any{"annotations": map[string]any{"checksum/config": "1"}},
			"spec":     map[string]any{"containers": []any{map[string]any{"name": "app", "image": "x:1"}}},
		}},
	}
	pod := func(extra map[string]any, container map[string]any, annotations map[string]any) map[string]any {
		spec := map[string]any{"containers": []any{container}}
		for k, v := range extra {
			spec[k] = v
		}
		return map[string]any{
			"apiVersion": "v1", "kind": "Pod",
			"metadata": map[string]any{"name": "web-1-x", "namespace": "a", "annotations": annotations,
				"ownerReferences": []any{map[string]any{"apiVersion": "apps/v1", "kind": "ReplicaSet", "name": "web-1", "controller": true}}},
			"spec": spec,
		}
	}
	app := map[string]any{"name": "app", "image": "x:1"}
	withToken := map[string]any{"name": "app", "image": "x:1", "volumeMounts": []any{map[string]any{"name": "kube-api-access-9xk2p", "mountPath": "/var/run/secrets/kubernetes.io/serviceaccount"}}}
	tests := []struct {
		name string
		pod  map[string]any
		want bool
	}{
		{"identical", pod(nil, app, nil), true},
		{"scheduled, token mounted, tolerations added", pod(map[string]any{
			"nodeName":    "node-1",
			"tolerations": []any{map[string]any{"key": "node.kubernetes.io/not-ready", "operator": "Exists", "effect": "NoExecute"}},
			"volumes":     []any{map[string]any{"name": "kube-api-access-9xk2p", "projected": map[string]any{}}},
		}, withToken, map[string]any{"checksum/config": "2"}), true},
		{"injected privileged sidecar", pod(map[string]any{"nodeName": "node-1"}, app, nil), true},
		{"different image", pod(nil, map[string]any{"name": "app", "image": "x:2"}, nil), false},
		{"apparmor annotation", pod(nil, app, map[string]any{"container.apparmor.security.beta.kubernetes.io/app": "unconfined"}), false},
		{"host network set on the pod", pod(map[string]any{"hostNetwork": true}, app, nil), false},
	}
	// The sidecar case: add a second container to the pod.
	tests[2].pod["spec"].(map[string]any)["containers"] = []any{app, map[string]any{"name": "proxy", "image": "p", "securityContext": map[string]any{"privileged": true}}}
	tests[2].want = false
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r1, err := n.Normalize(rs, "c", model.Source{Kind: model.SourceLive})
			if err != nil {
				t.Fatal(err)
			}
			r2, err := n.Normalize(tt.pod, "c", model.Source{Kind: model.SourceLive})
			if err != nil {
				t.Fatal(err)
			}
			g := graph.New([]*model.Resource{r1, r2})
			if got := SameAsController(g, r2); got != tt.want {
				t.Fatalf("SameAsController = %v, want %v", got, tt.want)
			}
			m := NewControllerMatcher(g)
			for range 2 { // the second answer comes from the cache
				if got := m.Same(r2); got != tt.want {
					t.Fatalf("ControllerMatcher.Same = %v, want %v", got, tt.want)
				}
			}
			if SameAsController(g, r1) {
				t.Fatal("a resource without a controller is the same as its controller")
			}
		})
	}
}
