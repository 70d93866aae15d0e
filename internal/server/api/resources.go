package api

import (
	"net/http"
	"time"

	"github.com/vigil-cspm/vigil/internal/model"
	"github.com/vigil-cspm/vigil/internal/server"
	"github.com/vigil-cspm/vigil/internal/server/auth"
	"github.com/vigil-cspm/vigil/internal/store"
)

// resourceSummary is a resource in a search result.
type resourceSummary struct {
	ID        string            `json:"id"`
	Type      string            `json:"type"`
	Provider  string            `json:"provider"`
	Account   string            `json:"account,omitempty"`
	Region    string            `json:"region,omitempty"`
	Namespace string            `json:"namespace,omitempty"`
	Name      string            `json:"name"`
	Owner     string            `json:"owner,omitempty"`
	Labels    map[string]string `json:"labels,omitempty"`
}

type resourcePage struct {
	Items      []resourceSummary `json:"items"`
	NextCursor string            `json:"next_cursor,omitempty"`
	Examined   int               `json:"examined"`
}

// keep reports whether r passes the filter's label and provider parts
// and p's scope.
func (a *api) keepResource(f *resourceFilter, p *auth.Principal, r *model.Resource) bool {
	if f.Account != "" && isK8s(r.Type) || f.Cluster != "" && !isK8s(r.Type) {
		return false
	}
	for k, v := range f.Labels {
		got, ok := r.Labels[k]
		if !ok || v != "" && got != v {
			return false
		}
	}
	return a.seesResource(p, r)
}

func (a *api) listResources(w http.ResponseWriter, r *http.Request) {
	ctx, p := r.Context(), auth.From(r.Context())
	f, err := parseResourceFilter(r.URL.Query())
	if err != nil {
		a.fail(w, r, err)
		return
	}
	digest := f.digest()
	cur, err := decodeCursor(f.Cursor, digest)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	q := store.ResourceQuery{Type: f.Type, Account: f.Account + f.Cluster, Namespace: f.Namespace}
	if cur != nil {
		q.After = cur.ID
	}
	if q.Visible, err = visibility(p, func() ([]store.Partition, error) {
		return a.resourceParts.get(ctx, time.Now(), a.Store.ResourcePartitions)
	}); err != nil {
		a.fail(w, r, err)
		return
	}
	batch := min(max(2*f.Limit, 100), maxLimit)
	out := resourcePage{Items: []resourceSummary{}}
	for {
		q.Limit = batch
		rows, err := a.Store.ResourcesAfter(ctx, q)
		if err != nil {
			a.fail(w, r, err)
			return
		}
		done := len(rows) < batch
		for i, res := range rows {
			out.Examined++
			q.After = res.ID
			if a.keepResource(f, p, res) {
				owner, _ := a.cfg().OwnerOf(res)
				out.Items = append(out.Items, resourceSummary{ID: res.ID, Type: res.Type, Provider: res.Provider, Account: res.Account, Region: res.Region,
					Namespace: res.Namespace, Name: res.Name, Owner: owner, Labels: res.Labels})
			}
			if len(out.Items) == f.Limit || out.Examined >= maxExamined {
				if !done || i < len(rows)-1 {
					out.NextCursor = encodeCursor(cursor{Q: digest, ID: res.ID})
				}
				server.JSON(w, http.StatusOK, out)
				return
			}
		}
		if done {
			server.JSON(w, http.StatusOK, out)
			return
		}
	}
}

// resourceDetail is a stored resource with its relations named.
type resourceDetail struct {
	Resource *model.Resource `json:"resource"`
	Owner    string          `json:"owner,omitempty"`
	// Related are the resources its relations point at.
	Related []relatedRef `json:"related"`
}

func (a *api) showResource(w http.ResponseWriter, r *http.Request) {
	ctx, p, id := r.Context(), auth.From(r.Context()), r.PathValue("id")
	const hint = "search resources with GET /api/v1/resources and use an id it returns, URL-encoded"
	if len(id) > maxCursorLen {
		notFound(w, "resource", id, hint)
		return
	}
	res, err := a.Store.Resource(ctx, id)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	if res == nil || !a.seesResource(p, res) {
		notFound(w, "resource", id, hint)
		return
	}
	owner, _ := a.cfg().OwnerOf(res)
	d := resourceDetail{Resource: res, Owner: owner, Related: []relatedRef{}}
	for _, rel := range res.Relations {
		d.Related = append(d.Related, a.related(ctx, p, rel.Type, rel.Target))
	}
	server.JSON(w, http.StatusOK, d)
}
