// Package k8s collects a live Kubernetes cluster through client-go: paged
// lists of every kind Vigil models, normalized by package kube exactly as
// manifests are, streamed scope by scope (references, cluster-scoped
// objects, then namespace by namespace). Secrets are read as server-side
// tables with metadata only, so their values never reach Vigil. A kind
// the identity may not list cluster-wide is listed per namespace; what
// stays unreadable becomes a coverage record and the rest is still
// scanned.
package k8s

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"sync"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/rest"

	"github.com/vigil-cspm/vigil/internal/inventory"
	"github.com/vigil-cspm/vigil/internal/kube"
	"github.com/vigil-cspm/vigil/internal/model"
)

// PageSize is how many objects one list call asks for.
const PageSize = 500

// Collector reads one cluster.
type Collector struct {
	cluster string
	cfg     *rest.Config
	dyn     dynamic.Interface
	norm    *kube.Normalizer
	// secrets lists Secrets as tables: made once, so its rate limiter
	// paces every page.
	secrets func() (*rest.RESTClient, error)
	// Concurrency bounds parallel list calls.
	Concurrency int
	// References are the types rules read across scopes (the library's
	// related types): they are listed first, whole, and delivered as
	// references before any scope.
	References []string
	// Progress, when set, is told of each scope done.
	Progress inventory.ProgressFunc
}

// New returns a collector for the cluster reached through cfg, named
// cluster in resource IDs.
func New(cfg *rest.Config, cluster string, norm *kube.Normalizer) (*Collector, error) {
	cfg = rest.CopyConfig(cfg)
	if cfg.QPS == 0 {
		cfg.QPS, cfg.Burst = 50, 100
	}
	if cfg.UserAgent == "" {
		cfg.UserAgent = "vigil"
	}
	dyn, err := dynamic.NewForConfig(cfg)
	if err != nil {
		return nil, fmt.Errorf("kubernetes client: %w", err)
	}
	secrets := sync.OnceValues(func() (*rest.RESTClient, error) {
		sc := rest.CopyConfig(cfg)
		sc.GroupVersion = &schema.GroupVersion{Version: "v1"}
		sc.APIPath = "/api"
		sc.NegotiatedSerializer = rawSerializer{}
		return rest.RESTClientFor(sc)
	})
	return &Collector{cluster: cluster, cfg: cfg, dyn: dyn, norm: norm, secrets: secrets, Concurrency: 4}, nil
}

var _ inventory.Source = (*Collector)(nil)

