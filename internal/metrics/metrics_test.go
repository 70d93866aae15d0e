package metrics_test

import (
	"context"
	"encoding/json"
	"math"
	"slices"
	"testing"
	"time"

	"github.com/vigil-cspm/vigil/internal/metrics"
	"github.com/vigil-cspm/vigil/internal/model"
	"github.com/vigil-cspm/vigil/internal/store"
)

var t0 = time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)

func day(n float64) time.Time { return t0.Add(time.Duration(n * 24 * float64(time.Hour))) }

func deployment(name string, changed *time.Time) *model.Resource {
	return &model.Resource{ID: "k8s://prod/x/apps/Deployment/" + name, Type: "k8s.apps.deployment", Provider: "k8s", Account: "prod",
		Namespace: "x", Name: name, Kind: "Deployment", Source: model.Source{Kind: model.SourceLive}, Changed: changed}
}

func bucket(id, name, file, source string) *model.Resource {
	r := &model.Resource{ID: id, Type: "aws.s3.bucket", Provider: "aws", Name: name, Kind: "AWS::S3::Bucket", Source: model.Source{Kind: source, File: file}}
	if source == model.SourceLive {
		r.Account, r.Region = "111111111111", "eu-west-1"
	}
	return r
}

func finding(rule string, sev model.Severity, r *model.Resource) model.Finding {
	return model.Finding{Fingerprint: model.Fingerprint(rule, r.ID), RuleID: rule, Title: rule, Severity: sev, Status: model.StatusOpen,
		Message: rule, Resource: r, Compliance: []model.ComplianceRef{}}
}

var rules = []*model.RuleMeta{
	{ID: "r-crit", Severity: model.SeverityCritical, ResourceTypes: []string{"k8s.apps.deployment"}},
	{ID: "r-high", Severity: model.SeverityHigh, ResourceTypes: []string{"k8s.apps.deployment"}},
	{ID: "r-low", Severity: model.SeverityLow, ResourceTypes: []string{"k8s.apps.deployment"}},
}

var evaluated = map[string]bool{"r-crit": true, "r-high": true, "r-low": true}

// record stores one scan started at start and finished took later.
func record(t *testing.T, st store.Store, id, source, account, status string, start time.Time, took time.Duration, cov []model.Coverage, rs []*model.Resource, fs []model.Finding) {
	t.Helper()
	ctx := context.Background()
	sc := &model.Scan{ID: id, Source: source, Account: account, Status: model.ScanComplete, StartedAt: start, Coverage: cov}
	rec, err := st.Begin(ctx, sc, nil)
	if err != nil {
		t.Fatal(err)
	}
	if status != model.ScanFailed {
		if _, err := rec.Scope(ctx, rs, fs); err != nil {
			t.Fatal(err)
		}
	}
	sc.Status, sc.FinishedAt = status, start.Add(took)
	if _, err := rec.Finish(ctx, store.Finish{Evaluated: evaluated}); err != nil {
		t.Fatal(err)
	}
}

