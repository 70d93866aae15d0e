package serve

import (
	"context"
	"maps"
	"slices"

	"github.com/vigil-cspm/vigil/internal/jobs"
	"github.com/vigil-cspm/vigil/internal/model"
)

// recentScans is how many scans of the store Health reads, and how many
// of each connector it reports.
const (
	recentScans  = 500
	perConnector = 10
)

// Health is every connector's health: the jobs engine's record of its
// runs, with what its recent scans read. Each scope gets the coverage of
// its last finished scan and that scan's cloud API calls, throttles and
// errors per service; the connector sums those of its current scopes
// and lists its latest scans (the duration trend).
func (s *Service) Health(ctx context.Context) ([]jobs.ConnectorHealth, error) {
	hs, err := s.engine.Health(ctx)
	if err != nil {
		return nil, err
	}
	scans, err := s.store.Scans(ctx, recentScans)
	if err != nil {
		return nil, err
	}
	_, conns := s.current()
	for i := range hs {
		c, ok := conns[hs[i].Connector]
		if !ok {
			continue
		}
		h := &hs[i]
		scopeOf := map[string]int{} // account → index in h.Scopes
		for j, sc := range h.Scopes {
			scopeOf[c.accountOf(sc.Scope)] = j
		}
		var records []model.Coverage
		seen := map[int]bool{} // scopes whose last finished scan was read
		services := map[string]*model.ServiceHealth{}
		for _, sc := range scans {
			j, mine := scopeOf[sc.Account]
			if sc.Source != c.Kind || !mine || sc.FinishedAt.IsZero() {
				continue
			}
			if scope := &h.Scopes[j]; !seen[j] {
				seen[j] = true
				scope.CoveragePercent, scope.Services = coverage(sc.Coverage), sc.Health
				if !scope.Retired {
					records = append(records, sc.Coverage...)
					for _, sv := range sc.Health {
						sum := services[sv.Service]
						if sum == nil {
							sum = &model.ServiceHealth{Service: sv.Service}
							services[sv.Service] = sum
						}
						sum.Calls, sum.Throttled, sum.Errors = sum.Calls+sv.Calls, sum.Throttled+sv.Throttled, sum.Errors+sv.Errors
					}
				}
			}
			if len(h.Recent) < perConnector {
				h.Recent = append(h.Recent, jobs.RecentScan{ID: sc.ID, StartedAt: sc.StartedAt, Duration: sc.FinishedAt.Sub(sc.StartedAt), Status: sc.Status})
			}
		}
		h.CoveragePercent = coverage(records)
		for _, name := range slices.Sorted(maps.Keys(services)) {
			h.Services = append(h.Services, *services[name])
		}
	}
	return hs, nil
}

// coverage is the share of coverage records read in full (skipped ones,
// such as a suspended account, do not count against it); nil without
// any.
func coverage(cs []model.Coverage) *float64 {
	total, full := 0, 0
	for _, c := range cs {
		if c.Status == model.CoverageSkipped {
			continue
		}
		total++
		if c.Status == model.CoverageComplete {
			full++
		}
	}
	if total == 0 {
		return nil
	}
	v := 100 * float64(full) / float64(total)
	return &v
}
