package kube

import (
	"reflect"
	"slices"
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

// ControllerMatcher answers SameAsController and Redundant for the
// resources of one graph. It is safe for concurrent use.
type ControllerMatcher struct {
	g        *graph.Graph
	siblings sync.Map // controller ID → *siblingSet
}

// siblingSet records which children of one controller repeat an earlier
// child that differs from the controller.
type siblingSet struct {
	once    sync.Once
	repeats map[string]bool // child ID
}

// maxVariants bounds the distinct variants of a controller's pod that
// Redundant compares a child with; children beyond are evaluated.
const maxVariants = 16

// NewControllerMatcher returns a matcher over g.
func NewControllerMatcher(g *graph.Graph) *ControllerMatcher {
	return &ControllerMatcher{g: g}
}

// Redundant reports whether a workload needs no evaluation of its own,
// because everything a rule could say about it is said about another
// resource that is evaluated:
//   - it runs exactly what its controller declares (SameAsController);
//   - it is a ReplicaSet a Deployment keeps as rollout history, scaled to
//     zero: it runs nothing, and its old template's findings would stay
//     open after the Deployment is fixed;
//   - it differs from its controller exactly as an earlier sibling does
//     (the replicas of a Deployment whose pods a mutating webhook
//     injects a sidecar into): the first of them, in inventory order, is
//     evaluated and reported once, not once per replica.
func (m *ControllerMatcher) Redundant(r *model.Resource) bool {
	ctrl, ok := controllerOf(m.g, r)
	if !ok {
		return false
	}
	if rolloutHistory(r, ctrl) || m.same(r, ctrl) {
		return true
	}
	v, _ := m.siblings.LoadOrStore(ctrl.ID, &siblingSet{})
	set := v.(*siblingSet)
	set.once.Do(func() { set.repeats = m.repeats(ctrl) })
	return set.repeats[r.ID]
}

// repeats returns the children of ctrl that differ from it as an earlier
// child does.
func (m *ControllerMatcher) repeats(ctrl *model.Resource) map[string]bool {
	children := slices.Clone(m.g.In(ctrl.ID, model.RelControlledBy))
	slices.Sort(children)
	var variants []*model.Resource
	out := map[string]bool{}
	for _, i := range children {
		c := m.g.At(i)
		if rolloutHistory(c, ctrl) || m.same(c, ctrl) {
			continue
		}
		cs, _ := c.Attributes["pod_spec"].(map[string]any)
		if cs == nil {
			continue
		}
		repeat := false
		for _, v := range variants {
			if v.Type == c.Type && sameRuntimeAnnotations(c, v) && samePodSpec(cs, v.Attributes["pod_spec"].(map[string]any)) {
				repeat = true
				break
			}
		}
		switch {
		case repeat:
			out[c.ID] = true
		case len(variants) < maxVariants:
			variants = append(variants, c)
		}
	}
	return out
}

// rolloutHistory holds for a ReplicaSet owned by a Deployment and scaled
// to zero.
func rolloutHistory(r, ctrl *model.Resource) bool {
	if r.Type != "k8s.apps.replica_set" || ctrl.Type != "k8s.apps.deployment" {
		return false
	}
	spec, _ := r.Attributes["spec"].(map[string]any)
	switch n := spec["replicas"].(type) {
	case int64:
		return n == 0
	case float64:
		return n == 0
	case int:
		return n == 0
	}
	return false
}

// Same reports SameAsController(g, r). The comparison walks both pod
// specs in place, without copying or reflection: a scan calls it for
// every pod, replica set and job.
func (m *ControllerMatcher) Same(r *model.Resource) bool {
	ctrl, ok := controllerOf(m.g, r)
	return ok && m.same(r, ctrl)
}

func (m *ControllerMatcher) same(r, ctrl *model.Resource) bool {
	cs, _ := ctrl.Attributes["pod_spec"].(map[string]any)
	rs, _ := r.Attributes["pod_spec"].(map[string]any)
	return cs != nil && rs != nil && sameRuntimeAnnotations(r, ctrl) && samePodSpec(rs, cs)
}

// SameAsController reports whether a workload (pod, replica set, job) runs
// exactly the pod its controller declares: same pod spec once the fields
// the control plane sets are ignored, same AppArmor and seccomp
// annotations. Such a resource needs no evaluation of its own: everything
// a rule could say about it, it says about the controller. A pod that
// differs (an injected sidecar, an ephemeral debug container, a hand
// edit) is evaluated.
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

// runtimeAnnotation holds for the pod annotations that change how
// containers run (AppArmor and the legacy seccomp keys). Others
// (checksums, restart stamps, tooling) are ignored.
func runtimeAnnotation(k string) bool {
	return strings.Contains(k, "apparmor") || strings.Contains(k, "seccomp")
}

// sameRuntimeAnnotations reports whether a and b carry the same runtime
// annotations on their pods.
func sameRuntimeAnnotations(a, b *model.Resource) bool {
	aa, ba := podAnnotations(a), podAnnotations(b)
	n := 0
	for k, v := range aa {
		if !runtimeAnnotation(k) {
			continue
		}
		n++
		w, ok := ba[k]
		if !ok || !jsonEqual(v, w) {
			return false
		}
	}
	for k := range ba {
		if runtimeAnnotation(k) {
			n--
		}
	}
	return n == 0
}

func podAnnotations(r *model.Resource) map[string]any {
	pm, _ := r.Attributes["pod_metadata"].(map[string]any)
	a, _ := pm["annotations"].(map[string]any)
	return a
}

// samePodSpec reports whether two pod specs are equal once the server-set
// fields, the service-account token volume and its mounts are ignored. A
// list that is empty once filtered counts as absent.
func samePodSpec(a, b map[string]any) bool {
	for k, va := range a {
		if serverSetPodFields[k] {
			continue
		}
		vb, ok := b[k]
		if !ok {
			if !emptyOnceFiltered(k, va) {
				return false
			}
			continue
		}
		if !samePodField(k, va, vb) {
			return false
		}
	}
	for k, vb := range b {
		if _, ok := a[k]; !ok && !serverSetPodFields[k] && !emptyOnceFiltered(k, vb) {
			return false
		}
	}
	return true
}

func samePodField(k string, a, b any) bool {
	switch k {
	case "volumes":
		return sameFiltered(a, b, notTokenVolume, jsonEqual)
	case "containers", "init_containers":
		return sameFiltered(a, b, nil, sameContainer)
	}
	return jsonEqual(a, b)
}

// emptyOnceFiltered holds for a pod field that filtering reduces to an
// empty list (or that is an empty list).
func emptyOnceFiltered(k string, v any) bool {
	if k == "volumes" {
		return onlyToken(v)
	}
	l, ok := v.([]any)
	return ok && len(l) == 0
}

// onlyToken holds for a list (of volumes or volume mounts) with nothing
// but the service-account token in it, or nothing at all.
func onlyToken(v any) bool {
	l, ok := v.([]any)
	if !ok {
		return false
	}
	for _, e := range l {
		if notTokenVolume(e) {
			return false
		}
	}
	return true
}

// notTokenVolume holds for list entries other than the token volume or
// its mounts.
func notTokenVolume(e any) bool {
	m, ok := e.(map[string]any)
	if !ok {
		return true
	}
	name, _ := m["name"].(string)
	return !strings.HasPrefix(name, tokenVolumePrefix)
}

// sameContainer compares two containers, ignoring token volume mounts.
func sameContainer(a, b any) bool {
	am, aok := a.(map[string]any)
	bm, bok := b.(map[string]any)
	if !aok || !bok {
		return jsonEqual(a, b)
	}
	for k, va := range am {
		vb, ok := bm[k]
		switch {
		case k == "volume_mounts" && !ok:
			if !onlyToken(va) {
				return false
			}
		case k == "volume_mounts":
			if !sameFiltered(va, vb, notTokenVolume, jsonEqual) {
				return false
			}
		case !ok || !jsonEqual(va, vb):
			return false
		}
	}
	for k, vb := range bm {
		if _, ok := am[k]; !ok && (k != "volume_mounts" || !onlyToken(vb)) {
			return false
		}
	}
	return true
}

// sameFiltered compares two lists entry by entry, skipping the entries
// keep rejects (keep nil keeps all).
func sameFiltered(a, b any, keep func(any) bool, eq func(a, b any) bool) bool {
	al, aok := a.([]any)
	bl, bok := b.([]any)
	if !aok || !bok {
		return jsonEqual(a, b)
	}
	i, j := 0, 0
	for {
		for keep != nil && i < len(al) && !keep(al[i]) {
			i++
		}
		for keep != nil && j < len(bl) && !keep(bl[j]) {
			j++
		}
		if i == len(al) || j == len(bl) {
			return i == len(al) && j == len(bl)
		}
		if !eq(al[i], bl[j]) {
			return false
		}
		i++
		j++
	}
}

// jsonEqual is deep equality over the JSON-shaped values of the model
// (maps, lists and scalars), with reflect.DeepEqual for anything else.
func jsonEqual(a, b any) bool {
	switch av := a.(type) {
	case map[string]any:
		bv, ok := b.(map[string]any)
		if !ok || len(av) != len(bv) {
			return false
		}
		for k, x := range av {
			y, ok := bv[k]
			if !ok || !jsonEqual(x, y) {
				return false
			}
		}
		return true
	case []any:
		bv, ok := b.([]any)
		if !ok || len(av) != len(bv) {
			return false
		}
		for i := range av {
			if !jsonEqual(av[i], bv[i]) {
				return false
			}
		}
		return true
	case string:
		bv, ok := b.(string)
		return ok && av == bv
	case bool:
		bv, ok := b.(bool)
		return ok && av == bv
	case int64:
		bv, ok := b.(int64)
		return ok && av == bv
	case float64:
		bv, ok := b.(float64)
		return ok && av == bv
	case nil:
		return b == nil
	}
	return reflect.DeepEqual(a, b)
}