// scenario fills a store with a hand-made history; docs/metrics.md's
// worked example is this one:
//
//	day 1   k8s prod: a (changed 2h before), b (no time); r-crit on a, r-low on b
//	day 2   iac: buckets logs and site declared in main.tf
//	day 8   k8s prod (20 min): a, b, c (changed 30 min before); r-high and r-low on c,
//	        r-low on b; r-crit on a resolved
//	day 9   r-low on b and r-low on c marked false positive; r-high on c too
//	day 10  r-high on c's mark cleared
//	day 11  k8s prod (30 min): r-crit on a reopened
//	day 12  k8s prod: failed
//	day 13  aws 111111111111 (5 min): the bucket logs, buckets read in full
func scenario(t *testing.T, st store.Store) {
	ctx := context.Background()
	full := []model.Coverage{{Scope: "k8s.apps.deployment", Status: model.CoverageComplete}}
	aChanged, cChanged := day(1).Add(-2*time.Hour), day(8).Add(-30*time.Minute)
	a, b, c := deployment("a", &aChanged), deployment("b", nil), deployment("c", &cChanged)
	record(t, st, "s1", "k8s", "prod", model.ScanComplete, day(1), 10*time.Minute, full,
		[]*model.Resource{a, b}, []model.Finding{finding("r-crit", model.SeverityCritical, a), finding("r-low", model.SeverityLow, b)})
	logs, site := bucket("iac:main.tf#aws_s3_bucket.logs", "logs", "main.tf", model.SourceIaC), bucket("iac:main.tf#aws_s3_bucket.site", "site", "main.tf", model.SourceIaC)
	record(t, st, "s-iac", "iac", "", model.ScanComplete, day(2), time.Minute, []model.Coverage{{Scope: "file:main.tf", Status: model.CoverageComplete}},
		[]*model.Resource{logs, site}, nil)
	record(t, st, "s2", "k8s", "prod", model.ScanComplete, day(8), 20*time.Minute, full, []*model.Resource{a, b, c},
		[]model.Finding{finding("r-high", model.SeverityHigh, c), finding("r-low", model.SeverityLow, c), finding("r-low", model.SeverityLow, b)})
	mark := func(rule string, r *model.Resource, kind string, at time.Time) {
		if err := st.Mark(ctx, store.Mark{Fingerprint: model.Fingerprint(rule, r.ID), Kind: kind, By: "alice", Reason: "test", At: at}); err != nil {
			t.Fatal(err)
		}
	}
	mark("r-low", b, store.MarkFalsePositive, day(9))
	mark("r-low", c, store.MarkFalsePositive, day(9))
	mark("r-high", c, store.MarkFalsePositive, day(9))
	mark("r-high", c, store.MarkCleared, day(10))
	record(t, st, "s3", "k8s", "prod", model.ScanComplete, day(11), 30*time.Minute, full, []*model.Resource{a, b, c},
		[]model.Finding{finding("r-crit", model.SeverityCritical, a), finding("r-high", model.SeverityHigh, c), finding("r-low", model.SeverityLow, c), finding("r-low", model.SeverityLow, b)})
	record(t, st, "s4", "k8s", "prod", model.ScanFailed, day(12), time.Minute, nil, nil, nil)
	record(t, st, "s5", "aws", "111111111111", model.ScanComplete, day(13), 5*time.Minute,
		[]model.Coverage{{Scope: "aws.s3.bucket@111111111111", Status: model.CoverageComplete, Account: "111111111111"}},
		[]*model.Resource{bucket("arn:aws:s3:::logs", "logs", "", model.SourceLive)}, nil)
	// M5: pages and the tickets that followed them.
	for _, d := range []struct {
		rule    string
		r       *model.Resource
		action  string
		change  string
		status  string
		created time.Time
	}{
		{"r-crit", a, "page", "opened", store.DeliverySent, day(1).Add(time.Hour)},    // fixed on day 8: after its span
		{"r-high", c, "page", "opened", store.DeliverySent, day(8).Add(time.Hour)},    // marked false positive on day 9
		{"r-low", c, "page", "opened", store.DeliverySent, day(8).Add(2 * time.Hour)}, // ticketed an hour later
		{"r-low", c, "ticket", "opened", store.DeliverySent, day(8).Add(3 * time.Hour)},
		{"r-crit", a, "page", "reopened", store.DeliverySent, day(11).Add(time.Hour)}, // still open
		{"r-low", b, "page", "opened", store.DeliveryFailed, day(8).Add(time.Hour)},   // never reached anyone
	} {
		_, err := st.RecordDelivery(ctx, store.Delivery{Channel: "oncall", Kind: "pagerduty", Fingerprint: model.Fingerprint(d.rule, d.r.ID),
			Action: d.action, Change: d.change, Summary: d.rule, Status: d.status, CreatedAt: d.created, UpdatedAt: d.created})
		if err != nil {
			t.Fatal(err)
		}
	}
	for _, run := range []store.ReportRun{
		{Kind: store.ReportEvidence, Framework: "cis-kubernetes-1.12", At: day(3), Duration: 40 * time.Second},
		{Kind: store.ReportEvidence, Framework: "cis-kubernetes-1.12", At: day(9), Duration: 12 * time.Second},
		{Kind: store.ReportCompliance, Framework: "cis-aws-7.0", At: day(10), Duration: 5 * time.Second},
		{Kind: store.ReportEvidence, Framework: "cis-aws-7.0", At: day(12), Duration: 20 * time.Second},
		{Kind: store.ReportEvidence, Framework: "cis-aws-7.0", At: day(13), Duration: 30 * time.Second},
	} {
		if err := st.RecordReport(ctx, run); err != nil {
			t.Fatal(err)
		}
	}
}

