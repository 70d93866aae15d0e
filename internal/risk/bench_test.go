package risk_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/vigil-cspm/vigil/internal/model"
	"github.com/vigil-cspm/vigil/internal/risk"
)

// estate is a cluster of n workloads in n/50 namespaces, each namespace
// with a LoadBalancer Service selecting half its workloads, and a tenth
// of the workloads bound to a cluster-wide administrator role; two
// findings per workload (one of them a privileged container).
func estate(n int) ([]*model.Resource, []risk.Record) {
	admin := &model.Resource{ID: "k8s://c/_/rbac/ClusterRole/ops", Type: "k8s.rbac.cluster_role", Name: "ops", Account: "c",
		Attributes: map[string]any{"rules": []any{map[string]any{"verbs": []any{"*"}, "resources": []any{"*"}, "api_groups": []any{"*"}}}}}
	rs := []*model.Resource{admin}
	var recs []risk.Record
	for i := range n {
		ns := fmt.Sprintf("ns-%d", i/50)
		if i%50 == 0 {
			rs = append(rs, &model.Resource{ID: "k8s://c/" + ns + "/core/Service/web", Type: "k8s.core.service", Name: "web", Namespace: ns, Account: "c",
				Attributes: map[string]any{"spec": map[string]any{"type": "LoadBalancer", "selector": map[string]any{"tier": "web"}}}})
		}
		tier := "web"
		if i%2 == 1 {
			tier = "batch"
		}
		sa := fmt.Sprintf("k8s://c/%s/core/ServiceAccount/sa-%d", ns, i)
		w := &model.Resource{ID: fmt.Sprintf("k8s://c/%s/apps/Deployment/app-%d", ns, i), Type: "k8s.apps.deployment", Name: fmt.Sprintf("app-%d", i), Namespace: ns, Account: "c",
			Attributes: map[string]any{"pod_spec": map[string]any{}, "pod_metadata": map[string]any{"labels": map[string]any{"tier": tier}}},
			Relations:  []model.Relation{{Type: model.RelRunsAs, Target: sa}}}
		rs = append(rs, w)
		if i%10 == 0 {
			rs = append(rs, &model.Resource{ID: fmt.Sprintf("k8s://c/_/rbac/ClusterRoleBinding/b-%d", i), Type: "k8s.rbac.cluster_role_binding", Name: fmt.Sprintf("b-%d", i), Account: "c",
				Relations: []model.Relation{{Type: model.RelBindsRole, Target: admin.ID}, {Type: model.RelBindsSubject, Target: sa}}})
		}
		id := w.Identity()
		for _, rule := range []string{"k8s-privileged-container", "k8s-resource-limits"} {
			recs = append(recs, risk.Record{Fingerprint: model.Fingerprint(rule, w.ID), RuleID: rule, Status: model.StatusOpen, Severity: model.SeverityHigh, Resource: id})
		}
	}
	return rs, recs
}

// BenchmarkAssess100k: graph build, reachability, privilege, scoring and
// combination rules over 100,000 findings (target: ≤ 2 s).
func BenchmarkAssess100k(b *testing.B) {
	rs, recs := estate(50_000)
	c := library(b)
	if _, err := c.Rules(); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	var combos int
	for b.Loop() {
		g := risk.NewGraph(nil)
		g.Add(rs)
		work := append([]risk.Record(nil), recs...)
		_, cs, err := risk.Assess(context.Background(), g, work, c)
		if err != nil {
			b.Fatal(err)
		}
		combos = len(cs)
	}
	// Every tenth workload is exposed and an administrator: 5,000 paths.
	if combos != 5000 {
		b.Fatalf("%d combinations, want 5000", combos)
	}
	b.ReportMetric(float64(len(recs)), "findings")
}
