package metrics

import (
	"context"
	"fmt"
	"math"
	"time"

	"github.com/vigil-cspm/vigil/internal/model"
	"github.com/vigil-cspm/vigil/internal/store"
)

// SchemaVersion is the version of the JSON document Report encodes to.
const SchemaVersion = 1

// Expected is what the scans should cover (vigil.yaml's inventory).
type Expected struct {
	Accounts, Organizations, Clusters []string
}

// Request says what to measure.
type Request struct {
	Store store.Store
	// Rules are the rule library's rules: M2 judges the critical and
	// high ones against the resources of their types.
	Rules    []*model.RuleMeta
	Expected Expected
	// Now ends the window; Window is its length (more than zero).
	Now    time.Time
	Window time.Duration
}

// Span is a half-open interval of time [From, To).
type Span struct {
	From time.Time `json:"from"`
	To   time.Time `json:"to"`
}

func (s Span) has(t time.Time) bool { return !t.Before(s.From) && t.Before(s.To) }

// Report is every metric for one window.
type Report struct {
	SchemaVersion int       `json:"schema_version"`
	GeneratedAt   time.Time `json:"generated_at"`
	Window        Span      `json:"window"`
	Previous      Span      `json:"previous"`
	Metrics       []Metric  `json:"metrics"`
}

// Metric is one indicator: its value in the window and the previous
// one, the change, and a value per week of the window. Values are nil
// when there was nothing to measure.
type Metric struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	// Unit is percent or seconds.
	Unit string `json:"unit,omitempty"`
	// NotMeasured says why a metric has no value at all yet.
	NotMeasured string   `json:"not_measured,omitempty"`
	Value       *float64 `json:"value"`
	Previous    *float64 `json:"previous"`
	Delta       *float64 `json:"delta"`
	Series      []Point  `json:"series,omitempty"`
	// Detail is the metric's breakdown in the window.
	Detail any `json:"detail,omitempty"`
}

// Point is a metric's value over one week (the last may be shorter).
type Point struct {
	Span
	Value *float64 `json:"value"`
}

// Units.
const (
	Percent = "percent"
	Seconds = "seconds"
)

// measure computes a metric's value in a span, with its breakdown.
type measure func(d *data, s Span) (*float64, any)

type definition struct {
	id, name, unit, notMeasured string
	measure                     measure
}

// definitions lists the metrics in the order they are reported.
func definitions() []definition {
	return []definition{
		{id: "M1", name: "inventory coverage", unit: Percent, measure: coverage},
		{id: "M2", name: "critical-policy compliance", unit: Percent, measure: compliance},
		{id: "M3", name: "mean time to detect", unit: Seconds, measure: detection},
		{id: "M4", name: "time to remediate (median)", unit: Seconds, measure: remediation},
		{id: "M5", name: "alert-to-action rate", unit: Percent, measure: alertToAction},
		{id: "M6", name: "remediation success rate", notMeasured: "not measured yet (remediation)"},
		{id: "M7", name: "policy drift rate", unit: Percent, measure: drift},
		{id: "M8", name: "false-positive rate", unit: Percent, measure: falsePositives},
		{id: "M9", name: "scan latency (median)", unit: Seconds, measure: latency},
		{id: "M10", name: "audit readiness: time to an evidence bundle (median)", unit: Seconds, measure: readiness},
	}
}

// Compute reads the store and measures every metric.
func Compute(ctx context.Context, req Request) (*Report, error) {
	if req.Window <= 0 {
		return nil, fmt.Errorf("metrics window %s: give a length of more than zero", req.Window)
	}
	d, err := load(ctx, req)
	if err != nil {
		return nil, err
	}
	now := req.Now.UTC()
	win := Span{From: now.Add(-req.Window), To: now}
	prev := Span{From: win.From.Add(-req.Window), To: win.From}
	r := &Report{SchemaVersion: SchemaVersion, GeneratedAt: now, Window: win, Previous: prev}
	for _, def := range definitions() {
		m := Metric{ID: def.id, Name: def.name, Unit: def.unit, NotMeasured: def.notMeasured}
		if def.measure != nil {
			m.Value, m.Detail = def.measure(d, win)
			m.Previous, _ = def.measure(d, prev)
			if m.Value != nil && m.Previous != nil {
				m.Delta = num(*m.Value - *m.Previous)
			}
			for _, w := range weeks(win) {
				v, _ := def.measure(d, w)
				m.Series = append(m.Series, Point{Span: w, Value: v})
			}
		}
		r.Metrics = append(r.Metrics, m)
	}
	return r, nil
}

// weeks cuts a span into weeks from its start; the last may be shorter.
func weeks(s Span) []Span {
	var out []Span
	for from := s.From; from.Before(s.To); from = from.Add(7 * 24 * time.Hour) {
		to := from.Add(7 * 24 * time.Hour)
		if to.After(s.To) {
			to = s.To
		}
		out = append(out, Span{From: from, To: to})
	}
	return out
}

// num is v rounded to 4 decimals, as a value.
func num(v float64) *float64 {
	r := math.Round(v*1e4) / 1e4
	return &r
}

// ratio is part/whole in percent; nil when whole is 0.
func ratio(part, whole int) *float64 {
	if whole == 0 {
		return nil
	}
	return num(100 * float64(part) / float64(whole))
}
