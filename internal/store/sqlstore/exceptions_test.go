package sqlstore_test

import (
	"context"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/vigil-cspm/vigil/internal/exceptions"
	"github.com/vigil-cspm/vigil/internal/model"
	"github.com/vigil-cspm/vigil/internal/store"
)

func except(id, rule string, sel exceptions.Selector, created time.Time, days int) exceptions.Exception {
	return exceptions.Exception{ID: id, Rule: rule, Resource: sel, Reason: "accepted", Owner: "team", ApprovedBy: "lead",
		Created: created, Expires: created.AddDate(0, 0, days), File: "ex.yaml", Line: 3}
}

// readFindings is how front-ends read findings: the stored ones judged
// by the stored exceptions at now.
func readFindings(t *testing.T, s store.Store, now time.Time) map[string]model.Finding {
	t.Helper()
	ctx := context.Background()
	fs, err := s.Findings(ctx, store.Query{})
	if err != nil {
		t.Fatal(err)
	}
	set, err := exceptions.Load(ctx, s)
	if err != nil {
		t.Fatal(err)
	}
	exceptions.Apply(fs, set, now)
	out := map[string]model.Finding{}
	for _, f := range fs {
		out[f.Resource.Name+"/"+f.RuleID] = f
	}
	return out
}

// TestExceptionLifecycle: except → expire, with no scan in between →
// open again, history intact; a scan without exceptions changes nothing
// in the set.
func TestExceptionLifecycle(t *testing.T) {
	each(t, func(t *testing.T, open func(t *testing.T) store.Store) {
		ctx := context.Background()
		s := open(t)
		day0 := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
		a, b := res("a", "legacy"), res("b", "shop")
		if _, err := recordScan(ctx, s, record{Finish: store.Finish{Evaluated: all}, Scan: scan("s1", day0, full), Findings: []model.Finding{finding("r1", a), finding("r1", b)}}); err != nil {
			t.Fatal(err)
		}
		set := []exceptions.Exception{except("legacy", "r1", exceptions.Selector{Namespace: "legacy"}, day0, 10)}
		res, err := exceptions.Sync(ctx, s, set, day0, exceptions.SyncOptions{})
		if err != nil {
			t.Fatal(err)
		}
		changes := res.Changes
		if len(changes) != 1 || changes[0].Event != store.ExceptionAdded || changes[0].Gained != 1 {
			t.Fatalf("changes %+v, want legacy added matching 1", changes)
		}
		got := readFindings(t, s, day0.AddDate(0, 0, 5))
		if f := got["a/r1"]; f.Status != model.StatusExcepted || f.Exception == nil || f.Exception.ID != "legacy" {
			t.Fatalf("a/r1 %s %+v, want excepted by legacy", f.Status, f.Exception)
		}
		if f := got["b/r1"]; f.Status != model.StatusOpen || f.Exception != nil {
			t.Fatalf("b/r1 %s %+v, want open", f.Status, f.Exception)
		}
		// A scan without --exceptions leaves the set as it is.
		if _, err := recordScan(ctx, s, record{Finish: store.Finish{Evaluated: all}, Scan: scan("s2", day0.AddDate(0, 0, 2), full), Findings: []model.Finding{finding("r1", a), finding("r1", b)}}); err != nil {
			t.Fatal(err)
		}
		stored, err := exceptions.Load(ctx, s)
		if err != nil || len(stored) != 1 || stored[0].ID != "legacy" || !stored[0].Expires.Equal(set[0].Expires) {
			t.Fatalf("after a scan: %+v, %v; want the set unchanged", stored, err)
		}
		// The clock passes the expiry; no scan runs.
		later := day0.AddDate(0, 0, 12)
		got = readFindings(t, s, later)
		if f := got["a/r1"]; f.Status != model.StatusOpen || f.Exception == nil || !f.Exception.Expired {
			t.Fatalf("after expiry a/r1 %s %+v, want open naming the expired exception", f.Status, f.Exception)
		}
		hist, err := s.History(ctx, model.Fingerprint("r1", a.ID))
		if err != nil || len(hist) != 1 || hist[0].Event != store.EventOpened {
			t.Fatalf("history %+v, %v; want the one opened event", hist, err)
		}
		events, err := s.ExceptionHistory(ctx, "legacy")
		if err != nil || len(events) != 1 || events[0].Event != store.ExceptionAdded || events[0].Before != "" || events[0].After == "" || !events[0].At.Equal(day0) {
			t.Fatalf("exception history %+v, %v", events, err)
		}
	})
}