// Scopes streams the cluster, one scope at a time: first the objects of
// the reference types, listed whole and delivered as references (complete
// from then on); then the cluster-scoped objects; then one scope per
// namespace, in name order. Every other kind is read with paged lists
// across namespaces — which the API server returns in key order,
// namespace by namespace — one page of each kind at a time, so memory
// holds the references, a page per kind and one namespace. A kind the
// identity may not list cluster-wide is listed namespace by namespace.
func (c *Collector) Scopes(ctx context.Context, emit func(*model.Scope) error) error {
	refTypes := map[string]bool{}
	for _, t := range c.References {
		refTypes[t] = true
	}
	var refKinds, clusterKinds, nsKinds []kube.Kind
	for _, k := range c.norm.Catalog().Kinds() {
		switch {
		case refTypes[k.Type] || k.Type == "k8s.core.namespace":
			refKinds = append(refKinds, k) // namespaces: their names drive the per-namespace fallbacks
		case k.Namespaced:
			nsKinds = append(nsKinds, k)
		default:
			clusterKinds = append(clusterKinds, k)
		}
	}
	// References, and namespaces, listed whole.
	first := &model.Scope{Name: "k8s " + c.cluster + " references"}
	listed := c.listWhole(ctx, refKinds, first)
	var namespaces []string
	clusterScope := &model.Scope{Name: "k8s " + c.cluster + " cluster"}
	held := map[string][]*model.Resource{} // namespaced references, for their namespace's scope
	for _, r := range listed {
		if r.Type == "k8s.core.namespace" {
			namespaces = append(namespaces, r.Name)
		}
		if refTypes[r.Type] {
			first.References = append(first.References, r)
		}
		if r.Namespace == "" {
			clusterScope.Resources = append(clusterScope.Resources, r)
		} else {
			held[r.Namespace] = append(held[r.Namespace], r)
		}
	}
	sort.Strings(namespaces)
	first.Complete = c.References
	if err := emit(first); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	// Cluster-scoped objects.
	clusterScope.Resources = append(clusterScope.Resources, c.listWhole(ctx, clusterKinds, clusterScope)...)
	if err := emit(clusterScope); err != nil {
		return err
	}
	// Namespaces, merging one paged list per kind.
	pagers := make([]*pager, len(nsKinds))
	for i, k := range nsKinds {
		pagers[i] = &pager{c: c, k: k}
	}
	pending := map[string]bool{}
	for _, ns := range namespaces {
		pending[ns] = true
	}
	for ns := range held {
		pending[ns] = true
	}
	done, total := 0, len(pending)
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		// The next namespace: the least one a list is at, or still to
		// read with a per-namespace fallback or held references. (Should
		// a list ever go back to a namespace already done, that
		// namespace gets a second scope.)
		ns, ok := "", false
		for n := range pending {
			if !ok || n < ns {
				ns, ok = n, true
			}
		}
		heads := c.advance(ctx, pagers)
		for _, h := range heads {
			if h != nil && (!ok || h.Namespace < ns) {
				ns, ok = h.Namespace, true
			}
		}
		if !ok {
			break
		}
		delete(pending, ns)
		sc := &model.Scope{Name: "k8s " + c.cluster + " namespace " + ns, Resources: held[ns]}
		delete(held, ns)
		// Take each list's objects of the namespace; a list that runs
		// out of its page may go on with the namespace on the next, so
		// read the next pages (in parallel) and take again.
		for {
			more := false
			for _, p := range pagers {
				sc.Resources = append(sc.Resources, p.take(ns)...)
				more = more || len(p.items) == 0 && !p.done
			}
			if !more {
				break
			}
			c.advance(ctx, pagers)
		}
		for _, p := range pagers {
			if p.forbidden {
				sc.Coverage = append(sc.Coverage, p.listNamespace(ctx, ns, sc)...)
			}
		}
		if err := emit(sc); err != nil {
			return err
		}
		done++
		if c.Progress != nil {
			c.Progress(done, max(total, done), "namespaces")
		}
	}
	// What the cluster-wide lists said of themselves.
	end := &model.Scope{Name: "k8s " + c.cluster + " end"}
	for _, p := range pagers {
		end.Coverage = append(end.Coverage, p.coverage()...)
	}
	return emit(end)
}

// listWhole lists kinds in full (cluster-wide, else namespace by
// namespace for a namespaced kind the identity may not list
// cluster-wide), at most Concurrency at once, and records their coverage
// in sc.
func (c *Collector) listWhole(ctx context.Context, kinds []kube.Kind, sc *model.Scope) []*model.Resource {
	var (
		wg  sync.WaitGroup
		mu  sync.Mutex
		out = make([][]*model.Resource, len(kinds))
		sem = make(chan struct{}, max(1, c.Concurrency))
	)
	// Namespaces first: per-namespace fallbacks need their names.
	var namespaces []string
	for i, k := range kinds {
		if k.Type != "k8s.core.namespace" {
			continue
		}
		rs, cov := c.listKind(ctx, k, nil)
		sc.Coverage = append(sc.Coverage, cov...)
		out[i] = rs
		for _, r := range rs {
			namespaces = append(namespaces, r.Name)
		}
	}
	sort.Strings(namespaces)
	for i, k := range kinds {
		if k.Type == "k8s.core.namespace" {
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			rs, cov := c.listKind(ctx, k, namespaces)
			mu.Lock()
			sc.Coverage = append(sc.Coverage, cov...)
			mu.Unlock()
			out[i] = rs
		}()
	}
	wg.Wait()
	var all []*model.Resource
	for _, rs := range out {
		all = append(all, rs...)
	}
	return all
}

