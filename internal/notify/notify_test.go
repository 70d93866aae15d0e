package notify_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/vigil-cspm/vigil/internal/config"
	"github.com/vigil-cspm/vigil/internal/model"
	"github.com/vigil-cspm/vigil/internal/notify"
	"github.com/vigil-cspm/vigil/internal/store"
)

// TestRoutePrecedence: the first route that matches decides, with the
// routing the service is designed for (examples/vigil.yaml).
func TestRoutePrecedence(t *testing.T) {
	routes := []config.Route{
		{Match: config.RouteMatch{Toxic: true}, Action: config.ActionPage, Channel: "oncall"},
		{Match: config.RouteMatch{Exposed: true, MinSeverity: model.SeverityHigh}, Action: config.ActionPage, Channel: "oncall"},
		{Match: config.RouteMatch{Owners: []string{"payments"}, Rules: []string{"aws-s3-*"}, MinSeverity: model.SeverityMedium}, Action: config.ActionTicket, Channel: "payments-jira"},
		{Match: config.RouteMatch{Accounts: []string{"1111*"}, Frameworks: []string{"cis-aws-*"}, MinRisk: 40}, Action: config.ActionTicket, Channel: "prod-tickets"},
		{Match: config.RouteMatch{Clusters: []string{"prod-*"}}, Action: config.ActionTicket, Channel: "k8s-tickets"},
		{Match: config.RouteMatch{MinSeverity: model.SeverityMedium}, Action: config.ActionTicket, Channel: "tickets"},
		{Match: config.RouteMatch{MinSeverity: model.SeverityLow}, Action: config.ActionDigest, Channel: "digest", DigestEvery: config.Duration(24 * time.Hour)},
	}
	exposedRisk := &model.Risk{Score: 70, Factors: []model.RiskFactor{{Name: "exposure", Points: 30, Detail: "public"}}}
	base := finding("aws-s3-public", "111122223333", "b", model.SeverityHigh)
	k8s := base
	k8s.Resource = &model.Resource{ID: "k8s://prod-eu/shop/apps/Deployment/web", Provider: "k8s", Account: "prod-eu", Type: "k8s.apps.deployment"}
	for _, tc := range []struct {
		name string
		f    func() model.Finding
		want int
	}{
		{"toxic beats everything", func() model.Finding {
			f := withOwner(base, "payments")
			f.Members = []string{"a", "b"}
			f.Severity = model.SeverityLow
			return f
		}, 0},
		{"exposed high pages", func() model.Finding { f := base; f.Risk = exposedRisk; return f }, 1},
		{"exposed medium does not page", func() model.Finding {
			f := base
			f.Risk, f.Severity, f.Compliance = exposedRisk, model.SeverityMedium, nil
			f.Resource = &model.Resource{ID: "x", Provider: "aws", Account: "9999"}
			return f
		}, 5},
		{"risk factor without points is not exposure", func() model.Finding {
			f := base
			f.Risk = &model.Risk{Score: 10, Factors: []model.RiskFactor{{Name: "exposure", Points: 0}}}
			r := *f.Resource
			r.Account = "999"
			f.Resource = &r
			return f
		}, 5},
		{"owner and rule glob", func() model.Finding { return withOwner(base, "payments") }, 2},
		{"owner glob does not match another owner", func() model.Finding { f := withOwner(base, "payments-eu"); f.Risk = &model.Risk{Score: 50}; return f }, 3},
		{"min risk not reached", func() model.Finding { f := base; f.Risk = &model.Risk{Score: 39}; return f }, 5},
		{"framework glob", func() model.Finding { f := base; f.Risk = &model.Risk{Score: 40}; f.Compliance = nil; return f }, 5},
		{"cluster glob, not account glob", func() model.Finding { return k8s }, 4},
		{"low goes to the digest", func() model.Finding { f := base; f.Severity = model.SeverityLow; return f }, 6},
		{"info goes nowhere", func() model.Finding { f := base; f.Severity = model.SeverityInfo; return f }, -1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := tc.f()
			if got := notify.Route(routes, &f); got != tc.want {
				t.Errorf("route %d, want %d", got, tc.want)
			}
		})
	}
}

