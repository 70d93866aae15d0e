package sqlstore_test

import (
	"context"
	"testing"
	"time"

	"github.com/vigil-cspm/vigil/internal/model"
	"github.com/vigil-cspm/vigil/internal/store"
)

// TestReportRuns: report runs are kept with their duration and read back
// from a time on, oldest first.
func TestReportRuns(t *testing.T) {
	each(t, func(t *testing.T, open func(t *testing.T) store.Store) {
		ctx := context.Background()
		s := open(t)
		day0 := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
		runs := []store.ReportRun{
			{Kind: store.ReportEvidence, Framework: "cis-aws-7.0", At: day0.Add(48 * time.Hour), Duration: 1500 * time.Millisecond, Scans: 2, Findings: 40, Bytes: 12345678901, KeyFingerprint: "sha256:ab"},
			{Kind: store.ReportEvidence, Framework: "cis-kubernetes-1.12", At: day0, Duration: 250 * time.Millisecond, Scans: 1, Findings: 3, Bytes: 900},
			{Kind: store.ReportCompliance, Framework: "cis-aws-7.0", At: day0.Add(24 * time.Hour), Duration: 3 * time.Second},
		}
		for _, r := range runs {
			if err := s.RecordReport(ctx, r); err != nil {
				t.Fatal(err)
			}
		}
		got, err := s.ReportRuns(ctx, day0.Add(time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 2 {
			t.Fatalf("got %d runs since day0+1h, want 2: %+v", len(got), got)
		}
		if got[0].Kind != store.ReportCompliance || got[0].Duration != 3*time.Second || !got[0].At.Equal(day0.Add(24*time.Hour)) {
			t.Errorf("first run %+v, want the compliance report of day 1 taking 3s", got[0])
		}
		if g := got[1]; g.Framework != runs[0].Framework || g.Bytes != runs[0].Bytes || g.Duration != runs[0].Duration || g.KeyFingerprint != "sha256:ab" || g.Scans != 2 || g.Findings != 40 || !g.At.Equal(runs[0].At) {
			t.Errorf("second run %+v, want %+v", g, runs[0])
		}
		all, err := s.ReportRuns(ctx, time.Time{})
		if err != nil || len(all) != 3 || all[0].Framework != "cis-kubernetes-1.12" {
			t.Fatalf("all runs: %v %+v", err, all)
		}
	})
}

// TestResourceCounts: the inventory is counted by source, account and
// type.
func TestResourceCounts(t *testing.T) {
	each(t, func(t *testing.T, open func(t *testing.T) store.Store) {
		ctx := context.Background()
		s := open(t)
		day0 := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
		a, b := res("a", "shop"), res("b", "shop")
		ns := &model.Resource{ID: "k8s://c/_/core/Namespace/shop", Type: "k8s.core.namespace", Provider: "k8s", Account: "c", Name: "shop", Kind: "Namespace", Source: model.Source{Kind: model.SourceLive}}
		if _, err := recordScan(ctx, s, record{Finish: store.Finish{Evaluated: all}, Scan: scan("s1", day0, full), Resources: []*model.Resource{a, b, ns}}); err != nil {
			t.Fatal(err)
		}
		got, err := s.ResourceCounts(ctx)
		if err != nil {
			t.Fatal(err)
		}
		want := []store.ResourceCount{{Source: "k8s", Account: "c", Type: "k8s.apps.deployment", Count: 2}, {Source: "k8s", Account: "c", Type: "k8s.core.namespace", Count: 1}}
		if len(got) != len(want) || got[0] != want[0] || got[1] != want[1] {
			t.Errorf("counts %+v, want %+v", got, want)
		}
	})
}
