package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/vigil-cspm/vigil/internal/audit"
	"github.com/vigil-cspm/vigil/internal/browsertest"
	"github.com/vigil-cspm/vigil/internal/store/sqlite"
)

// runAt runs Vigil with the app's clock (what scans' age and
// exceptions' expiry are judged against) set to now.
func runAt(t *testing.T, now time.Time, args ...string) result {
	t.Helper()
	var out, errb bytes.Buffer
	a := &app{io: IO{In: strings.NewReader(""), Out: &out, Err: &errb}, version: "test", now: func() time.Time { return now }}
	code := a.main(context.Background(), args)
	return result{code, out.String(), errb.String()}
}

// finishedAt returns when the store's newest scan of source finished.
func finishedAt(t *testing.T, db, source string) time.Time {
	t.Helper()
	st, err := sqlite.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	scans, err := st.Scans(context.Background(), 100)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range scans {
		if s.Source == source {
			return s.FinishedAt
		}
	}
	t.Fatalf("no %s scan in %s", source, db)
	return time.Time{}
}

// reportStore fills a store with real scans: the IaC examples, then,
// at least 2.5 s later, the recorded AWS account whose role may not read
// bucket policies, KMS, GuardDuty or Lambda (a partial scan); and an
// exceptions file excepting the missing support role. It returns the
// store and a clock half a second after the AWS scan finished: with
// --max-age 1s, the AWS scope is fresh and the IaC scope stale.
func reportStore(t *testing.T) (db string, now time.Time, ids map[string]string) {
	t.Helper()
	dir := t.TempDir()
	db = filepath.Join(dir, "v.db")
	if r := run(t, "", "scan", "iac", examples(t), "--store", db, "-q"); r.code == ExitError {
		t.Fatalf("iac scan: %s", r.stderr)
	}
	time.Sleep(2500 * time.Millisecond)
	awsReplay(t, "denied")
	if r := run(t, "", "scan", "aws", "--store", db, "-q"); r.code == ExitError {
		t.Fatalf("aws scan: %s", r.stderr)
	}
	now = finishedAt(t, db, "aws").Add(500 * time.Millisecond)
	ex := filepath.Join(dir, "ex.yaml")
	day := now.UTC().Format("2006-01-02")
	body := fmt.Sprintf(`version: 1
exceptions:
  - id: support-role-pending
    rule: aws-iam-support-role
    resource: {account: "111111111111"}
    reason: the support plan is being bought (SEC-7)
    owner: team-platform
    approved_by: ciso
    created: %s
    expires: %s
`, day, now.AddDate(0, 0, 30).UTC().Format("2006-01-02"))
	if err := os.WriteFile(ex, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	if r := runAt(t, now, "exceptions", "sync", ex, "--store", db); r.code != ExitOK {
		t.Fatalf("exceptions sync: exit %d %s", r.code, r.stderr)
	}
	ids = map[string]string{}
	for _, src := range []string{"iac", "aws"} {
		ids[src] = scanID(t, db, src)
	}
	return db, now, ids
}

func scanID(t *testing.T, db, source string) string {
	t.Helper()
	st, err := sqlite.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	scans, _ := st.Scans(context.Background(), 100)
	for _, s := range scans {
		if s.Source == source {
			return s.ID
		}
	}
	t.Fatalf("no %s scan", source)
	return ""
}

var (
	timestamps = regexp.MustCompile(`\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z`)
	rulesHash  = regexp.MustCompile(`"rules_hash": "[0-9a-f]+"`)
)

// stable replaces what differs between runs (times, scan ids, the rule
// library's hash) with placeholders, for golden files.
func stable(s string, ids map[string]string) string {
	for src, id := range ids {
		s = strings.ReplaceAll(s, id, "SCAN-"+strings.ToUpper(src))
	}
	s = timestamps.ReplaceAllString(s, "TIME")
	return rulesHash.ReplaceAllString(s, `"rules_hash": "HASH"`)
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	p := filepath.Join("testdata", "report", name)
	if *updateDocs {
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(p)
	if err != nil {
		t.Fatalf("%v (go test ./internal/cli -run TestReportCompliance -update writes it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from the golden file (go test ./internal/cli -run TestReportCompliance -update rewrites it); got:\n%s", p, got)
	}
}

// TestReportCompliance: a report over real scans has every status —
// fail, excepted (an exception synced from a file), manual, not covered
// (a partial scan) — a stale scope whose findings are not counted, and
// a trend of two points; JSON and CSV match golden files; the HTML
// opens in a real browser.
func TestReportCompliance(t *testing.T) {
	db, now, ids := reportStore(t)
	args := []string{"report", "compliance", "--framework", "cis-aws-7.0", "--store", db, "--max-age", "1s"}
	r := runAt(t, now, append(args, "--format", "json")...)
	if r.code != ExitOK {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	if !strings.Contains(r.stderr, "scope is stale") || !strings.Contains(r.stderr, "scope=iac") {
		t.Errorf("no stale warning on stderr:\n%s", r.stderr)
	}
	var rep audit.Report
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatal(err)
	}
	byID := map[string]audit.Requirement{}
	stale := 0
	for _, q := range rep.Requirements {
		byID[q.ID] = q
		stale += q.StaleFindings
	}
	for id, want := range map[string]string{"2.15": "excepted", "6.7": "fail", "2.2": "manual", "4.6": "not_covered", "3.1.1": "not_covered"} {
		if got := byID[id].Status; got != want {
			t.Errorf("requirement %s is %s, want %s (%s)", id, got, want, byID[id].Reason)
		}
	}
	if q := byID["2.15"]; len(q.Excepted) != 1 || q.Excepted[0].Exception != "support-role-pending" || len(q.Failing) != 0 {
		t.Errorf("2.15 excepted %+v failing %+v", q.Excepted, q.Failing)
	}
	if q := byID["4.6"]; !strings.Contains(q.Reason, "kms") {
		t.Errorf("4.6 not covered without naming the unread KMS scopes: %s", q.Reason)
	}
	if q := byID["6.7"]; len(q.Failing) == 0 || q.Evaluated < len(q.Failing) || len(q.Scans) != 1 || q.Scans[0] != ids["aws"] {
		t.Errorf("6.7 failing %+v evaluated %d scans %v", q.Failing, q.Evaluated, q.Scans)
	}
	if len(rep.Scopes) != 2 || rep.Scopes[0].Source != "aws" || rep.Scopes[0].State != "fresh" || rep.Scopes[1].Source != "iac" || rep.Scopes[1].State != "stale" {
		t.Errorf("scopes %+v: want aws fresh, iac stale", rep.Scopes)
	}
	if stale == 0 {
		t.Error("no finding of the stale IaC scope is reported as stale")
	}
	// Nothing of the stale scope decides a requirement.
	for _, q := range rep.Requirements {
		for _, id := range q.Scans {
			if id != ids["aws"] {
				t.Errorf("requirement %s counts scan %s", q.ID, id)
			}
		}
		for _, f := range append(q.Failing, q.Excepted...) {
			if strings.HasPrefix(f.ResourceID, "iac:") {
				t.Errorf("requirement %s counts the stale IaC finding on %s", q.ID, f.ResourceID)
			}
		}
	}
	if s := rep.Score; s.Excepted != 1 || s.Percent == nil || s.Manual == 0 || s.NotCovered < 2 || s.Total != len(rep.Requirements) {
		t.Errorf("score %+v", s)
	}
	// The trend: at the IaC scan, the IaC scope alone; at the AWS scan,
	// the AWS scope alone (the IaC scan is then older than 1s), before
	// the exception was synced.
	if len(rep.Trend) != 2 || rep.Trend[0].ScanID != ids["iac"] || rep.Trend[1].ScanID != ids["aws"] {
		t.Fatalf("trend %+v", rep.Trend)
	}
	if rep.Trend[1].Score.Excepted != 0 || rep.Trend[1].Score.Failed != rep.Score.Failed+1 {
		t.Errorf("trend at the AWS scan %+v: want the support role failing, as before the exception", rep.Trend[1].Score)
	}
	if rep.Trend[0].Score.Failed == rep.Trend[1].Score.Failed && rep.Trend[0].Score.Passed == rep.Trend[1].Score.Passed {
		t.Errorf("the IaC and AWS points agree: %+v", rep.Trend)
	}
	golden(t, "cis-aws-7.0.json", stable(r.stdout, ids))

	r = runAt(t, now, append(args, "--format", "csv")...)
	if r.code != ExitOK || strings.Count(r.stdout, "\n") != len(rep.Requirements)+1 {
		t.Fatalf("csv: exit %d, %d lines", r.code, strings.Count(r.stdout, "\n"))
	}
	golden(t, "cis-aws-7.0.csv", stable(r.stdout, ids))

	r = runAt(t, now, args...)
	if r.code != ExitOK || !strings.Contains(r.stdout, "iac               stale") || !strings.Contains(r.stdout, "2.15         excepted") {
		t.Errorf("table: exit %d\n%s", r.code, r.stdout)
	}
	// --min-score gates; usage mistakes are exit 2.
	if r = runAt(t, now, append(args, "--min-score", "99")...); r.code != ExitGate || !strings.Contains(r.stderr, "below --min-score") {
		t.Errorf("--min-score: exit %d %s", r.code, r.stderr)
	}
	for _, bad := range [][]string{
		{"report", "compliance", "--store", db},
		{"report", "compliance", "--framework", "cis-nothing", "--store", db},
		{"report", "compliance", "--framework", "cis-aws-7.0", "--max-age", "soon", "--store", db},
		{"report", "compliance", "--framework", "cis-aws-7.0", "--format", "pdf", "--store", db},
	} {
		if r := runAt(t, now, bad...); r.code != ExitError {
			t.Errorf("%v: exit %d, want 2", bad, r.code)
		}
	}
	// The default maximum age (7 days) counts both scopes.
	r = runAt(t, now, "report", "compliance", "--framework", "cis-aws-7.0", "--store", db, "--format", "json")
	if !strings.Contains(r.stdout, `"max_age": "7d"`) || strings.Contains(r.stdout, `"state": "stale"`) {
		t.Errorf("default max age: %s", r.stdout[:min(len(r.stdout), 400)])
	}
}

// TestReportHTMLInBrowser opens the report in Chromium: it shows the
// score, the stale scope and the statuses, hostile text stays text, it
// prints to PDF, and it renders to a screenshot (kept in
// $VIGIL_SCREENSHOTS when set).
func TestReportHTMLInBrowser(t *testing.T) {
	browser := browsertest.Chromium(t)
	db, now, _ := reportStore(t)
	dir := t.TempDir()
	page := filepath.Join(dir, "report.html")
	r := runAt(t, now, "report", "compliance", "--framework", "cis-aws-7.0", "--store", db, "--max-age", "1s", "--format", "html", "--output", page)
	if r.code != ExitOK {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	html, _ := os.ReadFile(page)
	for _, external := range []string{"http://", "https://", "<script", "<link"} {
		if strings.Contains(string(html), external) {
			t.Errorf("the page holds %q: it must be self-contained", external)
		}
	}
	dom := string(browsertest.Headless(t, browser, page, "--dump-dom"))
	for _, want := range []string{"CIS Amazon Web Services", "Overall score", "stale", "not covered", "excepted", "support-role-pending", "<polyline", "Section 6"} {
		if !strings.Contains(dom, want) {
			t.Errorf("the rendered page lacks %q", want)
		}
	}
	pdf := filepath.Join(dir, "report.pdf")
	browsertest.Headless(t, browser, page, "--print-to-pdf="+pdf, "--no-pdf-header-footer")
	if data, err := os.ReadFile(pdf); err != nil || !bytes.HasPrefix(data, []byte("%PDF-")) || len(data) < 10_000 {
		t.Fatalf("printing gave %d bytes (%v)", len(data), err)
	}
	shot := filepath.Join(dir, "report.png")
	if keep := os.Getenv("VIGIL_SCREENSHOTS"); keep != "" {
		shot = filepath.Join(keep, "compliance-report.png")
	}
	browsertest.Headless(t, browser, page, "--screenshot="+shot, "--window-size=1280,1800")
	if data, err := os.ReadFile(shot); err != nil || !bytes.HasPrefix(data, []byte("\x89PNG")) || len(data) < 20_000 {
		t.Fatalf("screenshot %d bytes (%v)", len(data), err)
	}
}
