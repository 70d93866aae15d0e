package kube

import (
	"maps"
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/vigil-cspm/vigil/internal/benchgen"
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

// TestSameMatchesReference checks the in-place comparison against a
// plain reference (copy the specs without the ignored parts, then
// reflect.DeepEqual) over a generated cluster and random edits of it.
func TestSameMatchesReference(t *testing.T) {
	n := NewNormalizer(NewCatalog(), secrets.New())
	var rs []*model.Resource
	for _, obj := range benchgen.Objects(3000, 7) {
		r, err := n.Normalize(obj, "c", model.Source{Kind: model.SourceLive})
		if err != nil {
			t.Fatal(err)
		}
		rs = append(rs, r)
	}
	rnd := rand.New(rand.NewPCG(1, 2))
	edits := []func(ps map[string]any){
		func(ps map[string]any) { ps["host_network"] = true },
		func(ps map[string]any) { delete(ps, "volumes") },
		func(ps map[string]any) { ps["volumes"] = []any{} },
		func(ps map[string]any) {
			ps["volumes"] = append(asAnyList(ps["volumes"]), map[string]any{"name": tokenVolumePrefix + "x"})
		},
		func(ps map[string]any) { ps["node_name"] = "other" },
		func(ps map[string]any) {
			cs := asAnyList(ps["containers"])
			if len(cs) > 0 {
				c := cs[0].(map[string]any)
				c["volume_mounts"] = append(asAnyList(c["volume_mounts"]), map[string]any{"name": tokenVolumePrefix + "y"})
			}
		},
		func(ps map[string]any) {
			cs := asAnyList(ps["containers"])
			if len(cs) > 0 {
				delete(cs[0].(map[string]any), "volume_mounts")
			}
		},
		func(ps map[string]any) {
			cs := asAnyList(ps["containers"])
			if len(cs) > 0 {
				cs[0].(map[string]any)["image"] = "changed"
			}
		},
		func(ps map[string]any) { ps["init_containers"] = []any{} },
	}
	checked, same := 0, 0
	for round := range 3 {
		g := graph.New(rs)
		m := NewControllerMatcher(g)
		for _, r := range rs {
			ctrl, ok := controllerOf(g, r)
			if !ok {
				continue
			}
			want := referenceSame(r, ctrl)
			if got := m.Same(r); got != want {
				t.Fatalf("round %d, %s: Same = %v, reference says %v", round, r.ID, got, want)
			}
			checked++
			if want {
				same++
			}
		}
		// Edit a random third of the pod specs (copies) for the next round.
		for i, r := range rs {
			ps, _ := r.Attributes["pod_spec"].(map[string]any)
			if ps == nil || rnd.IntN(3) != 0 {
				continue
			}
			c := *r
			c.Attributes = maps.Clone(r.Attributes)
			cp := deepCopyJSON(ps).(map[string]any)
			edits[rnd.IntN(len(edits))](cp)
			c.Attributes["pod_spec"] = cp
			rs[i] = &c
		}
	}
	if checked == 0 || same == 0 || same == checked {
		t.Fatalf("checked %d resources with a controller, %d the same: the comparison was not exercised both ways", checked, same)
	}
}

func asAnyList(v any) []any { l, _ := v.([]any); return l }

func deepCopyJSON(v any) any {
	switch t := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(t))
		for k, e := range t {
			out[k] = deepCopyJSON(e)
		}
		return out
	case []any:
		out := make([]any, len(t))
		for i, e := range t {
			out[i] = deepCopyJSON(e)
		}
		return out
	}
	return v
}

// referenceSame is the straightforward definition of SameAsController's
// comparison.
func referenceSame(r, ctrl *model.Resource) bool {
	a, _ := r.Attributes["pod_spec"].(map[string]any)
	b, _ := ctrl.Attributes["pod_spec"].(map[string]any)
	if a == nil || b == nil {
		return false
	}
	ann := func(r *model.Resource) map[string]any {
		out := map[string]any{}
		for k, v := range podAnnotations(r) {
			if runtimeAnnotation(k) {
				out[k] = v
			}
		}
		return out
	}
	return reflect.DeepEqual(ann(r), ann(ctrl)) && reflect.DeepEqual(referenceSpec(a), referenceSpec(b))
}