// listKind lists one kind whole: cluster-wide, or, when that is
// forbidden, in each of namespaces the identity may read.
func (c *Collector) listKind(ctx context.Context, k kube.Kind, namespaces []string) ([]*model.Resource, []model.Coverage) {
	objs, err := c.list(ctx, k, "")
	if err == nil {
		return c.normalize(objs), []model.Coverage{{Scope: k.Type, Status: model.CoverageComplete}}
	}
	cov := []model.Coverage{coverageFor(k.Type, "", err)}
	if !k.Namespaced || !apierrors.IsForbidden(err) || len(namespaces) == 0 {
		return nil, cov
	}
	var out []*model.Resource
	for _, ns := range namespaces {
		objs, err := c.list(ctx, k, ns)
		if err != nil {
			cov = append(cov, coverageFor(k.Type, ns, err))
			continue
		}
		cov = append(cov, model.Coverage{Scope: k.Type + "@" + ns, Status: model.CoverageComplete})
		out = append(out, c.normalize(objs)...)
	}
	return out, cov
}

// normalize turns listed objects into resources; a malformed object from
// the server is skipped (kinds come from the catalog).
func (c *Collector) normalize(objs []map[string]any) []*model.Resource {
	out := make([]*model.Resource, 0, len(objs))
	for _, o := range objs {
		if r, err := c.norm.Normalize(o, c.cluster, model.Source{Kind: model.SourceLive}); err == nil {
			out = append(out, r)
		}
	}
	return out
}

// pager reads one namespaced kind cluster-wide, a page at a time.
type pager struct {
	c         *Collector
	k         kube.Kind
	items     []*model.Resource
	cont      string
	started   bool
	done      bool
	err       error
	forbidden bool // listed namespace by namespace instead
}

// advance makes sure each pager that has items left holds at least one,
// fetching the next pages in parallel, and returns each one's first item
// (nil for pagers that are done).
func (c *Collector) advance(ctx context.Context, pagers []*pager) []*model.Resource {
	var wg sync.WaitGroup
	sem := make(chan struct{}, max(1, c.Concurrency))
	for _, p := range pagers {
		if len(p.items) > 0 || p.done {
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			p.fetch(ctx)
		}()
	}
	wg.Wait()
	heads := make([]*model.Resource, len(pagers))
	for i, p := range pagers {
		if len(p.items) > 0 {
			heads[i] = p.items[0]
		}
	}
	return heads
}

// fetch reads pages until one has items or the list ends.
func (p *pager) fetch(ctx context.Context) {
	for len(p.items) == 0 && !p.done {
		if p.started && p.cont == "" {
			p.done = true
			return
		}
		objs, next, err := p.c.listPage(ctx, p.k, "", p.cont)
		p.started = true
		if err != nil {
			p.done = true
			if !p.forbidden && p.cont == "" && apierrors.IsForbidden(err) {
				p.forbidden = true
			}
			p.err = err
			return
		}
		p.items = append(p.items, p.c.normalize(objs)...)
		p.cont = next
		if next == "" {
			p.done = len(p.items) == 0
		}
	}
}

// take removes the pager's items of namespace ns, which come first,
// from the page it holds.
func (p *pager) take(ns string) []*model.Resource {
	var out []*model.Resource
	for len(p.items) > 0 && p.items[0].Namespace == ns {
		out = append(out, p.items[0])
		p.items = p.items[1:]
	}
	return out
}

// listNamespace reads a kind forbidden cluster-wide in one namespace,
// adding its objects to sc.
func (p *pager) listNamespace(ctx context.Context, ns string, sc *model.Scope) []model.Coverage {
	objs, err := p.c.list(ctx, p.k, ns)
	if err != nil {
		return []model.Coverage{coverageFor(p.k.Type, ns, err)}
	}
	sc.Resources = append(sc.Resources, p.c.normalize(objs)...)
	return []model.Coverage{{Scope: p.k.Type + "@" + ns, Status: model.CoverageComplete}}
}

// coverage is the pager's record once it is done.
func (p *pager) coverage() []model.Coverage {
	switch {
	case p.err == nil:
		return []model.Coverage{{Scope: p.k.Type, Status: model.CoverageComplete}}
	default:
		return []model.Coverage{coverageFor(p.k.Type, "", p.err)}
	}
}

