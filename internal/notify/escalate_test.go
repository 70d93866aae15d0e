package notify_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/vigil-cspm/vigil/internal/config"
	"github.com/vigil-cspm/vigil/internal/model"
	"github.com/vigil-cspm/vigil/internal/notify"
	"github.com/vigil-cspm/vigil/internal/store"
)

// record stores one scan at time at that opens count new findings of
// severity sev (named prefix-0 …) and returns them.
func record(t *testing.T, st store.Store, id string, at time.Time, prefix string, count int, sev model.Severity) []model.Finding {
	t.Helper()
	ctx := context.Background()
	sc := &model.Scan{ID: id, Source: "aws", Account: "111111111111", Status: model.ScanComplete, StartedAt: at, FinishedAt: at}
	var rs []*model.Resource
	var fs []model.Finding
	for i := range count {
		f := finding("aws-s3-public", "111111111111", fmt.Sprintf("%s-%d", prefix, i), sev)
		f.Resource.Source = model.Source{Kind: model.SourceLive}
		rs = append(rs, f.Resource)
		fs = append(fs, f)
	}
	rec, err := st.Begin(ctx, sc, nil)
	if err != nil {
		t.Fatal(err)
	}
	out, err := rec.Scope(ctx, rs, fs)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := rec.Finish(ctx, store.Finish{}); err != nil {
		t.Fatal(err)
	}
	return out.Findings
}

// TestEscalation: new critical findings in the last 24 hours above twice
// the daily average of the 7 days before send one escalation a day to
// each page channel; at or under it, or with no history before the 24
// hours, none.
func TestEscalation(t *testing.T) {
	each(t, func(t *testing.T, st store.Store) {
		now := day0
		clk := &clock{t: now}
		s := newSlack(t)
		routes := []config.Route{
			{Match: config.RouteMatch{MinSeverity: model.SeverityCritical}, Action: config.ActionTicket, Channel: "demo"},
			{Match: config.RouteMatch{MinSeverity: model.SeverityHigh}, Action: config.ActionPage, Channel: "oncall"},
		}
		n := newNotifier(t, st, routes, clk.Now, notify.Local("demo"), &notify.Destination{Name: "oncall", Kind: "slack", Sender: notify.NewSlack(s.url(), nil)})

		// A fresh store: 5 criticals today and no history before them.
		fresh := record(t, st, "s0", now.Add(-2*time.Hour), "fresh", 5, model.SeverityCritical)
		if res := scan(t, n, fresh...); res.Escalations != 0 {
			t.Fatalf("escalated with no history before the last 24h")
		}
		// 7 criticals over the week before (an average of 1 a day), and
		// 9 highs, which do not count.
		record(t, st, "w1", now.Add(-5*24*time.Hour), "week", 7, model.SeverityCritical)
		record(t, st, "w2", now.Add(-3*24*time.Hour), "highs", 9, model.SeverityHigh)
		record(t, st, "old", now.Add(-9*24*time.Hour), "old", 30, model.SeverityCritical) // before the 7 days
		last, prev, base, err := notify.Surge(context.Background(), st, now)
		if err != nil {
			t.Fatal(err)
		}
		if last != 5 || prev != 7 || !base {
			t.Fatalf("surge: last 24h %d, previous 7 days %d, base %v; want 5, 7, true", last, prev, base)
		}
		// 5 > 2: escalate, once.
		if res := scan(t, n); res.Escalations != 1 {
			t.Fatalf("%d escalations, want 1 (5 new criticals against an average of 1)", res.Escalations)
		}
		more := record(t, st, "s1", now.Add(-time.Hour), "more", 3, model.SeverityCritical)
		if res := scan(t, n, more...); res.Escalations != 0 {
			t.Errorf("a second escalation the same day")
		}
		msgs := s.messages()
		var esc []slackMsg
		for _, m := range msgs {
			if m.Blocks[0].Text.Text[:16] == "Vigil escalation" {
				esc = append(esc, m)
			}
		}
		if len(esc) != 1 || esc[0].Text != "Vigil escalation: 5 new critical findings in 24 h (daily average 1.0 over the 7 days before)" {
			t.Errorf("escalations %+v", esc)
		}
		ds := deliveries(t, st, store.DeliveryQuery{Channel: "oncall"})
		found := false
		for _, d := range ds {
			if d.Change == notify.ChangeEscalation && d.Action == "page" && d.Status == store.DeliverySent {
				found = true
			}
		}
		if !found {
			t.Error("no escalation in the delivery log")
		}
	})
}

func TestEscalates(t *testing.T) {
	for _, tc := range []struct {
		last, prev int
		want       bool
	}{
		{0, 0, false}, {1, 0, true}, {2, 7, false}, {3, 7, true}, {29, 100, true}, {28, 100, false},
	} {
		if got := notify.Escalates(tc.last, tc.prev); got != tc.want {
			t.Errorf("Escalates(%d, %d) = %v, want %v", tc.last, tc.prev, got, tc.want)
		}
	}
}
