package api_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/vigil-cspm/vigil/internal/config"
	"github.com/vigil-cspm/vigil/internal/server"
	"github.com/vigil-cspm/vigil/internal/server/api"
	"github.com/vigil-cspm/vigil/internal/server/auth"
)

// item is the part of a finding the tests read.
type item struct {
	ID       string `json:"id"`
	RuleID   string `json:"rule_id"`
	Severity string `json:"severity"`
	Status   string `json:"status"`
	Resource struct {
		ID, Type, Provider, Account, Namespace string
	} `json:"resource"`
	FirstSeen time.Time `json:"first_seen"`
	Risk      *struct {
		Score int `json:"score"`
	} `json:"risk"`
	Triage *struct {
		Owner string     `json:"owner"`
		Due   *time.Time `json:"due"`
	} `json:"triage"`
	Exception *struct {
		ID string `json:"id"`
	} `json:"exception"`
}

type page struct {
	Items      []item `json:"items"`
	NextCursor string `json:"next_cursor"`
	Examined   int    `json:"examined"`
}

// listAll follows a list's cursors to the end.
func (e *env) listAll(who, query string) []item {
	e.t.Helper()
	var all []item
	cur := ""
	for range 1000 {
		q := query
		if cur != "" {
			q += "&cursor=" + url.QueryEscape(cur)
		}
		var p page
		e.get(who, "/api/v1/findings?"+q, &p)
		all = append(all, p.Items...)
		if p.NextCursor == "" {
			return all
		}
		cur = p.NextCursor
	}
	e.t.Fatal("the list did not end")
	return nil
}

func ids(items []item) []string {
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = it.ID
	}
	return out
}

func principal(name string) *auth.Principal {
	for _, t := range principals {
		if t.Name == name {
			return &auth.Principal{Name: t.Name, Role: t.Role, Scope: t.Scope}
		}
	}
	panic(name)
}

func subjectOf(it item) auth.Subject {
	owner := ""
	if it.Triage != nil {
		owner = it.Triage.Owner
	}
	if strings.HasPrefix(it.Resource.Type, "k8s.") {
		return auth.Subject{Cluster: it.Resource.Account, Namespace: it.Resource.Namespace, Owner: owner}
	}
	return auth.Subject{Account: it.Resource.Account, Owner: owner}
}

// TestOpenAPIMatchesRoutes: the document describes exactly the API
// routes the server serves (built-in ones included), each with the role
// it needs, and every reference in it resolves.
func TestOpenAPIMatchesRoutes(t *testing.T) {
	e := newEnv(t, openSQLite(t), nil)
	_ = e
	toks, _ := auth.LoadTokens(nil, nil)
	sess, _ := auth.NewSessions(make([]byte, auth.KeySize), time.Hour, false, nil)
	srv, err := server.New(server.Options{Audit: e.st, Tokens: toks, Sessions: sess}, api.Routes(api.Deps{Store: e.st}))
	if err != nil {
		t.Fatal(err)
	}
	if err := server.CheckOpenAPI(api.OpenAPI(), srv.Routes()); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Paths map[string]map[string]struct {
			Role       string `json:"x-vigil-role"`
			Parameters []struct {
				Name, In string
			} `json:"parameters"`
		} `json:"paths"`
	}
	if err := json.Unmarshal(api.OpenAPI(), &doc); err != nil {
		t.Fatal(err)
	}
	for _, r := range srv.Routes() {
		if !r.API {
			continue
		}
		op := doc.Paths[r.Path][strings.ToLower(r.Method)]
		if op.Role != r.Need.String() {
			t.Errorf("%s needs %s, the document says x-vigil-role %q", r.Pattern(), r.Need, op.Role)
		}
		for _, seg := range strings.Split(r.Path, "/") {
			if strings.HasPrefix(seg, "{") {
				name := strings.Trim(seg, "{}")
				if !slices.ContainsFunc(op.Parameters, func(p struct{ Name, In string }) bool { return p.Name == name && p.In == "path" }) {
					t.Errorf("%s: path parameter %s is not described", r.Pattern(), name)
				}
			}
		}
	}
	// Every $ref names a component that exists.
	var raw map[string]any
	_ = json.Unmarshal(api.OpenAPI(), &raw)
	comps := raw["components"].(map[string]any)
	var walk func(v any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			if ref, ok := x["$ref"].(string); ok {
				parts := strings.Split(strings.TrimPrefix(ref, "#/components/"), "/")
				if len(parts) != 2 || comps[parts[0]].(map[string]any)[parts[1]] == nil {
					t.Errorf("$ref %s does not resolve", ref)
				}
			}
			for _, c := range x {
				walk(c)
			}
		case []any:
			for _, c := range x {
				walk(c)
			}
		}
	}
	walk(raw)
	// A route added without documentation fails the check.
	extra := append(srv.Routes(), server.Route{Method: "GET", Path: "/api/v1/undocumented", Need: auth.NeedViewer, API: true})
	if err := server.CheckOpenAPI(api.OpenAPI(), extra); err == nil || !strings.Contains(err.Error(), "undocumented") {
		t.Errorf("an undocumented route passed: %v", err)
	}
}