var expected = metrics.Expected{Accounts: []string{"111111111111", "222222222222"}, Clusters: []string{"prod", "staging"}}

func compute(t *testing.T, st store.Store, window time.Duration) *metrics.Report {
	t.Helper()
	r, err := metrics.Compute(context.Background(), metrics.Request{Store: st, Rules: rules, Expected: expected, Now: day(14), Window: window})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func byID(r *metrics.Report, id string) metrics.Metric {
	for _, m := range r.Metrics {
		if m.ID == id {
			return m
		}
	}
	return metrics.Metric{}
}

func val(v *float64) string {
	if v == nil {
		return "null"
	}
	b, _ := json.Marshal(*v)
	return string(b)
}

// TestComputeByHand: every metric of the scenario, in the window (days
// 7–14) and the one before (days 0–7), as worked out by hand in the
// comments.
func TestComputeByHand(t *testing.T) {
	each(t, func(t *testing.T, st store.Store) {
		scenario(t, st)
		r := compute(t, st, 7*24*time.Hour)
		if !r.Window.From.Equal(day(7)) || !r.Window.To.Equal(day(14)) || !r.Previous.From.Equal(day(0)) || !r.Previous.To.Equal(day(7)) {
			t.Fatalf("window %+v previous %+v", r.Window, r.Previous)
		}
		third := 100 * 4.0 / 6
		for _, c := range []struct {
			id              string
			value, previous *float64
		}{
			// M1: scopes 111…, prod of 4 and the declared bucket logs of 2 (s3,
			// s5); before: prod of 4, no live AWS scan so nothing declared.
			{"M1", ptr(50), ptr(25)},
			// M2: 2 rules × 3 deployments, r-crit on a (reopened) and r-high on
			// c (mark cleared) failing; before: 2 × 2, r-crit on a failing.
			{"M2", ptr(math.Round(third*1e4) / 1e4), ptr(75)},
			// M3: r-high and r-low on c, 30 min each; before: r-crit on a, 2 h
			// (r-low on b has no time).
			{"M3", ptr(1800), ptr(7200)},
			// M4: r-crit on a, opened day 1, resolved day 8 + 20 min.
			{"M4", ptr((7*24*60 + 20) * 60), nil},
			// M5: of 3 pages sent in the window, 2 acted on (marked, ticketed);
			// before: 1 page, fixed only after its span ended.
			{"M5", ptr(math.Round(100*2.0/3*1e4) / 1e4), ptr(0)},
			{"M6", nil, nil},
			// M7: c violated on arrival, logs did not; before: a and b both did
			// (b's mark came on day 9).
			{"M7", ptr(50), ptr(100)},
			// M8: r-low on c of the two opened on c; before: none of two marked by day 7.
			{"M8", ptr(50), ptr(0)},
			// M9: 300, 1200, 1800 s → median 1200; before: 60, 600 → 60.
			{"M9", ptr(1200), ptr(60)},
			// M10: evidence bundles of 12, 20 and 30 s (the compliance
			// report is not one) → 20; before: 40.
			{"M10", ptr(20), ptr(40)},
		} {
			m := byID(r, c.id)
			if val(m.Value) != val(c.value) || val(m.Previous) != val(c.previous) {
				t.Errorf("%s %s = %s (previous %s), want %s (previous %s)", c.id, m.Name, val(m.Value), val(m.Previous), val(c.value), val(c.previous))
			}
		}
		cov := byID(r, "M1").Detail.(metrics.CoverageDetail)
		if want := []string{"aws account 222222222222", "aws.s3.bucket site (declared in main.tf)", "k8s cluster staging"}; !slices.Equal(cov.NotCovered, want) {
			t.Errorf("not covered = %q, want %q", cov.NotCovered, want)
		}
		det := byID(r, "M3").Detail.(metrics.DetectionDetail)
		if det.Opened != 2 || det.Untimed != 0 {
			t.Errorf("M3 detail %+v", det)
		}
		if prev := byID(compute(t, st, 14*24*time.Hour), "M3").Detail.(metrics.DetectionDetail); prev.Untimed != 1 {
			t.Errorf("over 14 days, %d findings without a time, want 1 (r-low on b)", prev.Untimed)
		}
		rem := byID(r, "M4").Detail.(metrics.RemediationDetail)
		if crit := rem.BySeverity["critical"]; crit.Count != 1 || len(rem.BySeverity) != 1 {
			t.Errorf("M4 by severity %+v", rem.BySeverity)
		}
		lat := byID(r, "M9").Detail.(metrics.LatencyDetail)
		if len(lat.Sources) != 2 || lat.Sources[1].Source != "k8s" || lat.Sources[1].Failed != 1 || lat.Sources[1].Count != 2 || val(lat.Sources[1].P95) != "1800" || lat.Sources[0].Count != 1 {
			t.Errorf("M9 by source %+v", lat.Sources)
		}
		ready := byID(r, "M10").Detail.(metrics.ReadinessDetail)
		if len(ready.Frameworks) != 2 || ready.Frameworks[0].Framework != "cis-aws-7.0" || ready.Frameworks[0].Count != 2 || !ready.Frameworks[0].Last.Equal(day(13)) || ready.Frameworks[1].Count != 1 {
			t.Errorf("M10 by framework %+v", ready.Frameworks)
		}
		alerts := byID(r, "M5").Detail.(metrics.AlertDetail)
		// Waits of 1 h (ticket) and 23 h (mark): the median, nearest rank
		// as everywhere in these metrics, is the lower.
		if alerts.Alerts != 3 || alerts.Marked != 1 || alerts.Ticketed != 1 || val(alerts.MedianToAction) != "3600" {
			t.Errorf("M5 detail %+v (median %s)", alerts, val(alerts.MedianToAction))
		}
		for _, id := range []string{"M6"} {
			if byID(r, id).NotMeasured == "" {
				t.Errorf("%s has no not-measured note", id)
			}
		}
		if d := byID(r, "M2").Delta; val(d) != val(ptr(math.Round((third-75)*1e4)/1e4)) {
			t.Errorf("M2 delta %s", val(d))
		}

		// Over 14 days the series has the two weeks, each the value of
		// that week alone.
		long := compute(t, st, 14*24*time.Hour)
		for _, id := range []string{"M1", "M2", "M3", "M7", "M8", "M9", "M10"} {
			s := byID(long, id).Series
			if len(s) != 2 || val(s[0].Value) != val(byID(r, id).Previous) || val(s[1].Value) != val(byID(r, id).Value) {
				t.Errorf("%s series over 14 days = %+v, want the two weeks' values", id, s)
			}
		}
	})
}

func ptr(v float64) *float64 { return &v }

func TestComputeEmptyStore(t *testing.T) {
	each(t, func(t *testing.T, st store.Store) {
		r := compute(t, st, 30*24*time.Hour)
		for _, m := range r.Metrics {
			if m.ID == "M1" {
				// Four scopes expected, none scanned: nothing covered.
				if val(m.Value) != "0" || val(m.Previous) != "0" {
					t.Errorf("M1 on an empty store: %s / %s, want 0 / 0", val(m.Value), val(m.Previous))
				}
				continue
			}
			if m.Value != nil || m.Previous != nil || m.Delta != nil {
				t.Errorf("%s on an empty store: %s / %s, want no value", m.ID, val(m.Value), val(m.Previous))
			}
		}
		if len(byID(r, "M1").Series) != 5 {
			t.Errorf("30 days are %d weekly points, want 5 (the last of 2 days)", len(byID(r, "M1").Series))
		}
		if _, err := metrics.Compute(context.Background(), metrics.Request{Store: st, Now: day(1)}); err == nil {
			t.Error("a zero window was accepted")
		}
	})
}
