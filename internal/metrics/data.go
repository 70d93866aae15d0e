package metrics

import (
	"context"
	"math"
	"sort"
	"time"

	"github.com/vigil-cspm/vigil/internal/model"
	"github.com/vigil-cspm/vigil/internal/store"
)

// data is what the metrics read, loaded once.
type data struct {
	expected  Expected
	rules     []*model.RuleMeta
	scans     []model.Scan
	findings  []model.Finding
	resources []store.ResourceRecord
	// events are every finding's lifecycle events, by fingerprint,
	// oldest first.
	events map[string][]store.Event
	marks  []store.Mark
	// reports are the report runs the store recorded (evidence bundles).
	reports []store.ReportRun
	// deliveries are the notifications logged, oldest first.
	deliveries []store.Delivery
}

func load(ctx context.Context, req Request) (*data, error) {
	st := req.Store
	d := &data{expected: req.Expected, rules: req.Rules, events: map[string][]store.Event{}}
	var err error
	if d.scans, err = st.Scans(ctx, math.MaxInt32); err != nil {
		return nil, err
	}
	if d.findings, err = st.Findings(ctx, store.Query{}); err != nil {
		return nil, err
	}
	if d.resources, err = st.Resources(ctx); err != nil {
		return nil, err
	}
	events, err := st.History(ctx, "")
	if err != nil {
		return nil, err
	}
	for _, e := range events {
		d.events[e.Fingerprint] = append(d.events[e.Fingerprint], e)
	}
	if d.marks, err = st.Marks(ctx, ""); err != nil {
		return nil, err
	}
	if d.reports, err = st.ReportRuns(ctx, time.Time{}); err != nil {
		return nil, err
	}
	if d.deliveries, err = st.Deliveries(ctx, store.DeliveryQuery{}); err != nil {
		return nil, err
	}
	sort.Slice(d.deliveries, func(i, j int) bool { return d.deliveries[i].CreatedAt.Before(d.deliveries[j].CreatedAt) })
	return d, nil
}

// openAt reports whether a finding was open (opened or reopened, not
// resolved since) at t, from its events.
func (d *data) openAt(fp string, t time.Time) bool {
	open := false
	for _, e := range d.events[fp] {
		if !e.At.Before(t) {
			break
		}
		open = e.Event != store.EventResolved
	}
	return open
}

// present reports whether the inventory held r during s: first seen
// before s ends (or before the store recorded first sightings), last
// seen after it began. A resource the store has since forgotten is not
// in the inventory at all.
func present(r store.ResourceRecord, s Span) bool {
	return r.FirstSeen.Before(s.To) && !r.LastSeen.Before(s.From)
}

// percentile is the nearest-rank p-th percentile of sorted values:
// the smallest value at least p percent of them are at or below.
func percentile(sorted []float64, p float64) float64 {
	i := int(math.Ceil(p/100*float64(len(sorted)))) - 1
	return sorted[max(i, 0)]
}

// Durations summarizes durations in seconds.
type Durations struct {
	Count  int      `json:"count"`
	Mean   *float64 `json:"mean,omitempty"`
	Median *float64 `json:"median,omitempty"`
	P90    *float64 `json:"p90,omitempty"`
	P95    *float64 `json:"p95,omitempty"`
}

func summarize(ds []time.Duration) Durations {
	out := Durations{Count: len(ds)}
	if len(ds) == 0 {
		return out
	}
	secs := make([]float64, len(ds))
	var sum float64
	for i, d := range ds {
		secs[i] = d.Seconds()
		sum += secs[i]
	}
	sort.Float64s(secs)
	out.Mean = num(sum / float64(len(secs)))
	out.Median = num(percentile(secs, 50))
	out.P90 = num(percentile(secs, 90))
	out.P95 = num(percentile(secs, 95))
	return out
}
