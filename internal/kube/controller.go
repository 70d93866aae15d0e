package kube

import (
	"reflect"
	"strings"
	"sync"

	"github.com/vigil-cspm/vigil/internal/graph"
	"github.com/vigil-cspm/vigil/internal/model"
)

// serverSetPodFields are pod spec fields the control plane fills in on a
// pod but not on its controller's template (scheduling, admission
// defaults, the projected service-account token). They carry no
// difference a user made.
var serverSetPodFields = map[string]bool{
	"node_name":            true,
	"tolerations":          true,
	"service_account":      true,
	"scheduler_name":       true,
	"priority":             true,
	"preemption_policy":    true,
	"hostname":             true,
	"subdomain":            true,
	"enable_service_links": true,
}

// tokenVolumePrefix names the projected service-account token volume the
// ServiceAccount admission plugin adds to every pod.
const tokenVolumePrefix = "kube-api-access-"

// ControllerMatcher answers SameAsController for the resources of one
// graph, comparing each controller's pod spec once. It is safe for
// concurrent use.
type ControllerMatcher struct {
	g     *graph.Graph
	mu    sync.Mutex
	specs map[string]podView // controller ID → its comparable pod view
}

type podView struct {
	spec        map[string]any
	annotations map[string]any
}

// NewControllerMatcher returns a matcher over g.
func NewControllerMatcher(g *graph.Graph) *ControllerMatcher {
	return &ControllerMatcher{g: g, specs: map[string]podView{}}
}

// Same reports SameAsController(g, r), caching the controller's side.
func (m *ControllerMatcher) Same(r *model.Resource) bool {
	ctrl, ok := controllerOf(m.g, r)
	if !ok {
		return false
	}
	m.mu.Lock()
	cv, ok := m.specs[ctrl.ID]
	m.mu.Unlock()
	if !ok {
		cv = viewOf(ctrl)
		m.mu.Lock()
		m.specs[ctrl.ID] = cv
		m.mu.Unlock()
	}
	return cv.spec != nil && sameView(viewOf(r), cv)
}

// SameAsController reports whether a workload (pod, replica set, job) runs
// exactly the pod its controller declares: same pod spec once the fields
// the control plane sets are ignored, same AppArmor and seccomp
// annotations. Such a
// resource needs no evaluation of its own: everything a rule could say
// about it, it says about the controller. A pod that differs (an injected
// sidecar, an ephemeral debug container, a hand edit) is evaluated.
func SameAsController(g *graph.Graph, r *model.Resource) bool {
	return NewControllerMatcher(g).Same(r)
}

func controllerOf(g *graph.Graph, r *model.Resource) (*model.Resource, bool) {
	if r.Type != "k8s.core.pod" && r.Type != "k8s.apps.replica_set" && r.Type != "k8s.batch.job" {
		return nil, false
	}
	next := g.Out(r.ID, model.RelControlledBy)
	if len(next) == 0 {
		return nil, false
	}
	return g.At(next[0]), true
}

func viewOf(r *model.Resource) podView {
	ps, _ := r.Attributes["pod_spec"].(map[string]any)
	if ps == nil {
		return podView{}
	}
	return podView{spec: userPodSpec(ps), annotations: annotations(r)}
}

func sameView(a, b podView) bool {
	return a.spec != nil && reflect.DeepEqual(a.annotations, b.annotations) && reflect.DeepEqual(a.spec, b.spec)
}

// annotations returns the pod annotations that change how containers run
// (AppArmor and the legacy seccomp keys). Others (checksums, restart
// stamps, tooling) are ignored.
func annotations(r *model.Resource) map[string]any {
	pm, _ := r.Attributes["pod_metadata"].(map[string]any)
	a, _ := pm["annotations"].(map[string]any)
	out := map[string]any{}
	for k, v := range a {
		if strings.Contains(k, "apparmor") || strings.Contains(k, "seccomp") {
			out[k] = v
		}
	}
	return out
}

// userPodSpec copies a pod spec without the server-set fields.
func userPodSpec(ps map[string]any) map[string]any {
	out := make(map[string]any, len(ps))
	for k, v := range ps {
		if serverSetPodFields[k] {
			continue
		}
		switch k {
		case "volumes":
			out[k] = filterList(v, func(m map[string]any) bool {
				name, _ := m["name"].(string)
				return !strings.HasPrefix(name, tokenVolumePrefix)
			}, nil)
		case "containers", "init_containers":
			out[k] = filterList(v, nil, func(c map[string]any) map[string]any {
				vm, ok := c["volume_mounts"]
				if !ok {
					return c
				}
				cc := make(map[string]any, len(c))
				for ck, cv := range c {
					cc[ck] = cv
				}
				cc["volume_mounts"] = filterList(vm, func(m map[string]any) bool {
					name, _ := m["name"].(string)
					return !strings.HasPrefix(name, tokenVolumePrefix)
				}, nil)
				if l, _ := cc["volume_mounts"].([]any); len(l) == 0 {
					delete(cc, "volume_mounts")
				}
				return cc
			})
		default:
			out[k] = v
		}
		if l, ok := out[k].([]any); ok && len(l) == 0 {
			delete(out, k)
		}
	}
	return out
}

func filterList(v any, keep func(map[string]any) bool, mapf func(map[string]any) map[string]any) []any {
	l, _ := v.([]any)
	out := make([]any, 0, len(l))
	for _, e := range l {
		m, ok := e.(map[string]any)
		if !ok {
			out = append(out, e)
			continue
		}
		if keep != nil && !keep(m) {
			continue
		}
		if mapf != nil {
			m = mapf(m)
		}
		out = append(out, m)
	}
	return out
}
