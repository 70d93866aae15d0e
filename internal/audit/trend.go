package audit

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"time"

	"github.com/vigil-cspm/vigil/internal/exceptions"
	"github.com/vigil-cspm/vigil/internal/model"
	"github.com/vigil-cspm/vigil/internal/store"
)

// trend re-judges the requirements as of each of the last
// opt.TrendPoints finished scans (of any scope), oldest first. At each
// scan's finish time T:
//
//   - a scope's evidence is its latest scan finished by T, fresh when no
//     older than the maximum age at T;
//   - a finding's status at T is its last lifecycle event at or before
//     T (opened and reopened: open; resolved: resolved; none yet: it
//     did not exist);
//   - the exception set at T is rebuilt from the set's history (each
//     exception's last event at or before T) and judged at T.
//
// Resource counts are today's inventory: the store keeps no history of
// it, so a past pass or not applicable uses today's counts.
func trend(ctx context.Context, st Store, opt Options, scopes []*scopeData) ([]TrendPoint, error) {
	var finished []model.Scan
	for _, sd := range scopes {
		for _, sc := range sd.scans {
			if !sc.FinishedAt.After(opt.Now) {
				finished = append(finished, sc)
			}
		}
	}
	sort.Slice(finished, func(i, j int) bool { return finished[i].FinishedAt.Before(finished[j].FinishedAt) })
	if len(finished) > opt.TrendPoints {
		finished = finished[len(finished)-opt.TrendPoints:]
	}
	if len(finished) == 0 {
		return []TrendPoint{}, nil
	}
	// Every finding's events in one read, kept for the findings reported.
	wanted := map[string]bool{}
	for _, sd := range scopes {
		for _, f := range sd.findings {
			wanted[f.Fingerprint] = true
		}
	}
	events, err := st.History(ctx, "")
	if err != nil {
		return nil, err
	}
	history := map[string][]store.Event{}
	for _, e := range events {
		if wanted[e.Fingerprint] {
			history[e.Fingerprint] = append(history[e.Fingerprint], e)
		}
	}
	marks, err := st.Marks(ctx, "")
	if err != nil {
		return nil, err
	}
	exEvents, err := st.ExceptionHistory(ctx, "")
	if err != nil {
		return nil, err
	}
	out := make([]TrendPoint, 0, len(finished))
	for _, sc := range finished {
		at := sc.FinishedAt
		set, err := exceptionsAt(exEvents, at)
		if err != nil {
			return nil, err
		}
		byScope := map[scopeKey][]model.Finding{}
		for _, sd := range scopes {
			var fs []model.Finding
			for _, f := range sd.findings {
				state := stateAt(history[f.Fingerprint], at)
				if state == "" {
					continue
				}
				f.Status, f.Exception, f.ResolvedAt = state, nil, nil
				fs = append(fs, f)
			}
			exceptions.Apply(fs, set, at)
			store.ApplyMarks(fs, store.MarksInForce(marks, at))
			byScope[sd.key] = fs
		}
		j := judgeAt(opt, scopes, at, byScope)
		out = append(out, TrendPoint{At: at.UTC(), ScanID: sc.ID, Score: scoreOf(j.requirements)})
	}
	return out, nil
}

// stateAt is a finding's status at t from its events (oldest first):
// "" when it was not yet seen.
func stateAt(events []store.Event, t time.Time) string {
	state := ""
	for _, e := range events {
		if e.At.After(t) {
			break
		}
		switch e.Event {
		case store.EventOpened, store.EventReopened:
			state = model.StatusOpen
		case store.EventResolved:
			state = model.StatusResolved
		}
	}
	return state
}

// exceptionsAt rebuilds the exception set as it stood at t from the
// set's events (oldest first).
func exceptionsAt(events []store.ExceptionEvent, t time.Time) ([]exceptions.Exception, error) {
	docs := map[string]string{}
	for _, e := range events {
		if e.At.After(t) {
			break
		}
		if e.Event == store.ExceptionRemoved || e.After == "" {
			delete(docs, e.ID)
			continue
		}
		docs[e.ID] = e.After
	}
	out := make([]exceptions.Exception, 0, len(docs))
	for id, doc := range docs {
		var e exceptions.Exception
		if err := json.Unmarshal([]byte(doc), &e); err != nil {
			return nil, fmt.Errorf("read the history of exception %s: %w", id, err)
		}
		out = append(out, e)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, nil
}