// TestFindingsPaging: every sort pages through the same findings as one
// page holds, in its order, once each; a cursor is refused with other
// filters; findings added between pages do not repeat or hide others.
func TestFindingsPaging(t *testing.T) {
	each(t, func(t *testing.T, st api.Store) {
		e := newEnv(t, st, nil)
		scanExamples(t, st, e.lib)
		awsEstate(t, st, time.Now().UTC().Add(-20*24*time.Hour))
		var whole page
		e.get("admin", "/api/v1/findings?status=all&limit=500", &whole)
		if len(whole.Items) < 15 || whole.NextCursor != "" {
			t.Fatalf("%d findings in one page (cursor %q): the fixture is too small", len(whole.Items), whole.NextCursor)
		}
		for _, sortBy := range []string{"risk", "severity", "first_seen", "due"} {
			got := e.listAll("admin", "status=all&limit=4&sort="+sortBy)
			if !slices.Equal(slices.Sorted(slices.Values(ids(got))), slices.Sorted(slices.Values(ids(whole.Items)))) {
				t.Errorf("sort %s: paged %d findings, one page holds %d", sortBy, len(got), len(whole.Items))
			}
			var one page
			e.get("admin", "/api/v1/findings?status=all&limit=500&sort="+sortBy, &one)
			if !slices.Equal(ids(got), ids(one.Items)) {
				t.Errorf("sort %s: pages are not in the order of one page", sortBy)
			}
			for i := 1; i < len(got); i++ {
				a, b := got[i-1], got[i]
				switch sortBy {
				case "risk":
					if a.Risk != nil && b.Risk != nil && a.Risk.Score < b.Risk.Score {
						t.Errorf("risk order: %d before %d", a.Risk.Score, b.Risk.Score)
					}
				case "first_seen":
					if a.FirstSeen.After(b.FirstSeen) {
						t.Errorf("first_seen order: %v before %v", a.FirstSeen, b.FirstSeen)
					}
				case "due":
					ad, bd := a.Triage.Due, b.Triage.Due
					if ad == nil && bd != nil || ad != nil && bd != nil && ad.After(*bd) {
						t.Errorf("due order: %v before %v", ad, bd)
					}
				}
			}
		}
		// A cursor belongs to its query.
		var first page
		e.get("admin", "/api/v1/findings?status=all&limit=2", &first)
		code, b := e.call("admin", "GET", "/api/v1/findings?status=all&limit=2&sort=severity&cursor="+first.NextCursor, nil)
		if code != http.StatusBadRequest || !strings.Contains(problem(t, b).Error, "other filters") {
			t.Errorf("a cursor with another sort: %d %s", code, b)
		}
		// Stable under inserts: a new scan between pages.
		var seen []string
		cur := ""
		for i := 0; ; i++ {
			q := "/api/v1/findings?status=all&limit=3&sort=first_seen"
			if cur != "" {
				q += "&cursor=" + url.QueryEscape(cur)
			}
			var p page
			e.get("admin", q, &p)
			seen = append(seen, ids(p.Items)...)
			if i == 1 {
				awsEstate(t, st, time.Now().UTC()) // the same findings seen again, and nothing new before the cursor
			}
			if p.NextCursor == "" {
				break
			}
			cur = p.NextCursor
		}
		if !slices.Equal(slices.Sorted(slices.Values(seen)), slices.Sorted(slices.Values(ids(whole.Items)))) {
			t.Errorf("paging while a scan was stored listed %d findings, want the %d stored", len(seen), len(whole.Items))
		}
	})
}

