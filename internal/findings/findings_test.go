package findings

import (
	"testing"

	"github.com/vigil-cspm/vigil/internal/graph"
	"github.com/vigil-cspm/vigil/internal/model"
	"github.com/vigil-cspm/vigil/internal/policy"
)

type refs map[string][]model.ComplianceRef

func (r refs) Refs(id string) []model.ComplianceRef { return r[id] }

func TestBuild(t *testing.T) {
	deploy := &model.Resource{ID: "deploy", Kind: "Deployment", Name: "web"}
	rs := &model.Resource{ID: "rs", Kind: "ReplicaSet", Name: "web-1", Relations: []model.Relation{{Type: model.RelControlledBy, Target: "deploy"}}}
	pod := &model.Resource{ID: "pod", Kind: "Pod", Name: "web-1-x", Relations: []model.Relation{{Type: model.RelControlledBy, Target: "rs"}}}
	orphan := &model.Resource{ID: "orphan", Kind: "Pod", Name: "lonely", Relations: []model.Relation{{Type: model.RelControlledBy, Target: "gone"}}}
	sys := &model.Resource{ID: "sys", Kind: "ClusterRole", Name: "system:x", System: true}
	g := graph.New([]*model.Resource{deploy, rs, pod, orphan, sys})

	priv := &model.RuleMeta{ID: "priv", Title: "Privileged", Severity: model.SeverityCritical, Remediation: "fix"}
	probe := &model.RuleMeta{ID: "probe", Title: "Probe", Severity: model.SeverityLow}
	wild := &model.RuleMeta{ID: "wild", Title: "Wildcard", Severity: model.SeverityMedium}
	results := []policy.Result{
		{Rule: priv, Resource: deploy, Message: `container "a" runs privileged`, Evidence: model.Evidence{Path: "p0"}},
		{Rule: priv, Resource: deploy, Message: `container "b" runs privileged`, Evidence: model.Evidence{Path: "p1"}},
		{Rule: priv, Resource: rs, Message: "same as deployment"},
		{Rule: priv, Resource: pod, Message: "same as deployment"},
		{Rule: probe, Resource: pod, Message: "only the pod differs"},
		{Rule: priv, Resource: orphan, Message: "owner not in scan"},
		{Rule: wild, Resource: sys, Message: "system role"},
	}
	fs := Build(results, g, refs{"priv": {{Framework: "cis-kubernetes-1.12", Control: "5.2.2"}}}, Options{})
	got := map[string]model.Finding{}
	for _, f := range fs {
		got[f.RuleID+"/"+f.Resource.ID] = f
	}
	if len(fs) != 3 {
		t.Fatalf("got %d findings, want 3: %v", len(fs), got)
	}
	d := got["priv/deploy"]
	if d.Message != `container "a" runs privileged; container "b" runs privileged` || d.Evidence.Path != "p0" || d.Fingerprint != model.Fingerprint("priv", "deploy") {
		t.Errorf("merged finding = %+v", d)
	}
	if len(d.Compliance) != 1 || d.Remediation != "fix" || d.Status != model.StatusOpen {
		t.Errorf("finding fields = %+v", d)
	}
	if _, ok := got["probe/pod"]; !ok {
		t.Error("a pod's own finding, which its controller lacks, was dropped")
	}
	if _, ok := got["priv/orphan"]; !ok {
		t.Error("a pod whose controller is not in the scan lost its finding")
	}
	if fs[0].Severity != model.SeverityCritical || fs[len(fs)-1].Severity != model.SeverityLow {
		t.Errorf("not sorted by severity: %v", fs)
	}
	if h := Hidden(results, Options{}); len(h) != 1 || !h[model.Fingerprint("wild", "sys")] {
		t.Errorf("Hidden = %v, want the system role's finding", h)
	}
	if h := Hidden(results, Options{IncludeSystem: true}); len(h) != 0 {
		t.Errorf("Hidden with --include-system = %v", h)
	}
	withSys := Build(results, g, refs{}, Options{IncludeSystem: true})
	if len(withSys) != 4 {
		t.Errorf("--include-system: %d findings, want 4", len(withSys))
	}
}

func TestInconclusive(t *testing.T) {
	rules := []*model.RuleMeta{
		{ID: "r-guarded", ResourceTypes: []string{"aws.s3.bucket"}, Guards: []string{"policy"}},
		{ID: "r-other", ResourceTypes: []string{"aws.s3.bucket"}, Guards: []string{"versioning"}},
		{ID: "r-unguarded", ResourceTypes: []string{"aws.s3.bucket"}},
	}
	b := &model.Resource{ID: "b1", Type: "aws.s3.bucket", Name: "b1", Attributes: map[string]any{"unread": []any{"policy"}}}
	fired := &model.Resource{ID: "b2", Type: "aws.s3.bucket", Name: "b2", Attributes: map[string]any{"unread": []any{"policy"}}}
	fs := []model.Finding{{Fingerprint: model.Fingerprint("r-guarded", "b2"), RuleID: "r-guarded", Resource: fired}}
	got := Inconclusive([]*model.Resource{b, fired}, rules, fs, nil)
	if len(got) != 1 || got[0].RuleID != "r-guarded" || got[0].ResourceID != "b1" || got[0].Attributes[0] != "policy" {
		t.Errorf("inconclusive %+v", got)
	}
}
