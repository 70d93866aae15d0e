// Package k8s collects a live Kubernetes cluster through client-go: paged
// lists of every kind Vigil models, normalized by package kube exactly as
// manifests are. Secrets are read as server-side tables with metadata
// only, so their values never reach Vigil. A kind the identity may not
// list cluster-wide is retried per namespace; what stays unreadable
// becomes a coverage record and the rest is still scanned.
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
	// Concurrency bounds parallel list calls.
	Concurrency int
}

var _ inventory.Collector = (*Collector)(nil)

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
	return &Collector{cluster: cluster, cfg: cfg, dyn: dyn, norm: norm, Concurrency: 4}, nil
}

// Account implements inventory.Collector.
func (c *Collector) Account() string { return c.cluster }

// Collect implements inventory.Collector.
func (c *Collector) Collect(ctx context.Context, sink inventory.Sink) error {
	kinds := c.norm.Catalog().Kinds()
	total := len(kinds)
	// Namespaces first: per-namespace fallbacks need their names.
	var namespaces []string
	nsKind, _ := c.norm.Catalog().ByType("k8s.core.namespace")
	objs, err := c.list(ctx, nsKind, "")
	if err != nil {
		sink.Coverage(coverageFor(nsKind.Type, "", err))
		if ctx.Err() != nil {
			return ctx.Err()
		}
	} else {
		sink.Coverage(model.Coverage{Scope: nsKind.Type, Status: model.CoverageComplete})
		for _, o := range objs {
			c.emit(o, sink)
			if m, ok := o["metadata"].(map[string]any); ok {
				if n, ok := m["name"].(string); ok {
					namespaces = append(namespaces, n)
				}
			}
		}
	}
	sort.Strings(namespaces)
	done := 1
	sink.Progress(done, total, "resource types")

	var (
		wg  sync.WaitGroup
		mu  sync.Mutex
		sem = make(chan struct{}, max(1, c.Concurrency))
	)
	for _, k := range kinds {
		if k.Type == nsKind.Type {
			continue
		}
		wg.Add(1)
		go func(k kube.Kind) {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			c.collectKind(ctx, k, namespaces, sink)
			mu.Lock()
			done++
			sink.Progress(done, total, "resource types")
			mu.Unlock()
		}(k)
	}
	wg.Wait()
	return ctx.Err()
}

func (c *Collector) collectKind(ctx context.Context, k kube.Kind, namespaces []string, sink inventory.Sink) {
	objs, err := c.list(ctx, k, "")
	if err == nil {
		sink.Coverage(model.Coverage{Scope: k.Type, Status: model.CoverageComplete})
		for _, o := range objs {
			c.emit(o, sink)
		}
		return
	}
	if !k.Namespaced || !apierrors.IsForbidden(err) || len(namespaces) == 0 {
		sink.Coverage(coverageFor(k.Type, "", err))
		return
	}
	// Not allowed cluster-wide: read the namespaces we may read.
	sink.Coverage(coverageFor(k.Type, "", err))
	for _, ns := range namespaces {
		objs, err := c.list(ctx, k, ns)
		if err != nil {
			sink.Coverage(coverageFor(k.Type, ns, err))
			continue
		}
		sink.Coverage(model.Coverage{Scope: k.Type + "@" + ns, Status: model.CoverageComplete})
		for _, o := range objs {
			c.emit(o, sink)
		}
	}
}

func (c *Collector) emit(obj map[string]any, sink inventory.Sink) {
	r, err := c.norm.Normalize(obj, c.cluster, model.Source{Kind: model.SourceLive})
	if err != nil {
		return // kinds come from the catalog; a malformed object from the server is skipped
	}
	sink.Resource(r)
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
	if k.Kind == "Secret" {
		return c.listSecretMetadata(ctx, ns)
	}
	gvr := schema.GroupVersionResource{Group: k.Group, Version: k.Version, Resource: k.Resource}
	var ri dynamic.ResourceInterface = c.dyn.Resource(gvr)
	if ns != "" {
		ri = c.dyn.Resource(gvr).Namespace(ns)
	}
	var out []map[string]any
	opts := metav1.ListOptions{Limit: PageSize}
	for {
		list, err := ri.List(ctx, opts)
		if err != nil {
			return nil, err
		}
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
		if list.GetContinue() == "" {
			return out, nil
		}
		opts.Continue = list.GetContinue()
	}
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

// listSecretMetadata lists Secrets as a server-side table that carries
// each secret's metadata and type but not its data.
func (c *Collector) listSecretMetadata(ctx context.Context, ns string) ([]map[string]any, error) {
	cfg := rest.CopyConfig(c.cfg)
	cfg.GroupVersion = &schema.GroupVersion{Version: "v1"}
	cfg.APIPath = "/api"
	cfg.NegotiatedSerializer = rawSerializer{}
	rc, err := rest.RESTClientFor(cfg)
	if err != nil {
		return nil, err
	}
	var out []map[string]any
	cont := ""
	for {
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
			return nil, err
		}
		var t table
		if err := json.Unmarshal(body, &t); err != nil {
			return nil, fmt.Errorf("decode secrets table: %w", err)
		}
		typeCol := -1
		for i, cd := range t.ColumnDefinitions {
			if cd.Name == "Type" {
				typeCol = i
			}
		}
		for _, row := range t.Rows {
			var meta struct {
				Metadata map[string]any `json:"metadata"`
			}
			if err := json.Unmarshal(row.Object, &meta); err != nil || meta.Metadata == nil {
				return nil, errors.New("secrets table row without metadata")
			}
			obj := map[string]any{"apiVersion": "v1", "kind": "Secret", "metadata": meta.Metadata}
			if typeCol >= 0 && typeCol < len(row.Cells) {
				obj["type"] = row.Cells[typeCol]
			}
			out = append(out, obj)
		}
		if t.Metadata.Continue == "" {
			return out, nil
		}
		cont = t.Metadata.Continue
	}
}