// TestExceptionSyncEvents: each difference of a sync is one event with
// the exception before and after; a sync that changes nothing records
// nothing.
func TestExceptionSyncEvents(t *testing.T) {
	each(t, func(t *testing.T, open func(t *testing.T) store.Store) {
		ctx := context.Background()
		s := open(t)
		day0 := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
		a, b := res("a", "legacy"), res("b", "legacy")
		if _, err := recordScan(ctx, s, record{Finish: store.Finish{Evaluated: all}, Scan: scan("s1", day0, full), Findings: []model.Finding{finding("r1", a), finding("r1", b), finding("r2", a)}}); err != nil {
			t.Fatal(err)
		}
		v1 := []exceptions.Exception{
			except("grow", "r1", exceptions.Selector{ID: "*/a"}, day0, 30),
			except("shrink", "r*", exceptions.Selector{Namespace: "legacy"}, day0, 30),
			except("gone", "r2", exceptions.Selector{}, day0, 30),
		}
		v2 := []exceptions.Exception{
			except("grow", "r1", exceptions.Selector{Namespace: "legacy"}, day0, 30),
			except("shrink", "r1", exceptions.Selector{Namespace: "legacy"}, day0, 30),
			except("added", "r2", exceptions.Selector{Namespace: "legacy"}, day0, 30),
		}
		for i, v := range [][]exceptions.Exception{v1, v2, v2} {
			if _, err := exceptions.Sync(ctx, s, v, day0.Add(time.Duration(i)*time.Hour), exceptions.SyncOptions{}); err != nil {
				t.Fatal(err)
			}
		}
		events, err := s.ExceptionHistory(ctx, "")
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, e := range events {
			got = append(got, e.Event+" "+e.ID)
			if e.Event == store.ExceptionWidened {
				var before, after exceptions.Exception
				if json.Unmarshal([]byte(e.Before), &before) != nil || json.Unmarshal([]byte(e.After), &after) != nil || before.Resource.ID != "*/a" || after.Resource.Namespace != "legacy" {
					t.Errorf("widened event before %s after %s", e.Before, e.After)
				}
			}
		}
		want := []string{"added gone", "added grow", "added shrink", "added added", "widened grow", "narrowed shrink", "removed gone"}
		if !sameSet(got, want) || len(got) != len(want) {
			t.Fatalf("events %q, want %q", got, want)
		}
		stored, err := exceptions.Load(ctx, s)
		if err != nil || len(stored) != 3 || stored[0].ID != "added" {
			t.Fatalf("stored %+v, %v", stored, err)
		}
	})
}

func sameSet(a, b []string) bool {
	seen := map[string]int{}
	for _, s := range a {
		seen[s]++
	}
	for _, s := range b {
		seen[s]--
	}
	for _, n := range seen {
		if n != 0 {
			return false
		}
	}
	return true
}

// approve proposes and approves ex through the store's workflow, as the
// service's API does.
func approve(t *testing.T, s store.Store, ex exceptions.Exception, at time.Time) {
	t.Helper()
	ctx := context.Background()
	w := s.(store.ExceptionWorkflow)
	ex.File, ex.Line, ex.Origin = "", 0, store.ExceptionFromAPI
	b, err := json.Marshal(ex)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Propose(ctx, store.Proposal{ID: ex.ID, Doc: string(b), ProposedBy: "op", ProposedAt: at}); err != nil {
		t.Fatal(err)
	}
	rec := store.ExceptionRecord{ID: ex.ID, Rule: ex.Rule, Owner: ex.Owner, Expires: ex.End(), Doc: string(b)}
	if err := w.Approve(ctx, store.Decision{ID: ex.ID, Version: 1, By: "admin", At: at}, rec); err != nil {
		t.Fatal(err)
	}
}

// origins is the stored set as "id origin" lines.
func origins(t *testing.T, s store.Store) []string {
	t.Helper()
	set, err := exceptions.Load(context.Background(), s)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range set {
		out = append(out, e.ID+" "+e.Origin)
	}
	return out
}

