package notify_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/vigil-cspm/vigil/internal/model"
	"github.com/vigil-cspm/vigil/internal/notify"
	"github.com/vigil-cspm/vigil/internal/store"
)

// TestInterruptedPagesResume: pages a notifier still held when it
// stopped (one being sent, one queued) are logged as interrupted, and
// the next notifiers on the store send each exactly once — two of them
// resuming at the same time included.
func TestInterruptedPagesResume(t *testing.T) {
	each(t, func(t *testing.T, st store.Store) {
		fs := record(t, st, "s1", day0, "bucket", 2, model.SeverityHigh)
		// The first channel never answers: its first page hangs in flight
		// and the second waits in the queue.
		var hung atomic.Int32
		release := make(chan struct{})
		stuck := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			hung.Add(1)
			io.Copy(io.Discard, r.Body) // so the server sees the client go
			select {
			case <-r.Context().Done():
			case <-release:
			}
		}))
		defer stuck.Close()
		defer close(release)
		n1, err := notify.New(notify.Options{Store: st, Routes: pageAll, Destinations: []*notify.Destination{{Name: "oncall", Kind: "slack", Sender: notify.NewSlack(stuck.URL+"/services/x", nil)}}})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := n1.Scan(context.Background(), notify.Event{Findings: fs}); err != nil {
			t.Fatal(err)
		}
		for hung.Load() == 0 {
			time.Sleep(5 * time.Millisecond)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
		if err := n1.Close(ctx); err == nil {
			t.Error("Close with a page in flight reported nothing left unsent")
		}
		cancel()
		interrupted := deliveries(t, st, store.DeliveryQuery{Channel: "oncall", Status: store.DeliveryInterrupted})
		if len(interrupted) != 2 {
			t.Fatalf("%d deliveries interrupted, want the one in flight and the one queued: %+v", len(interrupted), deliveries(t, st, store.DeliveryQuery{}))
		}

		// Two notifiers start on the store and resume together.
		slack := newSlack(t)
		var queued atomic.Int32
		var wg sync.WaitGroup
		for range 2 {
			n := newNotifier(t, st, pageAll, nil, &notify.Destination{Name: "oncall", Kind: "slack", Sender: notify.NewSlack(slack.url(), nil)})
			wg.Go(func() {
				k, err := n.Resume(context.Background())
				if err != nil {
					t.Error(err)
				}
				queued.Add(int32(k))
				ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
				defer cancel()
				if err := n.Wait(ctx); err != nil {
					t.Error(err)
				}
			})
		}
		wg.Wait()
		slack.check(t)
		if queued.Load() != 2 || len(slack.messages()) != 2 {
			t.Fatalf("resumed %d, sent %d; want each interrupted page sent once", queued.Load(), len(slack.messages()))
		}
		for _, d := range deliveries(t, st, store.DeliveryQuery{Channel: "oncall"}) {
			if d.Status != store.DeliverySent {
				t.Errorf("delivery %d is %s after resuming, want sent", d.ID, d.Status)
			}
		}
		n3 := newNotifier(t, st, pageAll, nil, &notify.Destination{Name: "oncall", Kind: "slack", Sender: notify.NewSlack(slack.url(), nil)})
		if k, err := n3.Resume(context.Background()); err != nil || k != 0 {
			t.Errorf("a third start resumed %d (%v), want none", k, err)
		}
	})
}

// TestKilledNotifierTakenOver: a notifier that never shuts down (its
// process killed) leaves deliveries pending; while its lease holds no
// other notifier touches them, and once it lapses the next Resume sends
// its pages once, returns its digest lines to the next digest and fails
// its escalations, saying why.
func TestKilledNotifierTakenOver(t *testing.T) {
	each(t, func(t *testing.T, st store.Store) {
		ctx := context.Background()
		fs := record(t, st, "s1", day0, "bucket", 2, model.SeverityHigh)
		var hung atomic.Int32
		release := make(chan struct{})
		stuck := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			hung.Add(1)
			io.Copy(io.Discard, r.Body)
			select {
			case <-r.Context().Done():
			case <-release:
			}
		}))
		defer stuck.Close()
		defer close(release)
		// The "killed" notifier: it is never closed while the test looks.
		killed := newNotifier(t, st, pageAll, nil, &notify.Destination{Name: "oncall", Kind: "slack", Sender: notify.NewSlack(stuck.URL+"/services/x", nil)})
		if _, err := killed.Scan(ctx, notify.Event{Findings: fs}); err != nil {
			t.Fatal(err)
		}
		for hung.Load() == 0 {
			time.Sleep(5 * time.Millisecond)
		}
		pending := deliveries(t, st, store.DeliveryQuery{Channel: "oncall", Status: store.DeliveryPending})
		if len(pending) != 2 || pending[0].Holder == "" || pending[0].Holder != pending[1].Holder {
			t.Fatalf("pending deliveries %+v, want the two pages held by the notifier", pending)
		}
		holder := pending[0].Holder
		// Lines it held of other kinds: a digest line whose send failed
		// once, and an escalation.
		for _, d := range []store.Delivery{
			{Channel: "oncall", Kind: "slack", Fingerprint: fs[0].Fingerprint, Action: "digest", Change: "opened", Summary: "digest line", Status: store.DeliveryRetrying, Attempts: 1},
			{Channel: "oncall", Kind: "slack", Action: "page", Change: "escalation", Summary: "critical findings doubled", Status: store.DeliveryPending},
		} {
			d.CreatedAt, d.UpdatedAt, d.Holder = time.Now(), time.Now(), holder
			if _, err := st.RecordDelivery(ctx, d); err != nil {
				t.Fatal(err)
			}
		}

		slack := newSlack(t)
		dest := &notify.Destination{Name: "oncall", Kind: "slack", Sender: notify.NewSlack(slack.url(), nil)}
		// While the lease holds, a second notifier takes nothing.
		alive := newNotifier(t, st, pageAll, nil, dest)
		if k, err := alive.Resume(ctx); err != nil || k != 0 {
			t.Fatalf("resumed %d (%v) while the holder's lease holds, want none", k, err)
		}
		// Three minutes on, the lease (two) has lapsed.
		later := func() time.Time { return time.Now().Add(3 * time.Minute) }
		n := newNotifier(t, st, pageAll, later, dest)
		k, err := n.Resume(ctx)
		if err != nil || k != 2 {
			t.Fatalf("resumed %d (%v), want the two pages", k, err)
		}
		wctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		defer cancel()
		if err := n.Wait(wctx); err != nil {
			t.Fatal(err)
		}
		slack.check(t)
		if len(slack.messages()) != 2 {
			t.Fatalf("sent %d messages, want the two pages once each", len(slack.messages()))
		}
		got := map[string]string{}
		for _, d := range deliveries(t, st, store.DeliveryQuery{Channel: "oncall"}) {
			got[d.Action+" "+d.Change+" "+d.Status] = d.LastError
		}
		if len(got) != 3 || got["digest opened pending"] != "" {
			t.Errorf("deliveries after the take-over: %v", got)
		}
		if why, ok := got["page escalation failed"]; !ok || !strings.Contains(why, "stopped without a shutdown") {
			t.Errorf("the escalation after the take-over: %v", got)
		}
		if _, ok := got["page opened sent"]; !ok {
			t.Errorf("the pages after the take-over: %v", got)
		}
		// Taken over once: another resume finds nothing.
		if k, err := newNotifier(t, st, pageAll, later, dest).Resume(ctx); err != nil || k != 0 {
			t.Errorf("a second take-over resumed %d (%v), want none", k, err)
		}
	})
}
