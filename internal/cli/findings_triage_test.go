package cli

import (
	"strings"
	"testing"
	"time"

	"github.com/vigil-cspm/vigil/internal/model"
)

// TestSortFindings: each --sort order, with its rule for ties and for
// findings without a score or a due date.
func TestSortFindings(t *testing.T) {
	t0 := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	due := func(d int) *model.Triage { x := t0.AddDate(0, 0, d); return &model.Triage{Due: &x} }
	mk := func(id string, sev model.Severity, score int, tr *model.Triage, first, last int) model.Finding {
		f := model.Finding{Fingerprint: id, Severity: sev, Triage: tr, FirstSeen: t0.AddDate(0, 0, first), LastSeen: t0.AddDate(0, 0, last)}
		if score >= 0 {
			f.Risk = &model.Risk{Score: score}
		}
		return f
	}
	base := []model.Finding{
		mk("a", model.SeverityLow, 90, due(30), 3, 4),
		mk("b", model.SeverityCritical, -1, due(2), 1, 9),
		mk("c", model.SeverityHigh, 40, nil, 2, 5),
		mk("d", model.SeverityCritical, 40, due(2), 0, 6),
		mk("e", model.SeverityMedium, -1, due(10), 5, 7),
	}
	for by, want := range map[string]string{
		"severity":   "bdcea",
		"risk":       "adcbe", // 90; 40 critical before 40 high; unscored last, by severity
		"due":        "bdeac", // day 2 (critical, critical: store order), 10, 30, none
		"first-seen": "dbcae",
		"last-seen":  "bedca",
	} {
		fs := append([]model.Finding(nil), base...)
		sortFindings(fs, by)
		var got strings.Builder
		for _, f := range fs {
			got.WriteString(f.Fingerprint)
		}
		if got.String() != want {
			t.Errorf("--sort %s: %s, want %s", by, got.String(), want)
		}
	}
}

// TestTopFactor: the factor that adds most besides severity, with its
// detail; severity only when it is the only one.
func TestTopFactor(t *testing.T) {
	r := &model.Risk{Score: 80, Factors: []model.RiskFactor{{Name: "severity", Points: 40, Detail: "critical"}, {Name: "exposure", Points: 25, Detail: "LoadBalancer Service"}, {Name: "privilege", Points: 15, Detail: "cluster-admin"}}}
	if got := topFactor(r); got != "exposure: LoadBalancer Service" {
		t.Errorf("topFactor = %q", got)
	}
	if got := topFactor(&model.Risk{Factors: r.Factors[:1]}); got != "severity: critical" {
		t.Errorf("severity alone = %q", got)
	}
	if got := topFactor(nil); got != "-" {
		t.Errorf("unscored = %q", got)
	}
}