func coverageFor(typ, ns string, err error) model.Coverage {
	scope := typ
	if ns != "" {
		scope += "@" + ns
	}
	status := model.CoverageError
	reason := err.Error()
	switch {
	case apierrors.IsForbidden(err):
		status = model.CoverageDenied
		reason = "forbidden: the identity may not list it; grant list on this resource to scan it"
	case apierrors.IsUnauthorized(err):
		status = model.CoverageDenied
		reason = "unauthorized: the credentials were rejected"
	case apierrors.IsNotFound(err):
		reason = "not served by this API server"
	}
	return model.Coverage{Scope: scope, Status: status, Reason: reason}
}

// list reads every object of a kind (in one namespace, or all), page by
// page, as JSON-shaped maps.
func (c *Collector) list(ctx context.Context, k kube.Kind, ns string) ([]map[string]any, error) {
	var out []map[string]any
	cont := ""
	for {
		objs, next, err := c.listPage(ctx, k, ns, cont)
		if err != nil {
			return nil, err
		}
		out = append(out, objs...)
		if next == "" {
			return out, nil
		}
		cont = next
	}
}

// listPage reads one page of a kind's objects from cont ("" for the
// first), and returns the continue token of the next ("" at the end).
func (c *Collector) listPage(ctx context.Context, k kube.Kind, ns, cont string) ([]map[string]any, string, error) {
	if k.Kind == "Secret" {
		return c.secretMetadataPage(ctx, ns, cont)
	}
	gvr := schema.GroupVersionResource{Group: k.Group, Version: k.Version, Resource: k.Resource}
	var ri dynamic.ResourceInterface = c.dyn.Resource(gvr)
	if ns != "" {
		ri = c.dyn.Resource(gvr).Namespace(ns)
	}
	list, err := ri.List(ctx, metav1.ListOptions{Limit: PageSize, Continue: cont})
	if err != nil {
		return nil, "", err
	}
	out := make([]map[string]any, 0, len(list.Items))
	for i := range list.Items {
		obj := list.Items[i].Object
		if obj["apiVersion"] == nil {
			obj["apiVersion"] = k.GroupVersion()
		}
		if obj["kind"] == nil {
			obj["kind"] = k.Kind
		}
		out = append(out, obj)
	}
	return out, list.GetContinue(), nil
}

// table is the subset of meta.k8s.io/v1 Table Vigil reads.
type table struct {
	Metadata struct {
		Continue string `json:"continue"`
	} `json:"metadata"`
	ColumnDefinitions []struct {
		Name string `json:"name"`
	} `json:"columnDefinitions"`
	Rows []struct {
		Cells  []any           `json:"cells"`
		Object json.RawMessage `json:"object"`
	} `json:"rows"`
}

// secretMetadataPage lists one page of Secrets as a server-side table
// that carries each secret's metadata and type but not its data.
func (c *Collector) secretMetadataPage(ctx context.Context, ns, cont string) ([]map[string]any, string, error) {
	rc, err := c.secrets()
	if err != nil {
		return nil, "", err
	}
	req := rc.Get().Resource("secrets").
		SetHeader("Accept", "application/json;as=Table;v=v1;g=meta.k8s.io").
		Param("includeObject", "Metadata").
		Param("limit", fmt.Sprint(PageSize))
	if ns != "" {
		req = req.Namespace(ns)
	}
	if cont != "" {
		req = req.Param("continue", cont)
	}
	body, err := req.DoRaw(ctx)
	if err != nil {
		return nil, "", err
	}
	var t table
	if err := json.Unmarshal(body, &t); err != nil {
		return nil, "", fmt.Errorf("decode secrets table: %w", err)
	}
	typeCol := -1
	for i, cd := range t.ColumnDefinitions {
		if cd.Name == "Type" {
			typeCol = i
		}
	}
	out := make([]map[string]any, 0, len(t.Rows))
	for _, row := range t.Rows {
		var meta struct {
			Metadata map[string]any `json:"metadata"`
		}
		if err := json.Unmarshal(row.Object, &meta); err != nil || meta.Metadata == nil {
			return nil, "", errors.New("secrets table row without metadata")
		}
		obj := map[string]any{"apiVersion": "v1", "kind": "Secret", "metadata": meta.Metadata}
		if typeCol >= 0 && typeCol < len(row.Cells) {
			obj["type"] = row.Cells[typeCol]
		}
		out = append(out, obj)
	}
	return out, t.Metadata.Continue, nil
}
