package exceptions

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"time"

	"github.com/vigil-cspm/vigil/internal/model"
	"github.com/vigil-cspm/vigil/internal/store"
)

// Store is the part of store.Store exceptions are kept in.
type Store interface {
	Exceptions(ctx context.Context) ([]store.ExceptionRecord, error)
	ReplaceExceptions(ctx context.Context, set []store.ExceptionRecord, events []store.ExceptionEvent) error
	Findings(ctx context.Context, q store.Query) ([]model.Finding, error)
}

var _ Store = store.Store(nil)

// Change is one difference between the stored set and a file's.
type Change struct {
	Event  string     `json:"event"` // store.ExceptionAdded …
	ID     string     `json:"id"`
	Before *Exception `json:"before,omitempty"`
	After  *Exception `json:"after,omitempty"`
	// Gained and Lost count the stored open findings the new version
	// matches and the old did not, and the reverse.
	Gained int `json:"gained"`
	Lost   int `json:"lost"`
}

// Load returns the stored exception set, by id.
func Load(ctx context.Context, st Store) ([]Exception, error) {
	recs, err := st.Exceptions(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]Exception, 0, len(recs))
	for _, r := range recs {
		var e Exception
		if err := json.Unmarshal([]byte(r.Doc), &e); err != nil {
			return nil, fmt.Errorf("read stored exception %s: %w (sync the exceptions file again)", r.ID, err)
		}
		out = append(out, e)
	}
	sortByID(out)
	return out, nil
}

// Sync makes set the store's exception set and records each difference
// as an event at now. It returns the differences, by id.
func Sync(ctx context.Context, st Store, set []Exception, now time.Time) ([]Change, error) {
	old, err := Load(ctx, st)
	if err != nil {
		return nil, err
	}
	open, err := st.Findings(ctx, store.Query{Status: model.StatusOpen})
	if err != nil {
		return nil, err
	}
	changes := Diff(old, set, open)
	recs := make([]store.ExceptionRecord, 0, len(set))
	for i := range set {
		e := &set[i]
		recs = append(recs, store.ExceptionRecord{ID: e.ID, Rule: e.Rule, Owner: e.Owner, Expires: e.End(), Doc: docOf(e)})
	}
	events := make([]store.ExceptionEvent, 0, len(changes))
	for _, c := range changes {
		events = append(events, store.ExceptionEvent{ID: c.ID, At: now.UTC(), Event: c.Event, Before: docOf(c.Before), After: docOf(c.After)})
	}
	if err := st.ReplaceExceptions(ctx, recs, events); err != nil {
		return nil, err
	}
	return changes, nil
}

// docOf is an exception's JSON form, "" for none.
func docOf(e *Exception) string {
	if e == nil {
		return ""
	}
	return jsonOf(e)
}

func jsonOf(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return ""
	}
	return string(b)
}

// Diff compares two sets by id and classifies each difference against
// the open findings (see the package comment for widened and narrowed).
// Where an exception was written (File, Line) is not a difference.
func Diff(old, next []Exception, open []model.Finding) []Change {
	before := map[string]*Exception{}
	for i := range old {
		before[old[i].ID] = &old[i]
	}
	after := map[string]*Exception{}
	for i := range next {
		after[next[i].ID] = &next[i]
	}
	var out []Change
	for i := range old {
		if o := &old[i]; after[o.ID] == nil {
			out = append(out, Change{Event: store.ExceptionRemoved, ID: o.ID, Before: o, Lost: Matching(o, open)})
		}
	}
	for i := range next {
		n := &next[i]
		o := before[n.ID]
		if o == nil {
			out = append(out, Change{Event: store.ExceptionAdded, ID: n.ID, After: n, Gained: Matching(n, open)})
			continue
		}
		if same(o, n) {
			continue
		}
		c := Change{Event: store.ExceptionChanged, ID: n.ID, Before: o, After: n}
		if o.Rule != n.Rule || jsonOf(o.Resource) != jsonOf(n.Resource) {
			for j := range open {
				f := &open[j]
				was, is := o.Matches(f), n.Matches(f)
				if is && !was {
					c.Gained++
				}
				if was && !is {
					c.Lost++
				}
			}
			wider, narrower := coversAll(n, o), coversAll(o, n)
			switch {
			case c.Gained > 0 && c.Lost == 0, c.Gained == 0 && c.Lost == 0 && wider && !narrower:
				c.Event = store.ExceptionWidened
			case c.Lost > 0 && c.Gained == 0, c.Gained == 0 && c.Lost == 0 && narrower && !wider:
				c.Event = store.ExceptionNarrowed
			}
		}
		out = append(out, c)
	}
	sortChanges(out)
	return out
}

func sortChanges(cs []Change) {
	sort.SliceStable(cs, func(i, j int) bool { return cs[i].ID < cs[j].ID })
}

// same reports whether two versions of an exception differ in nothing
// but where they were written.
func same(a, b *Exception) bool {
	x, y := *a, *b
	x.File, x.Line, y.File, y.Line = "", 0, "", 0
	return docOf(&x) == docOf(&y)
}

// Matching counts the findings e matches, expired or not.
func Matching(e *Exception, fs []model.Finding) int {
	n := 0
	for i := range fs {
		if e.Matches(&fs[i]) {
			n++
		}
	}
	return n
}