// TestScopedPrincipals: a scoped principal lists, counts and acts only
// on what its scope covers, whatever the filters, and a guessed id
// outside it is answered as if it did not exist.
func TestScopedPrincipals(t *testing.T) {
	each(t, func(t *testing.T, st api.Store) {
		e := newEnv(t, st, nil)
		scanExamples(t, st, e.lib)
		combo := awsEstate(t, st, time.Now().UTC())
		all := e.listAll("admin", "status=all&limit=7")
		for _, who := range []string{"shop", "acct", "acct-glob", "data"} {
			p := principal(who)
			var want []string
			for _, it := range all {
				if p.Sees(subjectOf(it)) {
					want = append(want, it.ID)
				}
			}
			if len(want) == 0 || len(want) == len(all) {
				t.Fatalf("%s sees %d of %d findings: the fixture does not test scoping", who, len(want), len(all))
			}
			got := e.listAll(who, "status=all&limit=2")
			if !slices.Equal(slices.Sorted(slices.Values(ids(got))), slices.Sorted(slices.Values(want))) {
				t.Errorf("%s listed %v, want %v", who, ids(got), want)
			}
			// Pages are full although most rows are outside the scope.
			var first page
			e.get(who, "/api/v1/findings?status=all&limit=2", &first)
			if len(want) >= 2 && len(first.Items) != 2 {
				t.Errorf("%s: first page holds %d findings, want 2", who, len(first.Items))
			}
			for _, it := range all {
				if slices.Contains(want, it.ID) {
					continue
				}
				code, b := e.call(who, "GET", "/api/v1/findings/"+it.ID, nil)
				if code != http.StatusNotFound || !strings.Contains(problem(t, b).Error, "no finding") {
					t.Errorf("%s read finding %s outside its scope: %d %s", who, it.ID, code, b)
				}
				if p.Role == config.RoleOperator {
					code, _ = e.call(who, "POST", "/api/v1/findings/"+it.ID+"/mark", map[string]any{"false_positive": true, "reason": "guess"})
					if code != http.StatusNotFound {
						t.Errorf("%s marked finding %s outside its scope: %d", who, it.ID, code)
					}
				}
			}
			code, b := e.call(who, "GET", "/api/v1/findings/00000000000000000000000000000000", nil)
			if code != http.StatusNotFound {
				t.Errorf("%s: a finding that does not exist: %d %s", who, code, b)
			}
			for _, path := range []string{"/api/v1/compliance", "/api/v1/metrics"} {
				if code, b := e.call(who, "GET", path, nil); code != http.StatusForbidden || !strings.Contains(problem(t, b).Error, "scoped") {
					t.Errorf("%s read %s: %d %s", who, path, code, b)
				}
			}
		}
		// The combination in 111111111111 names its member in
		// 222222222222 to nobody scoped to 111111111111.
		var d struct {
			Members []struct{ ID string } `json:"members"`
			Hidden  int                   `json:"hidden_members"`
		}
		e.get("acct", "/api/v1/findings/"+combo, &d)
		if len(d.Members) != 1 || d.Hidden != 1 {
			t.Errorf("acct sees members %v and %d hidden, want 1 and 1", d.Members, d.Hidden)
		}
		var combos struct {
			Items []struct {
				Members []struct{ ID string } `json:"member_findings"`
				Hidden  int                   `json:"hidden_members"`
			} `json:"items"`
		}
		e.get("admin", "/api/v1/combinations", &combos)
		if len(combos.Items) != 1 || len(combos.Items[0].Members) != 2 || combos.Items[0].Hidden != 0 {
			t.Errorf("admin's combinations: %+v", combos.Items)
		}
		e.get("shop", "/api/v1/combinations", &combos)
		if len(combos.Items) != 0 {
			t.Errorf("shop sees %d combinations in an AWS account", len(combos.Items))
		}
		// Resources: searched and read within the scope only.
		var rp struct {
			Items []struct {
				ID, Type, Account, Namespace string
			} `json:"items"`
		}
		e.get("shop", "/api/v1/resources?limit=500", &rp)
		if len(rp.Items) == 0 {
			t.Fatal("shop sees no resources")
		}
		for _, r := range rp.Items {
			if r.Namespace != "shop" {
				t.Errorf("shop sees resource %s in namespace %q", r.ID, r.Namespace)
			}
		}
		code, b := e.call("shop", "GET", "/api/v1/resources/"+url.PathEscape("arn:aws:s3:::bucket-0"), nil)
		if code != http.StatusNotFound {
			t.Errorf("shop read a bucket: %d %s", code, b)
		}
		var res struct {
			Resource struct {
				ID         string         `json:"id"`
				Attributes map[string]any `json:"attributes"`
			} `json:"resource"`
		}
		e.get("acct", "/api/v1/resources/"+url.PathEscape("arn:aws:s3:::bucket-0"), &res)
		if res.Resource.ID != "arn:aws:s3:::bucket-0" || res.Resource.Attributes["acl"] != "public-read" {
			t.Errorf("acct's bucket-0: %+v", res.Resource)
		}
		e.get("viewer", "/api/v1/resources?label=team=data&type=aws.s3.bucket", &rp)
		if len(rp.Items) != 2 {
			t.Errorf("label search found %d buckets, want 2", len(rp.Items))
		}
		// Scans: acct sees the organization scan only if its scope names the organization.
		var scans struct {
			Items []struct{ ID string } `json:"items"`
		}
		e.get("acct", "/api/v1/scans", &scans)
		for _, s := range scans.Items {
			t.Errorf("acct sees scan %s of another account or an organization", s.ID)
		}
		e.get("viewer", "/api/v1/scans", &scans)
		if len(scans.Items) != 2 {
			t.Errorf("viewer sees %d scans, want 2", len(scans.Items))
		}
	})
}

