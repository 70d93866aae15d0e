package serve

import (
	"cmp"
	"context"
	"slices"

	"github.com/vigil-cspm/vigil/internal/config"
	"github.com/vigil-cspm/vigil/internal/jobs"
	"github.com/vigil-cspm/vigil/internal/server"
	"github.com/vigil-cspm/vigil/internal/server/api"
	"github.com/vigil-cspm/vigil/internal/store"
	"github.com/vigil-cspm/vigil/internal/web"
)

// webRoutes are the dashboards over the service's store, library,
// delivery log and connector health.
func (s *Service) webRoutes(o Options) []server.Route {
	return web.Routes(web.Deps{
		Data: &web.StoreData{Store: o.Store, Library: o.Library, Now: o.Now,
			Current: func() *config.Config { c, _ := s.current(); return c }},
		Deliveries: deliveryLog{o.Store},
		Health:     s,
		Log:        o.Log,
		Now:        o.Now,
	})
}

// apiRoutes are the JSON API over the service's store, with the routes
// only the running service answers (pushes, checks, reloads).
func (s *Service) apiRoutes(o Options) []server.Route {
	st, _ := o.Store.(api.Store)
	return api.Routes(api.Deps{Store: st, Config: o.Config, Current: func() *config.Config { c, _ := s.current(); return c }, Library: o.Library, Jobs: serviceJobs{s}, Now: o.Now, Log: o.Log,
		Service: api.ServiceHandlers{PushIaC: s.push, IaCCheck: s.check, Reload: s.reloadHandler()}})
}

// serviceJobs is the jobs engine as the API sees it, with the health
// the service adds (coverage, API calls, durations).
type serviceJobs struct{ s *Service }

func (j serviceJobs) Enqueue(ctx context.Context, ref jobs.ScopeRef) (jobs.Enqueued, error) {
	return j.s.engine.Enqueue(ctx, ref)
}

func (j serviceJobs) EnqueueConnector(ctx context.Context, name string) ([]jobs.Enqueued, error) {
	return j.s.engine.EnqueueConnector(ctx, name)
}

func (j serviceJobs) Health(ctx context.Context) ([]jobs.ConnectorHealth, error) {
	return j.s.Health(ctx)
}

// deliveryLog shows the notifier's delivery log on the dashboards: the
// latest pages first, since that is what on-call answers, then the
// latest other deliveries (tickets, digests) to fill the limit — a busy
// ticket channel never hides a page — newest first.
type deliveryLog struct{ st store.Store }

func (d deliveryLog) Deliveries(ctx context.Context, limit int) ([]web.Delivery, error) {
	pages, err := d.st.Deliveries(ctx, store.DeliveryQuery{Action: string(config.ActionPage), Limit: limit})
	if err != nil {
		return nil, err
	}
	rest, err := d.st.Deliveries(ctx, store.DeliveryQuery{Limit: limit + len(pages)})
	if err != nil {
		return nil, err
	}
	ds := pages
	for _, x := range rest {
		if len(ds) >= limit {
			break
		}
		if x.Action != string(config.ActionPage) {
			ds = append(ds, x)
		}
	}
	slices.SortStableFunc(ds, func(a, b store.Delivery) int {
		if c := b.UpdatedAt.Compare(a.UpdatedAt); c != 0 {
			return c
		}
		return cmp.Compare(b.ID, a.ID)
	})
	out := make([]web.Delivery, 0, len(ds))
	for _, x := range ds {
		out = append(out, web.Delivery{At: x.UpdatedAt, Kind: x.Action, Channel: x.Channel + " (" + x.Kind + ")",
			Finding: x.Fingerprint, Rule: x.Summary, Status: x.Status, Detail: x.LastError})
	}
	return out, nil
}
