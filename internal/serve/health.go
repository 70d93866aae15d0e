package serve

import (
	"context"

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
// runs, with what its recent scans read — coverage of the last finished
// scan, its cloud API calls, throttles and errors per service, and the
// latest scans' durations.
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
		for _, sc := range scans {
			if sc.Source != c.Kind || sc.Account != c.Account || sc.FinishedAt.IsZero() {
				continue
			}
			if len(h.Recent) == 0 {
				h.CoveragePercent, h.Services = coverage(sc.Coverage), sc.Health
			}
			if len(h.Recent) < perConnector {
				h.Recent = append(h.Recent, jobs.RecentScan{ID: sc.ID, StartedAt: sc.StartedAt, Duration: sc.FinishedAt.Sub(sc.StartedAt), Status: sc.Status})
			}
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
