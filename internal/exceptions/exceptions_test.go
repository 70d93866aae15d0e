package exceptions

import (
	"testing"
	"time"

	"github.com/vigil-cspm/vigil/internal/model"
)

func finding(rule, ns, name string, labels map[string]string) model.Finding {
	r := &model.Resource{ID: "k8s://c/" + ns + "/apps/Deployment/" + name, Type: "k8s.apps.deployment", Provider: "k8s", Account: "c", Namespace: ns, Name: name, Labels: labels}
	return model.Finding{Fingerprint: model.Fingerprint(rule, r.ID), RuleID: rule, Status: model.StatusOpen, Resource: r}
}

func exception(id, rule string, sel Selector) Exception {
	created := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	return Exception{ID: id, Rule: rule, Resource: sel, Reason: "why", Owner: "o", ApprovedBy: "a", Created: created, Expires: created.AddDate(0, 0, 30)}
}

func TestApplyExpiresOnTime(t *testing.T) {
	set := []Exception{exception("legacy", "k8s-*", Selector{Namespace: "legacy", Labels: map[string]string{"team": "pay*"}})}
	fs := []model.Finding{
		finding("k8s-privileged", "legacy", "a", map[string]string{"team": "payments"}),
		finding("k8s-privileged", "legacy", "b", map[string]string{"team": "web"}),
		finding("k8s-privileged", "shop", "c", map[string]string{"team": "payments"}),
	}
	lastDay := time.Date(2026, 12, 31, 23, 59, 0, 0, time.UTC)
	in := append([]model.Finding(nil), fs...)
	Apply(in, set, lastDay)
	if in[0].Status != model.StatusExcepted || in[0].Exception.ID != "legacy" || in[0].Exception.Source != SourceFile || in[0].Exception.Expired {
		t.Errorf("on its last day: %+v %+v, want excepted by legacy", in[0].Status, in[0].Exception)
	}
	if in[1].Status != model.StatusOpen || in[1].Exception != nil || in[2].Status != model.StatusOpen {
		t.Errorf("unmatched findings changed: %+v %+v", in[1], in[2])
	}
	after := append([]model.Finding(nil), fs...)
	Apply(after, set, lastDay.Add(time.Minute))
	if after[0].Status != model.StatusOpen || after[0].Exception == nil || !after[0].Exception.Expired {
		t.Errorf("the day after: %s %+v, want open, naming the expired exception", after[0].Status, after[0].Exception)
	}
	if got := set[0].DaysLeft(lastDay); got != 0 {
		t.Errorf("days left on the last day = %d, want 0", got)
	}
	if got := set[0].DaysLeft(lastDay.Add(time.Hour)); got != -1 {
		t.Errorf("days left the day after = %d, want -1", got)
	}
}
