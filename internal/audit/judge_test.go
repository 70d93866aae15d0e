package audit

import (
	"testing"
	"time"

	"github.com/vigil-cspm/vigil/internal/compliance"
	"github.com/vigil-cspm/vigil/internal/model"
	"github.com/vigil-cspm/vigil/internal/store"
)

// TestJudgeStatuses: each status from its cause, and a stale scope's
// finding never counted.
func TestJudgeStatuses(t *testing.T) {
	now := time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)
	fw := &compliance.Framework{ID: "t", Requirements: []compliance.Requirement{
		{ID: "1.1", Title: "pods fail", Automated: true, Rules: []string{"pod-rule"}},
		{ID: "1.2", Title: "pods pass", Automated: true, Rules: []string{"pod-ok"}},
		{ID: "1.3", Title: "no such type here", Automated: true, Rules: []string{"bucket-rule"}},
		{ID: "2.1", Title: "excepted", Automated: true, Rules: []string{"sa-rule"}},
		{ID: "2.2", Title: "by hand", Automated: false},
		{ID: "2.3", Title: "types unread", Automated: true, Rules: []string{"secret-rule"}},
		{ID: "3", Title: "stale only", Automated: true, Rules: []string{"old-rule"}},
		{ID: "4", Title: "no rule yet", Status: compliance.StatusNotCovered},
		{ID: "5", Title: "by hand, with a reason", Status: compliance.StatusManual, Note: "Manual: the contract says so."},
	}}
	rules := map[string]*model.RuleMeta{
		"pod-rule": {ResourceTypes: []string{"k8s.core.pod"}}, "pod-ok": {ResourceTypes: []string{"k8s.core.pod"}},
		"bucket-rule": {ResourceTypes: []string{"aws.s3.bucket"}}, "sa-rule": {ResourceTypes: []string{"k8s.core.service_account"}},
		"secret-rule": {ResourceTypes: []string{"k8s.core.secret"}}, "old-rule": {ResourceTypes: []string{"k8s.core.config_map"}},
	}
	fresh := &scopeData{key: scopeKey{"k8s", "prod"}, counts: map[string]int{"k8s.core.pod": 3, "k8s.core.service_account": 2},
		scans: []model.Scan{{ID: "s2", Status: model.ScanPartial, FinishedAt: now.Add(-time.Hour),
			Coverage: []model.Coverage{{Scope: "k8s.core.secret@shop", Status: model.CoverageDenied, Reason: "forbidden"}}}}}
	old := &scopeData{key: scopeKey{"k8s", "dev"}, counts: map[string]int{"k8s.core.config_map": 9},
		scans: []model.Scan{{ID: "s1", Status: model.ScanComplete, FinishedAt: now.Add(-9 * 24 * time.Hour)}}}
	pod := &model.Resource{ID: "pod-a"}
	findings := map[scopeKey][]model.Finding{
		fresh.key: {
			{Fingerprint: "f1", RuleID: "pod-rule", Status: model.StatusOpen, Resource: pod},
			{Fingerprint: "f2", RuleID: "sa-rule", Status: model.StatusExcepted, Resource: &model.Resource{ID: "sa"}, Exception: &model.Exception{ID: "ex1"}},
			{Fingerprint: "f3", RuleID: "pod-ok", Status: model.StatusResolved, Resource: pod},
			// Marked a false positive: the rule was wrong, 1.2 still passes.
			{Fingerprint: "f5", RuleID: "pod-ok", Status: model.StatusFalsePositive, Resource: &model.Resource{ID: "pod-b"}},
		},
		old.key: {{Fingerprint: "f4", RuleID: "old-rule", Status: model.StatusOpen, Resource: &model.Resource{ID: "cm"}}},
	}
	j := judgeAt(Options{Framework: fw, Rules: rules, MaxAge: 7 * 24 * time.Hour}, []*scopeData{fresh, old}, now, findings)
	want := map[string]string{"1.1": StatusFail, "1.2": StatusPass, "1.3": StatusNotApplicable, "2.1": StatusExcepted,
		"2.2": StatusManual, "2.3": StatusNotCovered, "3": StatusNotCovered, "4": StatusNotCovered, "5": StatusManual}
	for _, r := range j.requirements {
		if r.Status != want[r.ID] {
			t.Errorf("%s: %s (%s), want %s", r.ID, r.Status, r.Reason, want[r.ID])
		}
	}
	if r := j.requirements[7]; r.Check != compliance.StatusNotCovered || r.Reason != "no rule decides it yet" {
		t.Errorf("not-covered requirement: check %q, reason %q", r.Check, r.Reason)
	}
	if r := j.requirements[4]; r.Check != compliance.StatusManual || r.Reason != "not automated: judge it by hand" {
		t.Errorf("manual requirement: check %q, reason %q", r.Check, r.Reason)
	}
	if r := j.requirements[8]; r.Reason != "Manual: the contract says so." {
		t.Errorf("a manual requirement's note is its reason, got %q", r.Reason)
	}
	if r := j.requirements[6]; r.StaleFindings != 1 || r.Section != "-" {
		t.Errorf("stale-only requirement %+v", r)
	}
	if r := j.requirements[0]; r.Evaluated != 3 || len(r.Failing) != 1 || r.Section != "1" || len(r.Scans) != 1 || r.Scans[0] != "s2" {
		t.Errorf("failing requirement %+v", r)
	}
	if len(j.scopes) != 2 || j.scopes[1].State != ScopeStale || j.scopes[0].State != ScopeFresh {
		t.Errorf("scopes %+v", j.scopes)
	}
	s := scoreOf(j.requirements)
	if s.Percent == nil || *s.Percent != 33.3 || s.Passed != 1 || s.Failed != 1 || s.Excepted != 1 || s.NotApplicable != 1 || s.NotCovered != 3 {
		t.Errorf("score %+v (percent %v), want 1/(1+1+1) = 33.3", s, s.Percent)
	}
	if p := scoreOf(j.requirements[4:5]).Percent; p != nil {
		t.Errorf("a score of manual requirements only is %v, want none", *p)
	}
}

