package sqlstore_test

import (
	"context"
	"testing"
	"time"

	"github.com/vigil-cspm/vigil/internal/store"
)

// TestAdmissionDecisions: decisions are stored with their verdicts, a
// retried send changes nothing, they are listed newest first and by a
// finding's fingerprint, and compaction removes old ones with their
// verdicts.
func TestAdmissionDecisions(t *testing.T) {
	each(t, func(t *testing.T, open func(t *testing.T) store.Store) {
		ctx := context.Background()
		st := open(t)
		s := st.(store.AdmissionLog)
		t0 := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
		denied := store.AdmissionDecision{UID: "u1", At: t0, Cluster: "prod", Operation: "CREATE", Kind: "Pod", Namespace: "payments", Name: "web",
			User: "alice", Allowed: false, Reason: "judged", Message: "vigil denied Pod payments/web", Received: t0.Add(time.Second),
			Verdicts: []store.AdmissionVerdict{
				{Fingerprint: "fp-priv", RuleID: "k8s-privileged-container", Severity: "critical", Mode: "enforce", Result: "denied"},
				{Fingerprint: "fp-root", RuleID: "k8s-run-as-root", Severity: "medium", Mode: "audit", Result: "audited"},
			}}
		warned := store.AdmissionDecision{UID: "u2", At: t0.Add(time.Hour), Cluster: "prod", Operation: "UPDATE", Kind: "Deployment", Namespace: "shop",
			Name: "cart", User: "bob", Allowed: true, Reason: "judged", Received: t0.Add(time.Hour),
			Verdicts: []store.AdmissionVerdict{{Fingerprint: "fp-priv-cart", RuleID: "k8s-privileged-container", Severity: "critical", Mode: "warn", Result: "warned"}}}
		for _, d := range []store.AdmissionDecision{denied, warned, denied} {
			if err := s.RecordDecision(ctx, d); err != nil {
				t.Fatal(err)
			}
		}
		all, err := s.AdmissionDecisions(ctx, store.AdmissionQuery{})
		if err != nil {
			t.Fatal(err)
		}
		if len(all) != 2 || all[0].UID != "u2" || all[1].UID != "u1" || all[1].Allowed || !all[0].Allowed ||
			len(all[1].Verdicts) != 2 || all[1].Verdicts[0].RuleID != "k8s-privileged-container" || all[1].Verdicts[0].Result != "denied" ||
			!all[1].At.Equal(t0) || all[1].Message != denied.Message || all[1].User != "alice" {
			t.Fatalf("decisions = %+v", all)
		}
		byFP, err := s.AdmissionDecisions(ctx, store.AdmissionQuery{Fingerprint: "fp-root"})
		if err != nil || len(byFP) != 1 || byFP[0].UID != "u1" {
			t.Fatalf("by fingerprint = %+v, %v", byFP, err)
		}
		if one, err := s.AdmissionDecisions(ctx, store.AdmissionQuery{Limit: 1}); err != nil || len(one) != 1 || one[0].UID != "u2" {
			t.Fatalf("limit 1 = %+v, %v", one, err)
		}
		c, err := st.Compact(ctx, t0.Add(30*time.Minute), false)
		if err != nil || c.AdmissionDecisions != 1 {
			t.Fatalf("compaction = %+v, %v", c, err)
		}
		if gone, _ := s.AdmissionDecisions(ctx, store.AdmissionQuery{Fingerprint: "fp-priv"}); len(gone) != 0 {
			t.Errorf("a compacted decision is still listed: %+v", gone)
		}
	})
}
