package sqlstore_test

import (
	"context"
	"testing"
	"time"

	"github.com/vigil-cspm/vigil/internal/model"
	"github.com/vigil-cspm/vigil/internal/store"
)

// TestMarks: marks are appended and listed oldest first, per finding
// and all together; the newest mark at a time decides; a finding marked
// false positive is read so, and stays so when a later scan sees it
// again.
func TestMarks(t *testing.T) {
	each(t, func(t *testing.T, open func(t *testing.T) store.Store) {
		ctx := context.Background()
		s := open(t)
		a, b := res("a", "x"), res("b", "x")
		t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
		fa, fb := finding("r1", a), finding("r1", b)
		if _, err := recordScan(ctx, s, record{Finish: store.Finish{Evaluated: all}, Scan: scan("s1", t0, full), Resources: []*model.Resource{a, b}, Findings: []model.Finding{fa, fb}}); err != nil {
			t.Fatal(err)
		}
		marks := []store.Mark{
			{Fingerprint: fa.Fingerprint, Kind: store.MarkFalsePositive, By: "alice", Reason: "test fixture", At: t0.Add(time.Hour)},
			{Fingerprint: fb.Fingerprint, Kind: store.MarkFalsePositive, By: "bob", Reason: "wrong", At: t0.Add(2 * time.Hour)},
			{Fingerprint: fb.Fingerprint, Kind: store.MarkCleared, By: "carol", Reason: "it is real", At: t0.Add(3 * time.Hour)},
		}
		for _, m := range marks {
			if err := s.Mark(ctx, m); err != nil {
				t.Fatal(err)
			}
		}
		got, err := s.Marks(ctx, fb.Fingerprint)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 2 || got[0].By != "bob" || got[1].Kind != store.MarkCleared || !got[1].At.Equal(marks[2].At) || got[1].Reason != "it is real" {
			t.Fatalf("marks of b = %+v", got)
		}
		every, err := s.Marks(ctx, "")
		if err != nil || len(every) != 3 || every[0].By != "alice" {
			t.Fatalf("all marks = %+v, %v", every, err)
		}

		// A later scan sees both again: the marks are kept.
		if _, err := recordScan(ctx, s, record{Finish: store.Finish{Evaluated: all}, Scan: scan("s2", t0.Add(4*time.Hour), full), Resources: []*model.Resource{a, b}, Findings: []model.Finding{fa, fb}}); err != nil {
			t.Fatal(err)
		}
		fs, err := s.Findings(ctx, store.Query{})
		if err != nil {
			t.Fatal(err)
		}
		judge := func(at time.Time) map[string]string {
			out := map[string]string{}
			read := append([]model.Finding(nil), fs...)
			store.ApplyMarks(read, store.MarksInForce(every, at))
			for _, f := range read {
				out[f.Resource.Name] = f.Status
				if f.Status == model.StatusFalsePositive && (f.FalsePositive == nil || f.FalsePositive.Reason == "") {
					t.Errorf("%s is a false positive without its mark", f.Resource.Name)
				}
			}
			return out
		}
		if st := judge(t0.Add(150 * time.Minute)); st["a"] != model.StatusFalsePositive || st["b"] != model.StatusFalsePositive {
			t.Errorf("between b's mark and its clearing: %v, want both false_positive", st)
		}
		if st := judge(t0.Add(5 * time.Hour)); st["a"] != model.StatusFalsePositive || st["b"] != model.StatusOpen {
			t.Errorf("after b's clearing: %v, want a false_positive, b open", st)
		}
		if st := judge(t0); st["a"] != model.StatusOpen || st["b"] != model.StatusOpen {
			t.Errorf("before any mark: %v, want both open", st)
		}
	})
}

// TestChangedAndFirstSeen: a finding keeps the change time its resource
// had when it opened; the inventory keeps when it first saw a resource;
// History("") lists every finding's events.
func TestChangedAndFirstSeen(t *testing.T) {
	each(t, func(t *testing.T, open func(t *testing.T) store.Store) {
		ctx := context.Background()
		s := open(t)
		t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
		created := t0.Add(-90 * time.Minute)
		a, b := res("a", "x"), res("b", "x")
		a.Changed = &created
		if _, err := recordScan(ctx, s, record{Finish: store.Finish{Evaluated: all}, Scan: scan("s1", t0, full), Resources: []*model.Resource{a, b}, Findings: []model.Finding{finding("r1", a), finding("r1", b)}}); err != nil {
			t.Fatal(err)
		}
		later := t0.Add(30 * time.Minute)
		a2 := res("a", "x")
		a2.Changed = &later
		t1 := t0.Add(time.Hour)
		if _, err := recordScan(ctx, s, record{Finish: store.Finish{Evaluated: all}, Scan: scan("s2", t1, full), Resources: []*model.Resource{a2, b}, Findings: []model.Finding{finding("r1", a2)}}); err != nil {
			t.Fatal(err)
		}
		fs, err := s.Findings(ctx, store.Query{})
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range fs {
			switch f.Resource.Name {
			case "a":
				if f.Resource.Changed == nil || !f.Resource.Changed.Equal(created) {
					t.Errorf("a's finding changed_at = %v, want %v (when it opened)", f.Resource.Changed, created)
				}
			case "b":
				if f.Resource.Changed != nil {
					t.Errorf("b's finding changed_at = %v, want none", f.Resource.Changed)
				}
			}
		}
		inv, err := s.Resources(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(inv) != 2 {
			t.Fatalf("inventory = %+v", inv)
		}
		for _, r := range inv {
			if !r.FirstSeen.Equal(t0) || !r.LastSeen.Equal(t1) || r.Type != "k8s.apps.deployment" || r.Partition != "x" || r.Source != "k8s" {
				t.Errorf("resource %s = %+v, want first seen %v, last %v", r.Name, r, t0, t1)
			}
		}
		h, err := s.History(ctx, "")
		if err != nil {
			t.Fatal(err)
		}
		var kinds []string
		for _, e := range h {
			kinds = append(kinds, e.Event)
		}
		if len(kinds) != 3 || kinds[2] != store.EventResolved {
			t.Errorf("every event = %v, want opened, opened, resolved", kinds)
		}
	})
}
