package sqlstore_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/vigil-cspm/vigil/internal/model"
	"github.com/vigil-cspm/vigil/internal/store"
)

// TestClaimNotify: a state is claimed once per channel and finding; a
// new state is claimed again and reports the one it replaced; of many
// concurrent claims of one state exactly one wins.
func TestClaimNotify(t *testing.T) {
	each(t, func(t *testing.T, open func(t *testing.T) store.Store) {
		ctx := context.Background()
		s := open(t)
		at := time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)
		prev, ok, err := s.ClaimNotify(ctx, "oncall", "fp1", "open|high", at)
		if err != nil || !ok || prev.State != "" {
			t.Fatalf("first claim: %+v %v %v, want claimed from nothing", prev, ok, err)
		}
		if _, ok, err := s.ClaimNotify(ctx, "oncall", "fp1", "open|high", at.Add(time.Hour)); err != nil || ok {
			t.Fatalf("same state again: claimed=%v %v, want not claimed", ok, err)
		}
		if _, ok, err := s.ClaimNotify(ctx, "tickets", "fp1", "open|high", at); err != nil || !ok {
			t.Fatalf("another channel: claimed=%v %v, want claimed", ok, err)
		}
		if err := s.SetTicket(ctx, "oncall", "fp1", "#12"); err != nil {
			t.Fatal(err)
		}
		prev, ok, err = s.ClaimNotify(ctx, "oncall", "fp1", "resolved", at.Add(2*time.Hour))
		if err != nil || !ok || prev.State != "open|high" || prev.Ticket != "#12" || !prev.UpdatedAt.Equal(at) {
			t.Fatalf("resolve: %+v %v %v, want claimed from open|high with ticket #12", prev, ok, err)
		}
		states, err := s.NotifyStates(ctx, "oncall")
		if err != nil || len(states) != 1 || states[0].State != "resolved" || states[0].Ticket != "#12" {
			t.Fatalf("states: %+v %v", states, err)
		}

		var wg sync.WaitGroup
		var mu sync.Mutex
		wins := 0
		for range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, ok, err := s.ClaimNotify(ctx, "oncall", "fp2", "open|critical", at)
				if err != nil {
					t.Error(err)
				}
				if ok {
					mu.Lock()
					wins++
					mu.Unlock()
				}
			}()
		}
		wg.Wait()
		if wins != 1 {
			t.Errorf("%d of 8 concurrent claims won, want exactly 1", wins)
		}
	})
}

// TestDeliveries: the delivery log keeps each delivery's outcome and
// lists the most recently updated first, filtered.
func TestDeliveries(t *testing.T) {
	each(t, func(t *testing.T, open func(t *testing.T) store.Store) {
		ctx := context.Background()
		s := open(t)
		at := time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)
		d := store.Delivery{Channel: "oncall", Kind: "pagerduty", Fingerprint: "fp1", Action: "page", Change: "opened", Owner: "payments", Summary: "bucket public", Status: store.DeliveryPending, CreatedAt: at, UpdatedAt: at}
		id1, err := s.RecordDelivery(ctx, d)
		if err != nil {
			t.Fatal(err)
		}
		d.Fingerprint, d.Channel, d.Action = "fp2", "digest", "digest"
		id2, err := s.RecordDelivery(ctx, d)
		if err != nil || id2 == id1 {
			t.Fatalf("second id %d (first %d): %v", id2, id1, err)
		}
		if err := s.UpdateDelivery(ctx, store.Delivery{ID: id1, Channel: "oncall", Status: store.DeliveryFailed, Attempts: 3, LastError: "503 Service Unavailable", UpdatedAt: at.Add(time.Minute)}); err != nil {
			t.Fatal(err)
		}
		got, err := s.Deliveries(ctx, store.DeliveryQuery{})
		if err != nil || len(got) != 2 {
			t.Fatalf("deliveries: %+v %v", got, err)
		}
		if g := got[0]; g.ID != id1 || g.Status != store.DeliveryFailed || g.Attempts != 3 || g.LastError != "503 Service Unavailable" || g.Owner != "payments" || g.Kind != "pagerduty" || !g.CreatedAt.Equal(at) || !g.UpdatedAt.Equal(at.Add(time.Minute)) {
			t.Errorf("newest delivery %+v, want the failed page", g)
		}
		pending, err := s.Deliveries(ctx, store.DeliveryQuery{Channel: "digest", Status: store.DeliveryPending, Action: "digest"})
		if err != nil || len(pending) != 1 || pending[0].ID != id2 {
			t.Errorf("pending digests: %+v %v", pending, err)
		}
		one, err := s.Deliveries(ctx, store.DeliveryQuery{Limit: 1})
		if err != nil || len(one) != 1 {
			t.Errorf("limit 1: %+v %v", one, err)
		}
	})
}

// TestCountEvents: lifecycle events are counted by kind, severity and
// time window (after, until].
func TestCountEvents(t *testing.T) {
	each(t, func(t *testing.T, open func(t *testing.T) store.Store) {
		ctx := context.Background()
		s := open(t)
		day0 := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
		a, b := res("a", "shop"), res("b", "shop")
		fa, fb := finding("r1", a), finding("r1", b)
		fb.Severity = model.SeverityCritical
		if _, err := recordScan(ctx, s, record{Finish: store.Finish{Evaluated: all}, Scan: scan("s1", day0, full), Resources: []*model.Resource{a, b}, Findings: []model.Finding{fa, fb}}); err != nil {
			t.Fatal(err)
		}
		// The next day b is gone: it resolves.
		if _, err := recordScan(ctx, s, record{Finish: store.Finish{Evaluated: map[string]bool{"r1": true}}, Scan: scan("s2", day0.Add(24*time.Hour), full), Resources: []*model.Resource{a}, Findings: []model.Finding{fa}}); err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct {
			q    store.EventCount
			want int
		}{
			{store.EventCount{}, 3},
			{store.EventCount{Event: store.EventOpened}, 2},
			{store.EventCount{Event: store.EventOpened, Severity: "critical"}, 1},
			{store.EventCount{Severity: "critical"}, 2},
			{store.EventCount{After: day0}, 1},
			{store.EventCount{Until: day0}, 2},
			{store.EventCount{After: day0.Add(-time.Second), Until: day0.Add(time.Hour)}, 2},
			{store.EventCount{Event: store.EventResolved, After: day0.Add(23 * time.Hour), Until: day0.Add(25 * time.Hour)}, 1},
		} {
			got, err := s.CountEvents(ctx, tc.q)
			if err != nil || got != tc.want {
				t.Errorf("CountEvents(%+v) = %d, %v; want %d", tc.q, got, err, tc.want)
			}
		}
	})
}
