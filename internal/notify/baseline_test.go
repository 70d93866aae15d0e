package notify_test

import (
	"context"
	"strings"
	"testing"

	"github.com/vigil-cspm/vigil/internal/config"
	"github.com/vigil-cspm/vigil/internal/model"
	"github.com/vigil-cspm/vigil/internal/notify"
	"github.com/vigil-cspm/vigil/internal/store"
)

// TestFirstScanBaseline: a scope's first scan announces nothing one by
// one; each channel gets one summary (PagerDuty only in the log), and
// the next scan announces only what changed since.
func TestFirstScanBaseline(t *testing.T) {
	each(t, func(t *testing.T, st store.Store) {
		ctx := context.Background()
		slack, pd := newSlack(t), newPagerDuty(t)
		routes := []config.Route{
			{Match: config.RouteMatch{MinSeverity: model.SeverityCritical}, Action: config.ActionPage, Channel: "pd"},
			{Action: config.ActionPage, Channel: "slack"},
		}
		n := newNotifier(t, st, routes, nil,
			&notify.Destination{Name: "pd", Kind: "pagerduty", Sender: notify.NewPagerDuty(pd.key, pd.url(), nil)},
			&notify.Destination{Name: "slack", Kind: "slack", Sender: notify.NewSlack(slack.url(), nil)})
		crit := finding("aws-s3-public", "1", "a", model.SeverityCritical)
		high1, high2 := finding("aws-s3-public", "1", "b", model.SeverityHigh), finding("aws-s3-public", "1", "c", model.SeverityHigh)
		res, err := n.Scan(ctx, notify.Event{Findings: []model.Finding{crit, high1, high2}, Baseline: "aws:1"})
		if err != nil {
			t.Fatal(err)
		}
		if res.Pages != 0 {
			t.Errorf("a first scan paged %d findings one by one", res.Pages)
		}
		if err := n.Baseline(ctx, "aws:1"); err != nil {
			t.Fatal(err)
		}
		if err := n.Wait(ctx); err != nil {
			t.Fatal(err)
		}
		slack.check(t)
		pd.check(t)
		msgs := slack.messages()
		if len(msgs) != 1 || !strings.Contains(msgs[0].Text, "first scan of aws:1: 2 open findings routed here were recorded") || !strings.Contains(msgs[0].Text, "2 pages") {
			t.Fatalf("slack got %+v, want one summary of 2 findings", msgs)
		}
		if len(pd.events) != 0 {
			t.Errorf("PagerDuty got %d events for a baseline, want none", len(pd.events))
		}
		for ch, status := range map[string]string{"pd": store.DeliveryRecorded, "slack": store.DeliverySent} {
			ds := deliveries(t, st, store.DeliveryQuery{Channel: ch})
			if len(ds) != 1 || ds[0].Action != notify.ChangeBaseline || ds[0].Status != status {
				t.Errorf("%s deliveries %+v, want one baseline %s", ch, ds, status)
			}
		}
		// The next scan: the same findings are old news; a new one and a
		// fixed one are told.
		fresh := finding("aws-s3-public", "1", "d", model.SeverityHigh)
		scan(t, n, crit, high1, withStatus(high2, model.StatusResolved), fresh)
		msgs = slack.messages()
		if len(msgs) != 3 || !strings.Contains(msgs[1].Text+msgs[2].Text, "opened") || !strings.Contains(msgs[1].Text+msgs[2].Text, "resolved") {
			t.Errorf("after the baseline slack got %d messages, want the summary, the new finding and the fix: %+v", len(msgs), msgs)
		}
		if len(pd.events) != 0 {
			t.Errorf("PagerDuty got %d events for findings it was baselined on", len(pd.events))
		}
	})
}