// TestExceptionSyncKeepsApprovals: a sync manages the file's exceptions
// and keeps those approved through the API; an id of the file takes an
// approved one over; --prune makes the file the whole set.
func TestExceptionSyncKeepsApprovals(t *testing.T) {
	each(t, func(t *testing.T, open func(t *testing.T) store.Store) {
		ctx := context.Background()
		s := open(t)
		day0 := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
		file := []exceptions.Exception{except("f1", "r1", exceptions.Selector{Namespace: "legacy"}, day0, 30)}
		if _, err := exceptions.Sync(ctx, s, file, day0, exceptions.SyncOptions{}); err != nil {
			t.Fatal(err)
		}
		approve(t, s, except("api-1", "r2", exceptions.Selector{Namespace: "shop"}, day0, 30), day0.Add(time.Hour))
		approve(t, s, except("api-2", "r3", exceptions.Selector{}, day0, 30), day0.Add(time.Hour))

		file = append(file, except("f2", "r2", exceptions.Selector{}, day0, 30))
		res, err := exceptions.Sync(ctx, s, file, day0.Add(2*time.Hour), exceptions.SyncOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Changes) != 1 || res.Changes[0].ID != "f2" || res.Changes[0].Event != store.ExceptionAdded || !sameSet(res.Kept, []string{"api-1", "api-2"}) {
			t.Fatalf("sync beside approvals: changes %+v kept %v; want f2 added, api-1 and api-2 kept", res.Changes, res.Kept)
		}
		if got, want := origins(t, s), []string{"api-1 api", "api-2 api", "f1 file", "f2 file"}; !sameSet(got, want) || len(got) != len(want) {
			t.Fatalf("set %q, want %q", got, want)
		}
		// The file names api-1: it takes it over.
		file = append(file, except("api-1", "r2", exceptions.Selector{Namespace: "shop"}, day0, 60))
		res, err = exceptions.Sync(ctx, s, file, day0.Add(3*time.Hour), exceptions.SyncOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Changes) != 1 || res.Changes[0].ID != "api-1" || res.Changes[0].Event != store.ExceptionChanged || !sameSet(res.Kept, []string{"api-2"}) {
			t.Fatalf("take-over: changes %+v kept %v; want api-1 changed, api-2 kept", res.Changes, res.Kept)
		}
		if got := origins(t, s); !sameSet(got, []string{"api-1 file", "api-2 api", "f1 file", "f2 file"}) {
			t.Fatalf("after take-over %q", got)
		}
		// --prune: the file is the whole set.
		res, err = exceptions.Sync(ctx, s, file[:1], day0.Add(4*time.Hour), exceptions.SyncOptions{Prune: true})
		if err != nil {
			t.Fatal(err)
		}
		var removed []string
		for _, c := range res.Changes {
			if c.Event == store.ExceptionRemoved {
				removed = append(removed, c.ID)
			}
		}
		if !sameSet(removed, []string{"api-1", "api-2", "f2"}) || len(res.Changes) != 3 || len(res.Kept) != 0 {
			t.Fatalf("prune: changes %+v kept %v", res.Changes, res.Kept)
		}
		if got := origins(t, s); !sameSet(got, []string{"f1 file"}) || len(got) != 1 {
			t.Fatalf("after prune %q", got)
		}
	})
}

// approvingStore approves an exception through the real workflow the
// first time a sync is about to write: the approval lands between the
// sync's read and its write, as one through the API can.
type approvingStore struct {
	store.Store
	t     *testing.T
	ex    exceptions.Exception
	at    time.Time
	fired bool
}

func (s *approvingStore) ReplaceExceptions(ctx context.Context, version int64, set []store.ExceptionRecord, events []store.ExceptionEvent) error {
	if !s.fired {
		s.fired = true
		approve(s.t, s.Store, s.ex, s.at)
	}
	return s.Store.ReplaceExceptions(ctx, version, set, events)
}

// TestExceptionSyncRacesApproval: an approval that lands while a sync
// runs is kept and its history intact; a write at a stale version is
// refused and changes nothing.
func TestExceptionSyncRacesApproval(t *testing.T) {
	each(t, func(t *testing.T, open func(t *testing.T) store.Store) {
		ctx := context.Background()
		s := open(t)
		day0 := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
		file := []exceptions.Exception{except("f1", "r1", exceptions.Selector{}, day0, 30)}
		racing := &approvingStore{Store: s, t: t, ex: except("api-1", "r2", exceptions.Selector{}, day0, 30), at: day0}
		res, err := exceptions.Sync(ctx, racing, file, day0, exceptions.SyncOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if !racing.fired || !sameSet(res.Kept, []string{"api-1"}) {
			t.Fatalf("kept %v (approval fired: %v), want the approval made during the sync kept", res.Kept, racing.fired)
		}
		if got := origins(t, s); !sameSet(got, []string{"api-1 api", "f1 file"}) || len(got) != 2 {
			t.Fatalf("set %q after the race", got)
		}
		events, err := s.ExceptionHistory(ctx, "")
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, e := range events {
			got = append(got, e.Event+" "+e.ID)
		}
		if want := []string{"added api-1", "added f1"}; !sameSet(got, want) || len(got) != len(want) {
			t.Fatalf("history %q, want %q", got, want)
		}
		// With --prune the same race ends with the approval removed, and
		// the removal recorded.
		racing = &approvingStore{Store: s, t: t, ex: except("api-2", "r3", exceptions.Selector{}, day0, 30), at: day0}
		if _, err := exceptions.Sync(ctx, racing, file, day0.Add(time.Hour), exceptions.SyncOptions{Prune: true}); err != nil {
			t.Fatal(err)
		}
		for _, id := range []string{"api-1", "api-2"} {
			h, err := s.ExceptionHistory(ctx, id)
			if err != nil || len(h) != 2 || h[0].Event != store.ExceptionAdded || h[1].Event != store.ExceptionRemoved {
				t.Fatalf("history of %s: %+v, %v; want added then removed", id, h, err)
			}
		}
		// A write at a version read before a change is refused.
		set, err := s.Exceptions(ctx)
		if err != nil {
			t.Fatal(err)
		}
		err = s.ReplaceExceptions(ctx, set.Version-1, nil, nil)
		if !errors.Is(err, store.ErrConflict) {
			t.Fatalf("write at a stale version: %v, want a conflict", err)
		}
		if got := origins(t, s); !sameSet(got, []string{"f1 file"}) {
			t.Fatalf("a refused write changed the set: %q", got)
		}
	})
}
