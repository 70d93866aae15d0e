package web_test

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/vigil-cspm/vigil/internal/jobs"
	"github.com/vigil-cspm/vigil/internal/model"
	"github.com/vigil-cspm/vigil/internal/server/auth"
	"github.com/vigil-cspm/vigil/internal/store"
	"github.com/vigil-cspm/vigil/internal/web"
)

var (
	shared     *estate
	sharedOnce sync.Once
)

// sharedEstate scans the examples once per test binary.
func sharedEstate(t testing.TB) *estate {
	sharedOnce.Do(func() { shared = fillEstate(&onceTB{TB: t}) })
	if shared == nil {
		t.Fatal("the shared estate could not be filled (see the first test's log)")
	}
	return shared
}

// onceTB keeps the estate's cleanups (temp dirs, the store) to the end
// of the test binary instead of the first test that asked.
type onceTB struct{ testing.TB }

func (o *onceTB) Cleanup(func()) {}

func (o *onceTB) TempDir() string {
	dir, err := os.MkdirTemp("", "vigil-web-")
	if err != nil {
		o.Fatal(err)
	}
	return dir
}

func get(t *testing.T, s *site, path, token string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest("GET", s.http.URL+path, nil)
	// As a browser asks: a page without a session redirects to sign-in
	// only for clients that accept HTML.
	req.Header.Set("Accept", "text/html,application/xhtml+xml,*/*;q=0.8")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// TestPagesNeedAViewer: every page redirects a browser to sign-in
// without a principal, answers a viewer, and static files need nothing.
func TestPagesNeedAViewer(t *testing.T) {
	e := sharedEstate(t)
	s := startSite(t, e, web.Deps{})
	f := openFinding(t, e, "aws")
	for _, path := range []string{"/", "/oncall", "/findings", web.FindingURL(f.Fingerprint), web.ResourceURL(f.Resource.ID)} {
		if code, _ := get(t, s, path, ""); code != http.StatusSeeOther {
			t.Errorf("GET %s without a principal: %d, want 303 to sign-in", path, code)
		}
		code, body := get(t, s, path, "v-secret")
		if code != http.StatusOK {
			t.Errorf("GET %s as a viewer: %d\n%s", path, code, body)
		}
		if strings.Contains(body, "style=") || strings.Contains(body, "<script>") {
			t.Errorf("GET %s has an inline style or script", path)
		}
	}
	code, body := get(t, s, "/static/vigil.css", "")
	if code != 200 || !strings.Contains(body, "body.signin") {
		t.Errorf("GET /static/vigil.css: %d", code)
	}
	if code, _ := get(t, s, "/static/../web.go", ""); code == 200 {
		t.Error("a path outside static/ was served")
	}
	if code, body := get(t, s, "/findings?severity=urgent", "v-secret"); code != 400 || !strings.Contains(body, "critical, high") {
		t.Errorf("a bad filter: %d, want 400 naming the severities\n%s", code, body)
	}
	if code, _ := get(t, s, web.FindingURL("0000"), "v-secret"); code != 404 {
		t.Errorf("an unknown finding: %d, want 404", code)
	}
}

// TestStaticCaching: pinned libraries and hashed links are immutable;
// the unversioned stylesheet is revalidated.
func TestStaticCaching(t *testing.T) {
	e := sharedEstate(t)
	s := startSite(t, e, web.Deps{})
	_, page := get(t, s, "/findings", "v-secret")
	for _, want := range []string{"/static/vendor/htmx.org-2.0.11/htmx.min.js", "/static/vendor/chart.js-4.5.1/chart.umd.min.js", "/static/vigil.css?v="} {
		if !strings.Contains(page, want) {
			t.Errorf("the page does not link %s", want)
		}
	}
	i := strings.Index(page, "/static/vigil.css?v=")
	hashed := page[i : i+len("/static/vigil.css?v=")+16]
	for path, want := range map[string]string{
		"/static/vendor/htmx.org-2.0.11/htmx.min.js": "immutable",
		hashed:              "immutable",
		"/static/vigil.css": "no-cache",
	} {
		resp, err := http.Get(s.http.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if cc := resp.Header.Get("Cache-Control"); !strings.Contains(cc, want) {
			t.Errorf("%s: Cache-Control %q, want %s", path, cc, want)
		}
	}
}

// TestScopedData: a principal scoped to one account sees only its
// findings and resources, on every page's data.
func TestScopedData(t *testing.T) {
	e := sharedEstate(t)
	d := &web.StoreData{Store: e.st, Library: e.lib, Config: e.cfg}
	ctx := context.Background()
	admin := &auth.Principal{Name: "a", Role: "admin"}
	team := &auth.Principal{Name: "t", Role: "viewer"}
	team.Scope.Accounts = []string{"111111111111"}
	all, err := d.Findings(ctx, admin, web.Filter{Status: "all", Sort: "risk", Page: 1, PerPage: 1000})
	if err != nil {
		t.Fatal(err)
	}
	mine, err := d.Findings(ctx, team, web.Filter{Status: "all", Sort: "risk", Page: 1, PerPage: 1000})
	if err != nil {
		t.Fatal(err)
	}
	if mine.Total == 0 || mine.Total >= all.Total {
		t.Fatalf("scoped sees %d of %d findings: want some, not all", mine.Total, all.Total)
	}
	for _, f := range mine.Findings {
		if f.Resource.Account != "111111111111" {
			t.Errorf("scoped principal sees %s in account %q", f.Fingerprint, f.Resource.Account)
		}
	}
	other := openFinding(t, e, "iac")
	if v, err := d.Finding(ctx, team, other.Fingerprint); err != nil || v != nil {
		t.Errorf("scoped principal reads another team's finding: %v %v", v != nil, err)
	}
	if v, err := d.Resource(ctx, team, other.Resource.ID); err != nil || v != nil {
		t.Errorf("scoped principal reads another team's resource: %v %v", v != nil, err)
	}
	oc, err := d.OnCall(ctx, team)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range oc.Active {
		if f.Resource.Account != "111111111111" {
			t.Errorf("on-call shows %s of account %q", f.Fingerprint, f.Resource.Account)
		}
	}
	exe, err := d.Executive(ctx, team)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range exe.TopRisks {
		if f.Resource.Account != "111111111111" {
			t.Errorf("executive shows %s of account %q", f.Fingerprint, f.Resource.Account)
		}
	}
}

// TestExecutiveFigures: the executive page's figures come from the
// estate: a resolution in the histogram, scores with a trend, coverage.
func TestExecutiveFigures(t *testing.T) {
	e := sharedEstate(t)
	d := &web.StoreData{Store: e.st, Library: e.lib, Config: e.cfg}
	exe, err := d.Executive(context.Background(), &auth.Principal{Role: "admin"})
	if err != nil {
		t.Fatal(err)
	}
	resolved := 0
	for _, b := range exe.Remediation {
		resolved += b.Count
	}
	rs, err := e.st.Findings(context.Background(), store.Query{Status: model.StatusResolved})
	if err != nil {
		t.Fatal(err)
	}
	if resolved == 0 || resolved != len(rs) {
		t.Errorf("the histogram counts %d resolutions; the store resolved %d", resolved, len(rs))
	}
	if len(exe.Frameworks) == 0 {
		t.Fatal("no framework scores")
	}
	trend := false
	for _, fw := range exe.Frameworks {
		trend = trend || len(fw.Trend) > 1
	}
	if !trend {
		t.Error("no framework has a trend of more than one point after several scans")
	}
	if len(exe.TopRisks) == 0 || len(exe.TopRisks) > 10 {
		t.Errorf("%d top risks, want 1–10", len(exe.TopRisks))
	}
	for _, f := range exe.TopRisks {
		if f.Severity != model.SeverityCritical || f.Status != model.StatusOpen {
			t.Errorf("top risk %s is %s %s", f.Fingerprint, f.Severity, f.Status)
		}
	}
}

// TestFilterRoundTrip: a filter written to the URL reads back the same.
func TestFilterRoundTrip(t *testing.T) {
	in := url.Values{"status": {"all"}, "severity": {"high"}, "rule": {"aws-s3-public"}, "q": {"bucket"}, "sort": {"age"}, "page": {"3"}, "overdue": {"true"}}
	f, err := web.ParseFilter(in)
	if err != nil {
		t.Fatal(err)
	}
	g, err := web.ParseFilter(f.Values(f.Page))
	if err != nil || g != f {
		t.Fatalf("round trip: %+v != %+v (%v)", g, f, err)
	}
	for _, bad := range []url.Values{{"page": {"0"}}, {"per_page": {"1000"}}, {"sort": {"name"}}, {"status": {"closed"}}, {"overdue": {"maybe"}}} {
		if _, err := web.ParseFilter(bad); err == nil {
			t.Errorf("%v: no error", bad)
		}
	}
}

// FuzzParseFilter: any query parses or fails with an error; what parses
// round-trips.
func FuzzParseFilter(f *testing.F) {
	f.Add("status=all&severity=high&page=2&sort=due&q=x")
	f.Add("page=99999999999999999999")
	f.Add("q=%ff%fe&owner=team")
	f.Fuzz(func(t *testing.T, raw string) {
		v, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		flt, err := web.ParseFilter(v)
		if err != nil {
			if err.Error() == "" {
				t.Fatal("an empty error")
			}
			return
		}
		again, err := web.ParseFilter(flt.Values(flt.Page))
		if err != nil || again != flt {
			t.Fatalf("%q: round trip %+v != %+v (%v)", raw, again, flt, err)
		}
	})
}

// TestFindingsPagedInSQL: the pages the database answers, read one after
// another, are every finding once, by risk.
func TestFindingsPagedInSQL(t *testing.T) {
	e := sharedEstate(t)
	d := &web.StoreData{Store: e.st, Library: e.lib, Config: e.cfg}
	ctx := context.Background()
	stored, err := e.st.Findings(ctx, store.Query{})
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	last := 101
	for page := 1; ; page++ {
		pg, err := d.Findings(ctx, &auth.Principal{Role: "admin"}, web.Filter{Status: "all", Sort: "risk", Page: page, PerPage: 7})
		if err != nil {
			t.Fatal(err)
		}
		if pg.Total != len(stored) {
			t.Fatalf("page %d counts %d findings; the store holds %d", page, pg.Total, len(stored))
		}
		for _, f := range pg.Findings {
			r := 0
			if f.Risk != nil {
				r = f.Risk.Score
			}
			if r > last || seen[f.Fingerprint] {
				t.Fatalf("page %d: %s (risk %d) out of order or repeated", page, f.Fingerprint, r)
			}
			last = r
			seen[f.Fingerprint] = true
		}
		if page >= pg.Pages {
			break
		}
	}
	if len(seen) != len(stored) {
		t.Errorf("the pages held %d findings of %d", len(seen), len(stored))
	}
}

// sentDeliveries and connectors stand in for the notifications library
// and the jobs engine behind the interfaces the pages take.
type sentDeliveries []web.Delivery

func (d sentDeliveries) Deliveries(context.Context, int) ([]web.Delivery, error) { return d, nil }

type connectors []jobs.ConnectorHealth

// orgHealth is a failing organization connector: one account denied,
// one throttled, one that left the organization.
func orgHealth() connectors {
	now := time.Now()
	pct := func(v float64) *float64 { return &v }
	return connectors{{Connector: "prod-aws", Failing: true, ConsecutiveFailures: 3, LastError: "assume role: AccessDenied",
		LastSuccess: now.Add(-time.Hour), NextRun: now.Add(time.Hour), CoveragePercent: pct(62.5),
		Services:  []model.ServiceHealth{{Service: "ec2", Calls: 200, Throttled: 7, Errors: 1}},
		Discovery: &jobs.Discovery{At: now.Add(-time.Hour)},
		Scopes: []jobs.ScopeHealth{
			{Scope: "aws:o-example/111111111111", Runs: 4, LastSuccess: now.Add(-time.Hour), NextRun: now.Add(time.Hour), CoveragePercent: pct(100),
				Services: []model.ServiceHealth{{Service: "ec2", Calls: 80}}},
			{Scope: "aws:o-example/222222222222", Runs: 4, Failures: 3, ConsecutiveFailures: 3, LastError: "assume role: AccessDenied", NextRun: now.Add(time.Hour), CoveragePercent: pct(40),
				Services: []model.ServiceHealth{{Service: "ec2", Calls: 120, Throttled: 7, Errors: 1}}},
			{Scope: "aws:o-example/333333333333", Runs: 1, LastSuccess: now.Add(-48 * time.Hour), Retired: true},
		}}}
}

func (c connectors) Health(context.Context) ([]jobs.ConnectorHealth, error) { return c, nil }

// TestDeliveriesAndHealthShown: on-call lists notifications with their
// delivery status; the debug page lists connector health, a failing
// connector marked.
func TestDeliveriesAndHealthShown(t *testing.T) {
	e := sharedEstate(t)
	s := startSite(t, e, web.Deps{
		Deliveries: sentDeliveries{{At: time.Now(), Kind: "ticket", Channel: "jira", Finding: "abc", Rule: "aws-s3-public-bucket", Status: "failed", Detail: "HTTP 503 from jira"}},
		Health:     orgHealth(),
	})
	_, body := get(t, s, "/oncall", "v-secret")
	for _, want := range []string{"jira", "HTTP 503 from jira", `class="tag bad">failed`} {
		if !strings.Contains(body, want) {
			t.Errorf("on-call does not show %q", want)
		}
	}
	if strings.Contains(body, "No notifications yet.") {
		t.Error(`on-call says "No notifications yet." with one`)
	}
	f := openFinding(t, e, "aws")
	_, body = get(t, s, web.ResourceURL(f.Resource.ID), "v-secret")
	for _, want := range []string{"prod-aws", "assume role: AccessDenied", `class="tag bad">failing`,
		"aws:o-example/222222222222", "40.0%", "120 (7 throttled, 1 errors)", `class="tag">retired`, "not scheduled"} {
		if !strings.Contains(body, want) {
			t.Errorf("the resource page does not show %q", want)
		}
	}
}
