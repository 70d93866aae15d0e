package sqlstore_test

import (
	"context"
	"encoding/json"
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
		changes, err := exceptions.Sync(ctx, s, set, day0)
		if err != nil {
			t.Fatal(err)
		}
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
			if _, err := exceptions.Sync(ctx, s, v, day0.Add(time.Duration(i)*time.Hour)); err != nil {
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
