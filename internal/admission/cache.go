package admission

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sort"
	"sync"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/watch"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/tools/cache"

	"github.com/vigil-cspm/vigil/internal/graph"
	"github.com/vigil-cspm/vigil/internal/kube"
	"github.com/vigil-cspm/vigil/internal/model"
	"github.com/vigil-cspm/vigil/internal/policy"
)

// Cache holds, normalized, the cluster's objects of the kinds the
// cross-object rules read, and the namespaces' labels.
type Cache interface {
	// Index returns the cached resources as an index, never changed
	// once returned (a new one follows a change).
	Index() *graph.Index
	// Inputs returns the rule inputs of the cached resources, converted
	// when they were cached (the ones Index holds, and perhaps newer).
	Inputs() *policy.Inputs
	// NamespaceLabels returns a namespace's labels, false when unknown.
	NamespaceLabels(name string) (map[string]string, bool)
}

// CacheKinds are the kinds a webhook caches: those of the types rules
// read across objects (the library's related types), and namespaces,
// whose labels choose modes.
func CacheKinds(cat *kube.Catalog, related []string) []kube.Kind {
	want := map[string]bool{"k8s.core.namespace": true}
	for _, t := range related {
		want[t] = true
	}
	var out []kube.Kind
	for _, k := range cat.Kinds() {
		if want[k.Type] {
			out = append(out, k)
		}
	}
	return out
}

// JudgedKinds are the kinds the webhook is called for: every kind Vigil
// models but Secrets (their values would reach the webhook) and Nodes
// (the kubelets' own objects).
func JudgedKinds(cat *kube.Catalog) []kube.Kind {
	var out []kube.Kind
	for _, k := range cat.Kinds() {
		if k.Type != "k8s.core.secret" && k.Type != "k8s.core.node" {
			out = append(out, k)
		}
	}
	return out
}

// Watcher is a Cache kept current by one list-and-watch per kind with
// the dynamic client; only normalized resources are held, each with its
// rule input, converted when the watch delivers the object (so a
// request converts none of them).
type Watcher struct {
	dyn     dynamic.Interface
	norm    *kube.Normalizer
	cluster string
	kinds   []kube.Kind
	log     *slog.Logger

	mu      sync.RWMutex
	objects map[string]*model.Resource // by namespace/name/type
	labels  map[string]map[string]string
	synced  map[string]bool
	snap    *graph.Index // Index's answer, rebuilt after a change
	inputs  *policy.Inputs
}

// NewWatcher returns a cache of kinds in the cluster dyn reaches, named
// cluster in resource IDs. Run starts it.
func NewWatcher(dyn dynamic.Interface, norm *kube.Normalizer, cluster string, kinds []kube.Kind, log *slog.Logger) *Watcher {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Watcher{dyn: dyn, norm: norm, cluster: cluster, kinds: kinds, log: log,
		objects: map[string]*model.Resource{}, labels: map[string]map[string]string{}, synced: map[string]bool{},
		inputs: policy.NewInputs()}
}

// Run lists and watches every kind until ctx ends.
func (w *Watcher) Run(ctx context.Context) {
	var wg sync.WaitGroup
	for _, k := range w.kinds {
		wg.Add(1)
		go func() {
			defer wg.Done()
			gvr := schema.GroupVersionResource{Group: k.Group, Version: k.Version, Resource: k.Resource}
			ri := w.dyn.Resource(gvr)
			lw := &cache.ListWatch{
				ListWithContextFunc: func(ctx context.Context, o metav1.ListOptions) (runtime.Object, error) {
					return ri.List(ctx, o)
				},
				WatchFuncWithContext: func(ctx context.Context, o metav1.ListOptions) (watch.Interface, error) {
					return ri.Watch(ctx, o)
				},
			}
			r := cache.NewReflectorWithOptions(lw, &unstructured.Unstructured{}, &kindStore{w: w, k: k}, cache.ReflectorOptions{Name: "vigil-admission " + k.Type})
			r.RunWithContext(ctx)
		}()
	}
	wg.Wait()
}

// Synced reports whether every kind has been listed once.
func (w *Watcher) Synced() bool {
	w.mu.RLock()
	defer w.mu.RUnlock()
	return len(w.synced) == len(w.kinds)
}

// WaitSynced waits until Synced or ctx ends.
func (w *Watcher) WaitSynced(ctx context.Context) error {
	t := time.NewTicker(50 * time.Millisecond)
	defer t.Stop()
	for !w.Synced() {
		select {
		case <-ctx.Done():
			return fmt.Errorf("the cache of %d kinds did not sync: %w", len(w.kinds), ctx.Err())
		case <-t.C:
		}
	}
	return nil
}

// Len is how many objects the cache holds.
func (w *Watcher) Len() int {
	w.mu.RLock()
	defer w.mu.RUnlock()
	return len(w.objects)
}

// Index implements Cache.
func (w *Watcher) Index() *graph.Index {
	w.mu.RLock()
	if ix := w.snap; ix != nil {
		w.mu.RUnlock()
		return ix
	}
	w.mu.RUnlock()
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.snap == nil {
		keys := make([]string, 0, len(w.objects))
		for k := range w.objects {
			keys = append(keys, k)
		}
		sort.Strings(keys) // the index's order: by type, namespace, name
		types := make([]string, len(w.kinds))
		for i, k := range w.kinds {
			types[i] = k.Type
		}
		ix := graph.NewIndex(types)
		rs := make([]*model.Resource, len(keys))
		for i, k := range keys {
			rs[i] = w.objects[k]
		}
		ix.Add(rs)
		w.snap = ix
	}
	return w.snap
}