func referenceSpec(ps map[string]any) map[string]any {
	keep := func(l any) []any {
		var out []any
		for _, e := range asAnyList(l) {
			if notTokenVolume(e) {
				out = append(out, e)
			}
		}
		return out
	}
	out := map[string]any{}
	for k, v := range ps {
		if serverSetPodFields[k] {
			continue
		}
		switch k {
		case "volumes":
			v = keep(v)
		case "containers", "init_containers":
			var cs []any
			for _, c := range asAnyList(v) {
				cm := maps.Clone(c.(map[string]any))
				if vm, ok := cm["volume_mounts"]; ok {
					if l := keep(vm); len(l) > 0 {
						cm["volume_mounts"] = l
					} else {
						delete(cm, "volume_mounts")
					}
				}
				cs = append(cs, cm)
			}
			v = cs
		}
		if l, ok := v.([]any); ok && len(l) == 0 || v == nil && (k == "volumes" || k == "containers" || k == "init_containers") {
			continue
		}
		out[k] = v
	}
	return out
}

// TestRedundant covers what Redundant adds to SameAsController: rollout
// history and replicas that repeat a sibling.
func TestRedundant(t *testing.T) {
	n := NewNormalizer(NewCatalog(), secrets.New())
	owner := func(kind, name string) []any {
		return []any{map[string]any{"apiVersion": "apps/v1", "kind": kind, "name": name, "controller": true}}
	}
	tmpl := func(image string) map[string]any {
		return map[string]any{"spec": map[string]any{"containers": []any{map[string]any{"name": "app", "image": image}}}}
	}
	deploy := map[string]any{"apiVersion": "apps/v1", "kind": "Deployment", "metadata": map[string]any{"name": "web", "namespace": "a"},
		"spec": map[string]any{"template": tmpl("x:2")}}
	rs := func(name, image string, replicas int64) map[string]any {
		return map[string]any{"apiVersion": "apps/v1", "kind": "ReplicaSet",
			"metadata": map[string]any{"name": name, "namespace": "a", "ownerReferences": owner("Deployment", "web")},
			"spec":     map[string]any{"replicas": replicas, "template": tmpl(image)}}
	}
	pod := func(name string, sidecar string) map[string]any {
		cs := []any{map[string]any{"name": "app", "image": "x:2"}}
		if sidecar != "" {
			cs = append(cs, map[string]any{"name": "proxy", "image": sidecar})
		}
		return map[string]any{"apiVersion": "v1", "kind": "Pod",
			"metadata": map[string]any{"name": name, "namespace": "a", "ownerReferences": owner("ReplicaSet", "web-2")},
			"spec":     map[string]any{"containers": cs, "nodeName": name + "-node"}}
	}
	objs := []map[string]any{
		deploy,
		rs("web-1", "x:1", 0), // history: scaled to zero
		rs("web-0", "x:0", 3), // an old template still running (a paused rollout)
		rs("web-2", "x:2", 4), // current
		pod("web-2-a", "p:1"), // injected: differs, first of its kind
		pod("web-2-b", "p:1"), // repeats web-2-a
		pod("web-2-c", ""),    // the same as its controller
		pod("web-2-d", "p:2"), // another variant
		pod("web-2-e", "p:2"), // repeats web-2-d
	}
	var rsrc []*model.Resource
	for _, o := range objs {
		r, err := n.Normalize(o, "c", model.Source{Kind: model.SourceLive})
		if err != nil {
			t.Fatal(err)
		}
		rsrc = append(rsrc, r)
	}
	g := graph.New(rsrc)
	m := NewControllerMatcher(g)
	want := map[string]bool{"web": false, "web-1": true, "web-0": false, "web-2": true,
		"web-2-a": false, "web-2-b": true, "web-2-c": true, "web-2-d": false, "web-2-e": true}
	for _, r := range rsrc {
		if got := m.Redundant(r); got != want[r.Name] {
			t.Errorf("Redundant(%s) = %v, want %v", r.Name, got, want[r.Name])
		}
	}
}
