package store

import (
	"time"

	"github.com/vigil-cspm/vigil/internal/model"
)

// MarksInForce returns, per fingerprint, the false-positive mark in
// force at t: the newest mark made at or before t, when it is not a
// clearing. marks are oldest first (as Marks returns them).
func MarksInForce(marks []Mark, t time.Time) map[string]*model.Mark {
	last := map[string]Mark{}
	for _, m := range marks {
		if m.At.After(t) {
			continue
		}
		last[m.Fingerprint] = m
	}
	out := make(map[string]*model.Mark, len(last))
	for fp, m := range last {
		if m.Kind == MarkFalsePositive {
			out[fp] = &model.Mark{By: m.By, Reason: m.Reason, At: m.At}
		}
	}
	return out
}

// ApplyMark judges one finding by the marks in force: an open or
// excepted finding a person marked is a false positive (the mark wins
// over an exception: the finding is not a risk at all). A resolved
// finding stays resolved, and keeps its mark for when it reopens.
func ApplyMark(f *model.Finding, inForce map[string]*model.Mark) {
	m := inForce[f.Fingerprint]
	if m == nil || f.Status == model.StatusResolved {
		return
	}
	f.Status = model.StatusFalsePositive
	f.FalsePositive = m
}

// ApplyMarks is ApplyMark on every finding.
func ApplyMarks(fs []model.Finding, inForce map[string]*model.Mark) {
	for i := range fs {
		ApplyMark(&fs[i], inForce)
	}
}
