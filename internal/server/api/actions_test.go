package api_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/vigil-cspm/vigil/internal/jobs"
	"github.com/vigil-cspm/vigil/internal/store/sqlite"
)

// TestTriggerScan: an operator queues a scan of a configured connector's
// scope on the real jobs engine (202 with the job id); the same scope
// again is 409 naming the queued job; a scope outside the caller's scope
// is 403 (an organization's account scope is the account's), a malformed
// one or an unknown connector 400; without a scope an unscoped operator
// queues every scope; connector health comes from the engine.
func TestTriggerScan(t *testing.T) {
	path := filepath.Join(t.TempDir(), "vigil.db")
	st, err := sqlite.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	eng, err := jobs.OpenSQLite(context.Background(), path, jobs.Options{
		Scan:       func(context.Context, jobs.ScopeRef) error { return nil },
		Connectors: []jobs.Connector{{Name: "prod-aws", Scopes: []string{"aws:111111111111/eu-west-1", "aws:222222222222/eu-west-1"}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	defer eng.Close()
	e := newEnv(t, st, eng)
	body := map[string]string{"connector": "prod-aws", "scope": "aws:111111111111/eu-west-1"}
	if code, _ := e.call("viewer", "POST", "/api/v1/scans", body); code != http.StatusForbidden {
		t.Errorf("a viewer queued a scan: %d", code)
	}
	code, b := e.call("acct", "POST", "/api/v1/scans", body)
	var q struct {
		JobID     int64 `json:"job_id"`
		Duplicate bool  `json:"duplicate"`
	}
	if err := json.Unmarshal(b, &q); code != http.StatusAccepted || err != nil || q.JobID == 0 || q.Duplicate {
		t.Fatalf("queue: %d %s", code, b)
	}
	code, b = e.call("op", "POST", "/api/v1/scans", body)
	var dup struct {
		JobID     int64 `json:"job_id"`
		Duplicate bool  `json:"duplicate"`
		Error     string
	}
	if err := json.Unmarshal(b, &dup); code != http.StatusConflict || err != nil || dup.JobID != q.JobID || !dup.Duplicate || !strings.Contains(dup.Error, "already queued") {
		t.Errorf("queue again: %d %s", code, b)
	}
	code, b = e.call("acct", "POST", "/api/v1/scans", map[string]string{"connector": "prod-aws", "scope": "aws:222222222222/eu-west-1"})
	if code != http.StatusForbidden || !strings.Contains(problem(t, b).Error, "outside") {
		t.Errorf("acct queued another account: %d %s", code, b)
	}
	// An organization's account scope is that account's.
	if code, b := e.call("acct", "POST", "/api/v1/scans", map[string]string{"connector": "prod-aws", "scope": "aws:o-example/111111111111"}); code != http.StatusAccepted {
		t.Errorf("acct queued its account of an organization: %d %s", code, b)
	}
	if code, b := e.call("acct", "POST", "/api/v1/scans", map[string]string{"connector": "prod-aws", "scope": "aws:o-example/222222222222"}); code != http.StatusForbidden {
		t.Errorf("acct queued another account of an organization: %d %s", code, b)
	}
	// The whole connector: every scope not yet queued; scoped callers
	// may not.
	whole := map[string]string{"connector": "prod-aws"}
	if code, b := e.call("acct", "POST", "/api/v1/scans", whole); code != http.StatusForbidden {
		t.Errorf("a scoped operator queued a whole connector: %d %s", code, b)
	}
	code, b = e.call("op", "POST", "/api/v1/scans", whole)
	var all struct {
		Jobs []jobs.Enqueued `json:"jobs"`
	}
	if err := json.Unmarshal(b, &all); code != http.StatusAccepted || err != nil || len(all.Jobs) != 2 ||
		all.Jobs[0].Scope != "aws:111111111111/eu-west-1" || !all.Jobs[0].Duplicate || all.Jobs[1].Duplicate {
		t.Errorf("queue the whole connector: %d %s", code, b)
	}
	if code, b := e.call("op", "POST", "/api/v1/scans", whole); code != http.StatusConflict {
		t.Errorf("queue the whole connector again: %d %s", code, b)
	}
	for _, bad := range []map[string]string{{"connector": "prod-aws", "scope": "no-kind"}, {"connector": "nope", "scope": "aws:1/x"}, {"connector": "nope"}} {
		if code, b := e.call("op", "POST", "/api/v1/scans", bad); code != http.StatusBadRequest {
			t.Errorf("queue %v: %d %s", bad, code, b)
		} else {
			problem(t, b)
		}
	}
	var health struct {
		Items []struct {
			Connector string
			Scopes    []struct{ Scope string }
		} `json:"items"`
	}
	e.get("acct", "/api/v1/connectors", &health)
	if len(health.Items) != 1 || len(health.Items[0].Scopes) != 1 || health.Items[0].Scopes[0].Scope != "aws:111111111111/eu-west-1" {
		t.Errorf("acct's connector health: %+v", health.Items)
	}
	e.get("viewer", "/api/v1/connectors", &health)
	if len(health.Items) != 1 || len(health.Items[0].Scopes) != 2 {
		t.Errorf("viewer's connector health: %+v", health.Items)
	}
}

// TestBadRequests: malformed input is 400 with what is wrong and what
// to send; nothing is a 500.
func TestBadRequests(t *testing.T) {
	e := newEnv(t, openSQLite(t), nil)
	awsEstate(t, e.st, time.Now())
	for _, tc := range []struct{ path, want string }{
		{"/api/v1/findings?colour=red", `unknown query parameter "colour"`},
		{"/api/v1/findings?status=opne", `unknown status "opne"`},
		{"/api/v1/findings?min_severity=severe", "unknown severity"},
		{"/api/v1/findings?sort=name", `unknown sort "name"`},
		{"/api/v1/findings?limit=0", "limit"},
		{"/api/v1/findings?limit=5000", "limit"},
		{"/api/v1/findings?rule=a&rule=b", "given 2 times"},
		{"/api/v1/findings?account=1&cluster=c", "both set"},
		{"/api/v1/findings?cursor=%25%25", "cursor"},
		{"/api/v1/findings?cursor=" + url.QueryEscape("eyJ2Ijo5fQ"), "version 9"},
		{"/api/v1/findings?q=" + url.QueryEscape("a\nb"), "control character"},
		{"/api/v1/findings?overdue=maybe", "true or false"},
		{"/api/v1/resources?label=team", "key=value"},
		{"/api/v1/metrics?since=forever", "window"},
		{"/api/v1/compliance/no-such-framework", "no-such-framework"},
		{"/api/v1/audit?since=yesterday", "is not a time"},
	} {
		code, b := e.call("admin", "GET", tc.path, nil)
		if code != http.StatusBadRequest || !strings.Contains(problem(t, b).Error, tc.want) {
			t.Errorf("GET %s: %d %s, want 400 saying %q", tc.path, code, b, tc.want)
		}
	}
	var p page
	e.get("admin", "/api/v1/findings?limit=1", &p)
	for _, tc := range []struct {
		path string
		body any
		want string
	}{
		{"/api/v1/findings/" + p.Items[0].ID + "/mark", map[string]any{"false_positive": true}, "needs a reason"},
		{"/api/v1/findings/" + p.Items[0].ID + "/mark", map[string]any{"reason": "x"}, "false_positive is missing"},
		{"/api/v1/findings/" + p.Items[0].ID + "/mark", map[string]any{"false_positive": true, "reason": "x", "extra": 1}, "unknown field"},
		{"/api/v1/exceptions", map[string]any{"id": "bad id!", "rule": "r", "reason": "r", "owner": "o", "expires": "2027-01-01"}, "bad id!"},
		{"/api/v1/exceptions", map[string]any{"id": "x", "rule": "r", "reason": "r", "owner": "o"}, "no expires date"},
		{"/api/v1/exceptions", "not an object", "not the JSON expected"},
	} {
		code, b := e.call("admin", "POST", tc.path, tc.body)
		if code != http.StatusBadRequest || !strings.Contains(problem(t, b).Error, tc.want) {
			t.Errorf("POST %s %v: %d %s, want 400 saying %q", tc.path, tc.body, code, b, tc.want)
		}
	}
}

// TestFindingDetailAndMark: the detail holds what findings show holds;
// a false-positive mark changes the finding's status and history of
// marks, and clearing it restores it.
func TestFindingDetailAndMark(t *testing.T) {
	e := newEnv(t, openSQLite(t), nil)
	scanExamples(t, e.st, e.lib)
	all := e.listAll("viewer", "rule=k8s-privileged-container")
	if len(all) != 1 {
		t.Fatalf("%d privileged-container findings, want 1", len(all))
	}
	id := all[0].ID
	var d struct {
		Finding struct {
			Remediation string `json:"remediation"`
			Evidence    struct{ Path string }
			Status      string
			Triage      struct {
				Owner string
				Due   *time.Time
			}
		} `json:"finding"`
		History []struct{ Event string } `json:"history"`
		Marks   []struct{ Kind string }  `json:"marks"`
		Labels  map[string]string        `json:"labels"`
		Stored  bool                     `json:"resource_stored"`
	}
	e.get("viewer", "/api/v1/findings/"+id, &d)
	if d.Finding.Remediation == "" || d.Finding.Evidence.Path == "" || len(d.History) != 1 || d.History[0].Event != "opened" || !d.Stored ||
		d.Finding.Triage.Owner != "shop-team" || d.Finding.Triage.Due == nil {
		t.Errorf("detail: %+v", d)
	}
	if code, b := e.call("viewer", "POST", "/api/v1/findings/"+id+"/mark", map[string]any{"false_positive": true, "reason": "x"}); code != http.StatusForbidden {
		t.Errorf("a viewer marked: %d %s", code, b)
	}
	code, b := e.call("shop", "POST", "/api/v1/findings/"+id+"/mark", map[string]any{"false_positive": true, "reason": "the node runs it sandboxed"})
	if code != http.StatusOK || !strings.Contains(string(b), `"status": "false_positive"`) {
		t.Fatalf("mark: %d %s", code, b)
	}
	if open := e.listAll("viewer", "rule=k8s-privileged-container"); len(open) != 0 {
		t.Errorf("a false positive is still listed as open")
	}
	if fp := e.listAll("viewer", "rule=k8s-privileged-container&status=false_positive"); len(fp) != 1 {
		t.Errorf("%d false positives listed, want 1", len(fp))
	}
	if code, b := e.call("op", "POST", "/api/v1/findings/"+id+"/mark", map[string]any{"false_positive": false}); code != http.StatusOK || !strings.Contains(string(b), `"status": "open"`) {
		t.Errorf("clear: %d %s", code, b)
	}
	e.get("viewer", "/api/v1/findings/"+id, &d)
	if len(d.Marks) != 2 || d.Marks[0].Kind != "false_positive" || d.Marks[1].Kind != "cleared" {
		t.Errorf("marks: %+v", d.Marks)
	}
}

// TestReports: compliance summaries and reports and the metrics are
// those of package audit and metrics over the store.
func TestReports(t *testing.T) {
	e := newEnv(t, openSQLite(t), nil)
	awsEstate(t, e.st, time.Now())
	var sum struct {
		Items []struct {
			Framework struct{ ID string }
			Score     struct{ Failed, Total int }
		} `json:"items"`
	}
	e.get("viewer", "/api/v1/compliance", &sum)
	if len(sum.Items) != len(e.lib.Frameworks.Frameworks()) {
		t.Fatalf("%d framework summaries, want %d", len(sum.Items), len(e.lib.Frameworks.Frameworks()))
	}
	var rep struct {
		Kind  string
		Score struct{ Total int }
	}
	e.get("viewer", "/api/v1/compliance/cis-aws-7.0?trend=2", &rep)
	if rep.Kind != "vigil.compliance_report" || rep.Score.Total == 0 {
		t.Errorf("report: %+v", rep)
	}
	var m struct {
		Metrics []struct{ ID string } `json:"metrics"`
	}
	e.get("viewer", "/api/v1/metrics?since=7d", &m)
	if len(m.Metrics) < 5 {
		t.Errorf("%d metrics", len(m.Metrics))
	}
	var cov struct {
		Items []struct {
			Source, Account string
			Complete, Total int
		} `json:"items"`
	}
	e.get("viewer", "/api/v1/coverage", &cov)
	if len(cov.Items) != 1 || cov.Items[0].Account != "o-org" || cov.Items[0].Complete != 1 {
		t.Errorf("coverage: %+v", cov.Items)
	}
}
