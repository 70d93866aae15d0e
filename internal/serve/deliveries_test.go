package serve

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/vigil-cspm/vigil/internal/store"
	"github.com/vigil-cspm/vigil/internal/store/sqlite"
)

// TestPagesBeforeTickets: the dashboards' delivery list keeps the latest
// pages even when a busy ticket channel logged more since, newest first.
func TestPagesBeforeTickets(t *testing.T) {
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "vigil.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	t0 := time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)
	log := func(action string, at time.Time) {
		if _, err := st.RecordDelivery(ctx, store.Delivery{Channel: action + "s", Kind: "local", Action: action, Change: "opened", Summary: action,
			Status: store.DeliverySent, CreatedAt: at, UpdatedAt: at}); err != nil {
			t.Fatal(err)
		}
	}
	log("page", t0)
	for i := range 30 {
		log("ticket", t0.Add(time.Duration(i+1)*time.Minute))
	}
	ds, err := deliveryLog{st: st}.Deliveries(ctx, 20)
	if err != nil {
		t.Fatal(err)
	}
	if len(ds) != 20 {
		t.Fatalf("%d deliveries, want 20", len(ds))
	}
	if last := ds[len(ds)-1]; last.Kind != "page" {
		t.Errorf("the oldest shown is a %s, want the page behind 30 newer tickets", last.Kind)
	}
	for i := 1; i < len(ds); i++ {
		if ds[i].At.After(ds[i-1].At) {
			t.Fatalf("deliveries not newest first at %d", i)
		}
	}
}