// TestDedupe: a finding state is told once, however many scans report
// it and from however many accounts (an organization scan and an
// account scan overlap); an IaC finding repeating a live one is not
// told; each real change (severity, resolution, reopening) is told once.
func TestDedupe(t *testing.T) {
	each(t, func(t *testing.T, st store.Store) {
		pd := newPagerDuty(t)
		clk := &clock{t: day0}
		routes := []config.Route{{Match: config.RouteMatch{MinSeverity: model.SeverityHigh}, Action: config.ActionPage, Channel: "oncall"}}
		n := newNotifier(t, st, routes, clk.Now, &notify.Destination{Name: "oncall", Kind: "pagerduty", Sender: notify.NewPagerDuty(pd.key, pd.url(), nil)})

		a := finding("aws-s3-public", "111111111111", "logs", model.SeverityHigh)
		b := finding("aws-s3-public", "222222222222", "data", model.SeverityCritical)
		iac := finding("aws-s3-public", "", "tf-logs", model.SeverityHigh)
		iac.Triage = &model.Triage{DuplicateOf: a.Fingerprint}

		if res := scan(t, n, a, b, iac); res.Pages != 2 {
			t.Errorf("first scan queued %d pages, want 2 (the IaC duplicate is not told)", res.Pages)
		}
		clk.Add(time.Hour)
		// The organization scan and the account scan both report a and b.
		scan(t, n, a, b)
		scan(t, n, b, a)
		if res := scan(t, n, a); res.Pages != 0 {
			t.Errorf("a repeated scan queued %d pages, want 0", res.Pages)
		}
		pd.check(t)
		if len(pd.events) != 2 {
			t.Fatalf("PagerDuty got %d events after repeated scans, want 2: %v", len(pd.events), pd.events)
		}

		a2 := a
		a2.Severity = model.SeverityCritical
		scan(t, n, a2, a2)
		resolved := withStatus(a2, model.StatusResolved)
		scan(t, n, resolved, resolved)
		scan(t, n, a2)
		scan(t, n, a2)
		var actions []string
		for _, e := range pd.events[2:] {
			actions = append(actions, e["event_action"].(string))
		}
		if got := strings.Join(actions, ","); got != "trigger,resolve,trigger" {
			t.Errorf("after severity change, resolution, reopening: events %s, want trigger,resolve,trigger", got)
		}
		ds := deliveries(t, st, store.DeliveryQuery{Channel: "oncall"})
		var changes []string
		for i := len(ds) - 1; i >= 0; i-- {
			if ds[i].Fingerprint == a.Fingerprint {
				changes = append(changes, ds[i].Change)
			}
			if ds[i].Status != store.DeliverySent || ds[i].Attempts != 1 || ds[i].Kind != "pagerduty" {
				t.Errorf("delivery %+v, want sent in one attempt", ds[i])
			}
		}
		if got := strings.Join(changes, ","); got != "opened,changed,resolved,reopened" {
			t.Errorf("deliveries of a: %s, want opened,changed,resolved,reopened", got)
		}
	})
}

// TestTwoNotifiersOneStore: two service processes on one store tell a
// state once between them.
func TestTwoNotifiersOneStore(t *testing.T) {
	each(t, func(t *testing.T, st store.Store) {
		routes := []config.Route{{Action: config.ActionPage, Channel: "oncall"}}
		pd := newPagerDuty(t)
		dest := func() *notify.Destination {
			return &notify.Destination{Name: "oncall", Kind: "pagerduty", Sender: notify.NewPagerDuty(pd.key, pd.url(), nil)}
		}
		n1 := newNotifier(t, st, routes, nil, dest())
		n2 := newNotifier(t, st, routes, nil, dest())
		var fs []model.Finding
		for _, name := range []string{"a", "b", "c", "d", "e", "f"} {
			fs = append(fs, finding("aws-s3-public", "111111111111", name, model.SeverityHigh))
		}
		done := make(chan struct{})
		go func() { scan(t, n1, fs...); close(done) }()
		scan(t, n2, fs...)
		<-done
		n1.Wait(context.Background())
		pd.check(t)
		if len(pd.events) != len(fs) {
			t.Errorf("two notifiers sent %d events for %d findings, want one each", len(pd.events), len(fs))
		}
	})
}
