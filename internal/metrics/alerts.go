package metrics

import (
	"time"

	"github.com/vigil-cspm/vigil/internal/model"
	"github.com/vigil-cspm/vigil/internal/store"
)

// AlertDetail is M5's breakdown: the pages sent in the window and what
// became of their findings.
type AlertDetail struct {
	Alerts int `json:"alerts"`
	// Acted counts alerts followed by an action: Fixed (the finding
	// resolved), Excepted, Marked (false positive) or Ticketed.
	Acted    int `json:"acted"`
	Fixed    int `json:"fixed"`
	Excepted int `json:"excepted"`
	Marked   int `json:"marked"`
	Ticketed int `json:"ticketed"`
	// MedianToAction is the median time from alert to action, where it
	// can be timed (excepted findings are not: exceptions carry no time
	// of acceptance in the store).
	MedianToAction *float64 `json:"median_to_action_seconds"`
}

// alertToAction (M5): of the pages sent in the span about a finding
// opening, reopening or worsening, the share followed by an action —
// the finding resolved, excepted, marked false positive, or a ticket
// opened for it — by the end of the span.
func alertToAction(d *data, s Span) (*float64, any) {
	var det AlertDetail
	status := map[string]string{}
	for _, f := range d.findings {
		status[f.Fingerprint] = f.Status
	}
	var waits []time.Duration
	for _, a := range d.deliveries {
		if a.Action != "page" || a.Fingerprint == "" || a.Status != store.DeliverySent || !s.has(a.CreatedAt) ||
			(a.Change != "opened" && a.Change != "reopened" && a.Change != "changed") {
			continue
		}
		det.Alerts++
		at, how := d.actedOn(a.Fingerprint, a.CreatedAt, s.To, status[a.Fingerprint])
		switch how {
		case "":
			continue
		case "fixed":
			det.Fixed++
		case "excepted":
			det.Excepted++
		case "marked":
			det.Marked++
		case "ticketed":
			det.Ticketed++
		}
		det.Acted++
		if !at.IsZero() {
			waits = append(waits, at.Sub(a.CreatedAt))
		}
	}
	if len(waits) > 0 {
		det.MedianToAction = summarize(waits).Median
	}
	return ratio(det.Acted, det.Alerts), det
}

// actedOn is the first action on fp after from and before to, and when
// (zero when it cannot be timed).
func (d *data) actedOn(fp string, from, to time.Time, status string) (time.Time, string) {
	var at time.Time
	how := ""
	first := func(t time.Time, h string) {
		if t.After(from) && t.Before(to) && (how == "" || t.Before(at)) {
			at, how = t, h
		}
	}
	for _, e := range d.events[fp] {
		if e.Event == "resolved" {
			first(e.At, "fixed")
		}
	}
	for _, m := range d.marks {
		if m.Fingerprint == fp && m.Kind == store.MarkFalsePositive {
			first(m.At, "marked")
		}
	}
	for _, t := range d.deliveries {
		if t.Fingerprint == fp && t.Action == "ticket" && t.Status == store.DeliverySent {
			first(t.CreatedAt, "ticketed")
		}
	}
	if how == "" && status == model.StatusExcepted {
		return time.Time{}, "excepted"
	}
	return at, how
}