// Inputs implements Cache.
func (w *Watcher) Inputs() *policy.Inputs { return w.inputs }

// NamespaceLabels implements Cache.
func (w *Watcher) NamespaceLabels(name string) (map[string]string, bool) {
	w.mu.RLock()
	defer w.mu.RUnlock()
	l, ok := w.labels[name]
	return l, ok
}

// kindStore receives one kind's objects from its reflector.
type kindStore struct {
	w *Watcher
	k kube.Kind
}

func key(k kube.Kind, ns, name string) string { return k.Type + "/" + ns + "/" + name }

func (s *kindStore) resource(obj any) (*model.Resource, string, error) {
	u, ok := obj.(*unstructured.Unstructured)
	if !ok {
		if d, ok := obj.(cache.DeletedFinalStateUnknown); ok {
			u, _ = d.Obj.(*unstructured.Unstructured)
		}
	}
	if u == nil {
		return nil, "", errors.New("not an unstructured object")
	}
	o := u.Object
	if o["apiVersion"] == nil {
		o["apiVersion"] = s.k.GroupVersion()
	}
	if o["kind"] == nil {
		o["kind"] = s.k.Kind
	}
	r, err := s.w.norm.NormalizeOwned(o, s.w.cluster, model.Source{Kind: model.SourceLive})
	if err != nil {
		return nil, "", err
	}
	return r, key(s.k, u.GetNamespace(), u.GetName()), nil
}

func (s *kindStore) put(obj any) error {
	r, k, err := s.resource(obj)
	if err != nil {
		s.w.log.Warn("cache: object skipped", "kind", s.k.Kind, "err", err)
		return nil
	}
	s.w.convert(r)
	s.w.mu.Lock()
	old := s.w.set(k, r)
	s.w.mu.Unlock()
	if old != nil {
		s.w.inputs.Remove(old)
	}
	return nil
}

// convert keeps r's rule input. One that cannot be input stays cached
// unconverted: a rule that reads it fails the request, which the
// failure policy then answers, as any evaluation error.
func (w *Watcher) convert(r *model.Resource) {
	if err := w.inputs.Add(r); err != nil {
		w.log.Warn("cache: object cannot be rule input", "id", r.ID, "err", err)
	}
}

// set stores r under k (the lock held) and returns the resource it
// replaces, if any.
func (w *Watcher) set(k string, r *model.Resource) *model.Resource {
	old := w.objects[k]
	w.objects[k] = r
	if r.Type == "k8s.core.namespace" {
		w.labels[r.Name] = r.Labels
	}
	w.snap = nil
	return old
}

func (s *kindStore) Add(obj any) error    { return s.put(obj) }
func (s *kindStore) Update(obj any) error { return s.put(obj) }

func (s *kindStore) Delete(obj any) error {
	r, k, err := s.resource(obj)
	if err != nil {
		return nil
	}
	s.w.mu.Lock()
	old := s.w.objects[k]
	delete(s.w.objects, k)
	if r.Type == "k8s.core.namespace" {
		delete(s.w.labels, r.Name)
	}
	s.w.snap = nil
	s.w.mu.Unlock()
	if old != nil {
		s.w.inputs.Remove(old)
	}
	return nil
}

func (s *kindStore) Replace(list []any, _ string) error {
	type kv struct {
		k string
		r *model.Resource
	}
	fresh := make([]kv, 0, len(list))
	for _, o := range list {
		r, k, err := s.resource(o)
		if err != nil {
			s.w.log.Warn("cache: object skipped", "kind", s.k.Kind, "err", err)
			continue
		}
		s.w.convert(r)
		fresh = append(fresh, kv{k, r})
	}
	var gone []*model.Resource
	s.w.mu.Lock()
	prefix := s.k.Type + "/"
	for k, r := range s.w.objects {
		if len(k) > len(prefix) && k[:len(prefix)] == prefix {
			delete(s.w.objects, k)
			gone = append(gone, r)
			if r.Type == "k8s.core.namespace" {
				delete(s.w.labels, r.Name)
			}
		}
	}
	for _, e := range fresh {
		s.w.set(e.k, e.r)
	}
	s.w.synced[s.k.Type] = true
	s.w.snap = nil
	s.w.mu.Unlock()
	s.w.inputs.Remove(gone...)
	return nil
}

func (s *kindStore) Resync() error { return nil }

// Static is a Cache of fixed resources (tests, benchmarks, replays).
type Static struct {
	Resources []*model.Resource

	once   sync.Once
	ix     *graph.Index
	inputs *policy.Inputs
}

func (s *Static) build() {
	s.once.Do(func() {
		var types []string
		for _, r := range s.Resources {
			types = append(types, r.Type)
		}
		s.ix = graph.NewIndex(types)
		s.ix.Add(s.Resources)
		s.inputs = policy.NewInputs()
		// One that cannot be input is converted, and fails, when read.
		_ = s.inputs.Add(s.Resources...)
	})
}

// Index implements Cache.
func (s *Static) Index() *graph.Index {
	s.build()
	return s.ix
}

// Inputs implements Cache.
func (s *Static) Inputs() *policy.Inputs {
	s.build()
	return s.inputs
}

// NamespaceLabels implements Cache.
func (s *Static) NamespaceLabels(name string) (map[string]string, bool) {
	for _, r := range s.Resources {
		if r.Type == "k8s.core.namespace" && r.Name == name {
			return r.Labels, true
		}
	}
	return nil, false
}
