package sqlstore_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/vigil-cspm/vigil/internal/model"
	"github.com/vigil-cspm/vigil/internal/store"
)

// TestCompact: history older than the cutoff goes — findings resolved
// before it with their events, old events of kept findings but the
// newest, inventory unseen since, superseded and failed scans, old
// report runs — while open findings, findings resolved after it, marks,
// exceptions and each scope's newest finished scan before it stay, so
// the state at the cutoff is still known. A dry run counts the same and
// changes nothing; a second run finds nothing.
func TestCompact(t *testing.T) {
	each(t, func(t *testing.T, open func(t *testing.T) store.Store) {
		ctx := context.Background()
		s := open(t)
		now := time.Date(2027, 6, 1, 12, 0, 0, 0, time.UTC)
		cutoff, err := store.CompactBefore(now, 400*24*time.Hour, 365*24*time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		day := 24 * time.Hour
		a, b, z := res("a", "x"), res("b", "x"), res("z", "z")
		onlyX := model.Coverage{Scope: "k8s.apps.deployment@x", Status: model.CoverageComplete}
		fA, fB, fC := finding("r1", a), finding("r1", b), finding("r2", b)
		steps := []record{
			// z's namespace is never covered again: it stays in the
			// inventory, last seen at s1.
			{Scan: scan("s1", cutoff.Add(-100*day), onlyX), Resources: []*model.Resource{a, b, z}, Findings: []model.Finding{fA, fB}},
			{Scan: scan("s2", cutoff.Add(-50*day), onlyX), Resources: []*model.Resource{a, b}},                                                                      // A, B resolved
			{Scan: scan("s3", cutoff.Add(-10*day), onlyX), Resources: []*model.Resource{a, b}, Findings: []model.Finding{fA, fC}},                                   // A reopened, C opened
			{Scan: &model.Scan{ID: "f1", Source: "k8s", Account: "c", Status: model.ScanFailed, StartedAt: cutoff.Add(-5 * day), FinishedAt: cutoff.Add(-5 * day)}}, // failed: no evidence
			{Scan: scan("s4", cutoff.Add(10*day), onlyX), Resources: []*model.Resource{a, b}, Findings: []model.Finding{fA}},                                        // C resolved after the cutoff
			{Scan: scan("s5", now.Add(-day), onlyX), Resources: []*model.Resource{a, b}, Findings: []model.Finding{fA}},
		}
		other := func(id string, at time.Time) record {
			sc := scan(id, at, full)
			sc.Account = "other"
			return record{Scan: sc}
		}
		steps = append(steps, other("o1", cutoff.Add(-200*day)), other("o2", cutoff.Add(-150*day)))
		for _, rec := range steps {
			rec.Finish = store.Finish{Evaluated: all}
			if _, err := recordScan(ctx, s, rec); err != nil {
				t.Fatalf("scan %s: %v", rec.Scan.ID, err)
			}
		}
		for _, r := range []store.ReportRun{
			{Kind: store.ReportEvidence, Framework: "cis-kubernetes-1.12", At: cutoff.Add(-day)},
			{Kind: store.ReportEvidence, Framework: "cis-kubernetes-1.12", At: now.Add(-2 * day)},
		} {
			if err := s.RecordReport(ctx, r); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.Mark(ctx, store.Mark{Fingerprint: fB.Fingerprint, Kind: store.MarkFalsePositive, By: "ana", Reason: "test cluster", At: cutoff.Add(-60 * day)}); err != nil {
			t.Fatal(err)
		}
		ex := store.ExceptionRecord{ID: "EX-1", Rule: "r1", Owner: "ana", Expires: now.Add(day), Doc: `{"id":"EX-1"}`}
		if err := s.ReplaceExceptions(ctx, 0, []store.ExceptionRecord{ex}, []store.ExceptionEvent{{ID: "EX-1", At: cutoff.Add(-300 * day), Event: store.ExceptionAdded, After: ex.Doc}}); err != nil {
			t.Fatal(err)
		}
		for _, d := range []store.Delivery{
			{Channel: "slack", Kind: "slack", Fingerprint: fB.Fingerprint, Action: "page", Change: "opened", Status: store.DeliverySent, CreatedAt: cutoff.Add(-2 * day), UpdatedAt: cutoff.Add(-2 * day)},
			{Channel: "slack", Kind: "slack", Fingerprint: fA.Fingerprint, Action: "page", Change: "opened", Status: store.DeliveryRetrying, CreatedAt: cutoff.Add(-2 * day), UpdatedAt: cutoff.Add(-2 * day)},
			{Channel: "slack", Kind: "slack", Fingerprint: fA.Fingerprint, Action: "page", Change: "reopened", Status: store.DeliverySent, CreatedAt: now.Add(-day), UpdatedAt: now.Add(-day)},
		} {
			if _, err := s.RecordDelivery(ctx, d); err != nil {
				t.Fatal(err)
			}
		}
		for _, fp := range []string{fA.Fingerprint, fB.Fingerprint} {
			if _, _, err := s.ClaimNotify(ctx, "slack", fp, "opened", cutoff.Add(-90*day)); err != nil {
				t.Fatal(err)
			}
		}
		svc, ok := s.(store.ServiceState)
		if !ok {
			t.Fatalf("%T keeps no service state", s)
		}
		for _, c := range []store.Check{
			{ID: "chk-old", Repo: "org/infra", Ref: "pr-1", At: cutoff.Add(-day), Doc: "{}"},
			{ID: "chk-new", Repo: "org/infra", Ref: "pr-2", At: now.Add(-day), Doc: "{}"},
		} {
			if err := svc.RecordCheck(ctx, c); err != nil {
				t.Fatal(err)
			}
		}
		if err := svc.AppendAudit(ctx, store.AuditEntry{At: cutoff.Add(-200 * day), Actor: "ana", Via: "token", Role: "admin", Action: "POST /api/v1/scans", Status: 202}); err != nil {
			t.Fatal(err)
		}
		before := snapshot(ctx, t, s)

		dry, err := s.Compact(ctx, cutoff, true)
		if err != nil {
			t.Fatal(err)
		}
		want := store.Compaction{Before: cutoff, DryRun: true, Scans: 4, Findings: 1, FindingEvents: 4, Resources: 1, ReportRuns: 1, Deliveries: 1, NotifyStates: 1, IaCChecks: 1}
		if dry != want {
			t.Fatalf("dry run %+v\nwant      %+v", dry, want)
		}
		if after := snapshot(ctx, t, s); after != before {
			t.Fatalf("a dry run changed the store:\nbefore %+v\nafter  %+v", before, after)
		}

		got, err := s.Compact(ctx, cutoff, false)
		if err != nil {
			t.Fatal(err)
		}
		want.DryRun = false
		if got != want {
			t.Fatalf("compacted %+v\nwant      %+v", got, want)
		}

		// Open A and C (resolved after the cutoff) stay; B goes.
		fs, err := s.Findings(ctx, store.Query{})
		if err != nil {
			t.Fatal(err)
		}
		status := map[string]string{}
		for _, f := range fs {
			status[f.Fingerprint] = f.Status
		}
		if len(status) != 2 || status[fA.Fingerprint] != model.StatusOpen || status[fC.Fingerprint] != model.StatusResolved {
			t.Errorf("findings after compaction %v, want A open and C resolved", status)
		}
		// A keeps its newest event before the cutoff (reopened at s3),
		// so its state at the cutoff is still open; C keeps all.
		hist := map[string][]string{}
		events, err := s.History(ctx, "")
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range events {
			hist[e.Fingerprint] = append(hist[e.Fingerprint], e.ScanID+":"+e.Event)
		}
		if g := hist[fA.Fingerprint]; len(g) != 1 || g[0] != "s3:reopened" {
			t.Errorf("A's history %v, want [s3:reopened]", g)
		}
		if g := hist[fC.Fingerprint]; len(g) != 2 || g[0] != "s3:opened" || g[1] != "s4:resolved" {
			t.Errorf("C's history %v, want [s3:opened s4:resolved]", g)
		}
		if g := hist[fB.Fingerprint]; len(g) != 0 {
			t.Errorf("B's history %v survived its finding", g)
		}
		scans, err := s.Scans(ctx, 100)
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, sc := range scans {
			ids = append(ids, sc.ID)
		}
		if got, want := ids, []string{"s5", "s4", "s3", "o2"}; !slices.Equal(got, want) {
			t.Errorf("scans after compaction %v, want %v (each scope's newest finished scan before the cutoff kept)", got, want)
		}
		inv, err := s.Resources(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(inv) != 2 {
			t.Errorf("inventory %+v, want a and b (z unseen since before the cutoff)", inv)
		}
		runs, err := s.ReportRuns(ctx, time.Time{})
		if err != nil || len(runs) != 1 || !runs[0].At.Equal(now.Add(-2*day)) {
			t.Errorf("report runs %+v %v, want the one after the cutoff", runs, err)
		}
		// Deliveries in flight stay whatever their age; the channel keeps
		// what it was told of A, not of the removed B.
		if ds, err := s.Deliveries(ctx, store.DeliveryQuery{}); err != nil || len(ds) != 2 {
			t.Errorf("deliveries %v %+v, want the retrying one and the recent one", err, ds)
		}
		if ns, err := s.NotifyStates(ctx, "slack"); err != nil || len(ns) != 1 || ns[0].Fingerprint != fA.Fingerprint {
			t.Errorf("notification states %v %+v, want A's only", err, ns)
		}
		if c, err := svc.Check(ctx, "chk-old"); err != nil || c != nil {
			t.Errorf("the old pull request check survived: %+v %v", c, err)
		}
		if c, err := svc.Check(ctx, "chk-new"); err != nil || c == nil {
			t.Errorf("the recent pull request check is gone: %v", err)
		}
		if log, err := svc.AuditLog(ctx, time.Time{}, 10); err != nil || len(log) != 1 {
			t.Errorf("audit log %+v %v: it is never compacted", log, err)
		}
		after := snapshot(ctx, t, s)
		if after.marks != before.marks || after.exceptions != before.exceptions || after.exceptionEvents != before.exceptionEvents {
			t.Errorf("marks or exceptions changed: before %+v after %+v", before, after)
		}

		again, err := s.Compact(ctx, cutoff, false)
		if err != nil || again.Total() != 0 {
			t.Errorf("second compaction %+v %v, want nothing left to remove", again, err)
		}
	})
}

// counts is how many rows a store holds, as its read methods see them.
type counts struct {
	scans, findings, events, resources, reports, marks, exceptions, exceptionEvents int
}

func snapshot(ctx context.Context, t *testing.T, s store.Store) counts {
	t.Helper()
	var c counts
	check := func(n int, err error) int {
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	sc, err := s.Scans(ctx, 1000)
	c.scans = check(len(sc), err)
	fs, err := s.Findings(ctx, store.Query{})
	c.findings = check(len(fs), err)
	ev, err := s.History(ctx, "")
	c.events = check(len(ev), err)
	rs, err := s.Resources(ctx)
	c.resources = check(len(rs), err)
	rr, err := s.ReportRuns(ctx, time.Time{})
	c.reports = check(len(rr), err)
	ms, err := s.Marks(ctx, "")
	c.marks = check(len(ms), err)
	ex, err := s.Exceptions(ctx)
	c.exceptions = check(len(ex.Records), err)
	ee, err := s.ExceptionHistory(ctx, "")
	c.exceptionEvents = check(len(ee), err)
	return c
}

// TestCompactBefore: history shorter than the audit period, or not
// positive, is refused.
func TestCompactBefore(t *testing.T) {
	now := time.Date(2027, 6, 1, 0, 0, 0, 0, time.UTC)
	if got, err := store.CompactBefore(now, 10*24*time.Hour, 7*24*time.Hour); err != nil || !got.Equal(now.Add(-10*24*time.Hour)) {
		t.Errorf("CompactBefore(10d, 7d) = %v, %v", got, err)
	}
	for _, c := range [][2]time.Duration{{0, 0}, {-time.Hour, 0}, {24 * time.Hour, 48 * time.Hour}} {
		if _, err := store.CompactBefore(now, c[0], c[1]); err == nil {
			t.Errorf("CompactBefore(%s, %s) accepted", c[0], c[1])
		}
	}
}
