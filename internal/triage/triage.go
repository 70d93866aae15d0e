package triage

import (
	"time"

	"github.com/vigil-cspm/vigil/internal/config"
	"github.com/vigil-cspm/vigil/internal/model"
)

// Apply fills each finding's owner, due date and overdue state from cfg
// at now, keeping any links Link made. Run it after exceptions.Apply:
// an excepted finding is never overdue.
func Apply(fs []model.Finding, cfg *config.Config, now time.Time) {
	for i := range fs {
		f := &fs[i]
		t := f.Triage
		if t == nil {
			t = &model.Triage{}
		}
		t.Owner, t.OwnerFrom, t.Due, t.Overdue = "", "", nil, false
		if f.Resource != nil {
			t.Owner, t.OwnerFrom = cfg.OwnerOf(f.Resource)
		}
		if d, ok := cfg.DueFor(f.Severity); ok && !f.FirstSeen.IsZero() {
			due := f.FirstSeen.Add(d).UTC()
			t.Due = &due
			t.Overdue = f.Status == model.StatusOpen && now.After(due)
		}
		f.Triage = t
	}
}