// TestStateAt: a finding's status at a time from its events, reopening
// included; the exception set at a time from its history.
func TestStateAt(t *testing.T) {
	t0 := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	evs := []store.Event{{At: t0, Event: store.EventOpened}, {At: t0.Add(2 * time.Hour), Event: store.EventResolved}, {At: t0.Add(4 * time.Hour), Event: store.EventReopened}}
	for h, want := range map[int]string{-1: "", 0: model.StatusOpen, 1: model.StatusOpen, 2: model.StatusResolved, 3: model.StatusResolved, 5: model.StatusOpen} {
		if got := stateAt(evs, t0.Add(time.Duration(h)*time.Hour)); got != want {
			t.Errorf("at +%dh: %q, want %q", h, got, want)
		}
	}
	exs := []store.ExceptionEvent{
		{ID: "a", At: t0, Event: store.ExceptionAdded, After: `{"id":"a","rule":"r1"}`},
		{ID: "a", At: t0.Add(time.Hour), Event: store.ExceptionWidened, Before: `{"id":"a","rule":"r1"}`, After: `{"id":"a","rule":"r*"}`},
		{ID: "a", At: t0.Add(3 * time.Hour), Event: store.ExceptionRemoved, Before: `{"id":"a","rule":"r*"}`},
	}
	for h, want := range map[int]string{-1: "", 0: "r1", 2: "r*", 4: ""} {
		set, err := exceptionsAt(exs, t0.Add(time.Duration(h)*time.Hour))
		got := ""
		if len(set) == 1 {
			got = set[0].Rule
		}
		if err != nil || got != want || len(set) > 1 {
			t.Errorf("at +%dh: %v %q, want %q", h, err, got, want)
		}
	}
}
