package exceptions

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"time"

	"github.com/vigil-cspm/vigil/internal/model"
	"github.com/vigil-cspm/vigil/internal/store"
)

// Store is the part of store.Store exceptions are kept in.
type Store interface {
	Exceptions(ctx context.Context) (store.ExceptionSet, error)
	ReplaceExceptions(ctx context.Context, version int64, set []store.ExceptionRecord, events []store.ExceptionEvent) error
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
	set, _, err := LoadVersion(ctx, st)
	return set, err
}

// LoadVersion returns the stored exception set, by id, and its version.
func LoadVersion(ctx context.Context, st Store) ([]Exception, int64, error) {
	stored, err := st.Exceptions(ctx)
	if err != nil {
		return nil, 0, err
	}
	out := make([]Exception, 0, len(stored.Records))
	for _, r := range stored.Records {
		var e Exception
		if err := json.Unmarshal([]byte(r.Doc), &e); err != nil {
			return nil, 0, fmt.Errorf("read stored exception %s: %w (sync the exceptions file again)", r.ID, err)
		}
		e.Origin = r.Origin
		out = append(out, e)
	}
	sortByID(out)
	return out, stored.Version, nil
}

// SyncOptions say how a file's set meets the stored one.
type SyncOptions struct {
	// Prune makes the file the whole set: exceptions approved through
	// the API that the file does not hold are removed. Without it they
	// are kept, and a sync manages only the file's exceptions.
	Prune bool
}

// SyncResult is what a sync did.
type SyncResult struct {
	// Changes are the differences recorded, by id.
	Changes []Change
	// Kept are the ids of exceptions approved through the API that the
	// file does not hold and the sync kept.
	Kept []string
	// Version is the set's version after the sync.
	Version int64
}

// syncAttempts bounds how often a sync is prepared again when the set
// changed under it (an approval through the API at the same moment).
const syncAttempts = 5

// Sync makes set the store's file-managed exceptions, keeping those
// approved through the API unless opts.Prune, and records each
// difference as an event at now. An exception of the file whose id one
// approved through the API has takes it over (its origin becomes the
// file). The write is checked against the version read: when the set
// changed meanwhile, the sync is prepared again from what is stored now,
// so a concurrent approval is kept or recorded as removed, never lost
// unrecorded.
func Sync(ctx context.Context, st Store, set []Exception, now time.Time, opts SyncOptions) (SyncResult, error) {
	open, err := st.Findings(ctx, store.Query{Status: model.StatusOpen})
	if err != nil {
		return SyncResult{}, err
	}
	for attempt := 1; ; attempt++ {
		res, err := syncOnce(ctx, st, set, now, opts, open)
		if errors.Is(err, store.ErrConflict) && attempt < syncAttempts {
			continue
		}
		return res, err
	}
}

func syncOnce(ctx context.Context, st Store, file []Exception, now time.Time, opts SyncOptions, open []model.Finding) (SyncResult, error) {
	old, version, err := LoadVersion(ctx, st)
	if err != nil {
		return SyncResult{}, err
	}
	var res SyncResult
	next := make([]Exception, 0, len(file))
	named := map[string]bool{}
	for _, e := range file {
		e.Origin = store.ExceptionFromFile
		next = append(next, e)
		named[e.ID] = true
	}
	if !opts.Prune {
		for _, e := range old {
			if e.Origin == store.ExceptionFromAPI && !named[e.ID] {
				next = append(next, e)
				res.Kept = append(res.Kept, e.ID)
			}
		}
	}
	sortByID(next)
	res.Changes = Diff(old, next, open)
	recs := make([]store.ExceptionRecord, 0, len(next))
	for i := range next {
		e := &next[i]
		recs = append(recs, store.ExceptionRecord{ID: e.ID, Rule: e.Rule, Owner: e.Owner, Expires: e.End(), Doc: docOf(e), Origin: e.Origin})
	}
	events := make([]store.ExceptionEvent, 0, len(res.Changes))
	for _, c := range res.Changes {
		events = append(events, store.ExceptionEvent{ID: c.ID, At: now.UTC(), Event: c.Event, Before: docOf(c.Before), After: docOf(c.After)})
	}
	if err := st.ReplaceExceptions(ctx, version, recs, events); err != nil {
		return SyncResult{}, err
	}
	res.Version = version + 1
	return res, nil
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