// TestExceptionWorkflow: an operator proposes, the proposer may not
// approve, another admin approves (the finding is then excepted), a
// second decision is a conflict, and concurrent approvals let one win;
// revoking reopens the finding; every write is in the audit log.
func TestExceptionWorkflow(t *testing.T) {
	each(t, func(t *testing.T, st api.Store) {
		e := newEnv(t, st, nil)
		awsEstate(t, st, time.Now().UTC())
		expires := time.Now().UTC().AddDate(0, 0, 30).Format("2006-01-02")
		prop := map[string]any{"id": "public-bucket-0", "rule": "aws-s3-bucket-public-read", "resource": map[string]any{"id": "arn:aws:s3:::bucket-0", "account": "111111111111"},
			"reason": "static website (SEC-1)", "owner": "web", "expires": expires}
		if code, b := e.call("viewer", "POST", "/api/v1/exceptions", prop); code != http.StatusForbidden {
			t.Errorf("a viewer proposed: %d %s", code, b)
		}
		bad := map[string]any{"id": "x", "rule": "r", "reason": "r", "owner": "o", "expires": time.Now().AddDate(1, 0, 0).Format("2006-01-02")}
		if code, b := e.call("op", "POST", "/api/v1/exceptions", bad); code != http.StatusBadRequest || !strings.Contains(problem(t, b).Error, "max_ttl") {
			t.Errorf("an exception beyond max_ttl: %d %s", code, b)
		}
		outside := map[string]any{"id": "other", "rule": "aws-s3-bucket-public-read", "resource": map[string]any{"account": "222222222222"}, "reason": "r", "owner": "o", "expires": expires}
		if code, b := e.call("acct", "POST", "/api/v1/exceptions", outside); code != http.StatusForbidden || !strings.Contains(problem(t, b).Error, "scope") {
			t.Errorf("acct proposed for another account: %d %s", code, b)
		}
		code, b := e.call("admin", "POST", "/api/v1/exceptions", prop)
		if code != http.StatusCreated {
			t.Fatalf("propose: %d %s", code, b)
		}
		if code, b := e.call("op", "POST", "/api/v1/exceptions", prop); code != http.StatusConflict {
			t.Errorf("the same id proposed twice: %d %s", code, b)
		}
		code, b = e.call("admin", "POST", "/api/v1/exceptions/public-bucket-0/approve", map[string]any{})
		if code != http.StatusForbidden || !strings.Contains(problem(t, b).Error, "its proposer may not approve") {
			t.Errorf("the proposer approved: %d %s", code, b)
		}
		if code, b := e.call("op", "POST", "/api/v1/exceptions/public-bucket-0/approve", nil); code != http.StatusForbidden {
			t.Errorf("an operator approved: %d %s", code, b)
		}
		if code, b := e.call("admin2", "POST", "/api/v1/exceptions/public-bucket-0/approve", map[string]any{"version": 9}); code != http.StatusConflict {
			t.Errorf("approval of a stale version: %d %s", code, b)
		}
		// Concurrent approvals by two admins: one wins.
		var wg sync.WaitGroup
		codes := make([]int, 6)
		for i := range codes {
			wg.Go(func() {
				who := []string{"admin2", "acct-admin"}[i%2]
				codes[i], _ = e.call(who, "POST", "/api/v1/exceptions/public-bucket-0/approve", map[string]any{"version": 1, "note": fmt.Sprint("try ", i)})
			})
		}
		wg.Wait()
		slices.Sort(codes)
		if codes[len(codes)-2] != http.StatusConflict || codes[len(codes)-1] != http.StatusConflict || slices.Index(codes, http.StatusOK) != 0 || codes[1] != http.StatusConflict {
			t.Errorf("concurrent approvals answered %v, want one 200 and 409s", codes)
		}
		items := e.listAll("viewer", "status=excepted")
		if len(items) != 1 || items[0].Exception == nil || items[0].Exception.ID != "public-bucket-0" {
			t.Errorf("excepted findings after approval: %+v", items)
		}
		var list struct {
			Exceptions []struct {
				ID         string `json:"id"`
				ApprovedBy string `json:"approved_by"`
				State      string `json:"state"`
				Origin     string `json:"origin"`
			} `json:"exceptions"`
			Proposals []struct {
				Status string `json:"status"`
			} `json:"proposals"`
			SetVersion int64 `json:"set_version"`
		}
		e.get("viewer", "/api/v1/exceptions", &list)
		if len(list.Exceptions) != 1 || list.Exceptions[0].State != "active" || list.Exceptions[0].ApprovedBy == "" || list.Exceptions[0].ApprovedBy == "admin" || len(list.Proposals) != 1 || list.Proposals[0].Status != "approved" ||
			list.Exceptions[0].Origin != "api" || list.SetVersion < 1 {
			t.Errorf("exceptions: %+v", list)
		}
		if code, b := e.call("admin", "POST", "/api/v1/exceptions/public-bucket-0/revoke", map[string]any{"note": "site moved"}); code != http.StatusOK {
			t.Errorf("revoke: %d %s", code, b)
		}
		if code, _ := e.call("admin", "POST", "/api/v1/exceptions/public-bucket-0/revoke", nil); code != http.StatusNotFound {
			t.Errorf("second revoke: %d", code)
		}
		if items := e.listAll("viewer", "status=excepted"); len(items) != 0 {
			t.Errorf("%d findings still excepted after the revocation", len(items))
		}
		hist, err := st.ExceptionHistory(t.Context(), "public-bucket-0")
		if err != nil || len(hist) != 2 || hist[0].Event != "added" || hist[1].Event != "removed" {
			t.Errorf("exception history %+v, %v", hist, err)
		}
		// The audit log names every write, refused ones included.
		var log struct {
			Items []struct {
				Actor, Action, Target string
				Status                int
			} `json:"items"`
		}
		e.get("admin", "/api/v1/audit?limit=500", &log)
		approvals := 0
		for _, it := range log.Items {
			if it.Action == "POST /api/v1/exceptions/{id}/approve" && (it.Target == "public-bucket-0" || it.Actor == "op" && it.Status == http.StatusForbidden) {
				approvals++
			}
		}
		if approvals != 9 {
			t.Errorf("%d approvals in the audit log, want 9 (every attempt)", approvals)
		}
		if code, _ := e.call("acct-admin", "GET", "/api/v1/audit", nil); code != http.StatusForbidden {
			t.Errorf("a scoped admin read the audit log: %d", code)
		}
	})
}
