package cli

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"io"
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
	rulesHash  = regexp.MustCompile(`"rules_hash": "(sha256:)?[0-9a-f]+"`)
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
	if c := rep.Checks; c.Requirements != len(rep.Requirements) || c.Automated == 0 || c.Manual == 0 || c.Automated+c.Manual+c.NotCovered != c.Requirements {
		t.Errorf("checks %+v for %d requirements", c, len(rep.Requirements))
	}
	checks := map[string]int{}
	for _, q := range rep.Requirements {
		checks[q.Check]++
	}
	if checks["automated"] != rep.Checks.Automated || checks["manual"] != rep.Checks.Manual {
		t.Errorf("requirements' checks %v disagree with the counts %+v", checks, rep.Checks)
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
	if !strings.Contains(r.stdout, "\n"+rep.Checks.String()+"\n") {
		t.Errorf("table lacks the counts %q", rep.Checks)
	}
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
	for _, want := range []string{"CIS Amazon Web Services", "Overall score", " requirements: <b>", "</b> not covered</span>", "stale", "not covered", "excepted", "support-role-pending", "<polyline", "Section 6"} {
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

// TestEvidenceBundle: keygen, a bundle from a store of real scans that
// verifies, tampering with any one file named, a bundle re-signed with
// another key and a wrong public key refused, and the run recorded.
func TestEvidenceBundle(t *testing.T) {
	db, now, _ := reportStore(t)
	dir := t.TempDir()
	key := filepath.Join(dir, "key.pem")
	r := runAt(t, now, "report", "keygen", "--output", key)
	if r.code != ExitOK || !strings.Contains(r.stdout, "fingerprint: sha256:") {
		t.Fatalf("keygen: exit %d %s%s", r.code, r.stdout, r.stderr)
	}
	fp := strings.TrimSpace(r.stdout[strings.Index(r.stdout, "sha256:"):])
	if fi, err := os.Stat(key); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("key.pem mode %v (%v), want 0600", fi.Mode(), err)
	}
	if r := runAt(t, now, "report", "keygen", "--output", key); r.code != ExitError || !strings.Contains(r.stderr, "never overwrites") {
		t.Errorf("keygen over an existing key: exit %d %s", r.code, r.stderr)
	}
	bundle := filepath.Join(dir, "evidence.tar.gz")
	r = runAt(t, now, "report", "evidence", "--framework", "cis-aws-7.0", "--store", db, "--max-age", "1s", "--sign-key", key, "--output", bundle)
	if r.code != ExitOK {
		t.Fatalf("evidence: exit %d %s", r.code, r.stderr)
	}
	pub := filepath.Join(dir, "key.pub")
	for _, by := range [][]string{{"--public-key", pub}, {"--public-key-fingerprint", fp}} {
		r = run(t, "", append([]string{"report", "verify", bundle}, by...)...)
		if r.code != ExitOK || !strings.Contains(r.stdout, "valid") || !strings.Contains(r.stdout, "cis-aws-7.0") {
			t.Fatalf("verify %v: exit %d\n%s%s", by, r.code, r.stdout, r.stderr)
		}
	}

	// The bundle holds what an auditor needs.
	data, err := os.ReadFile(bundle)
	if err != nil {
		t.Fatal(err)
	}
	contents := unpack(t, data)
	for _, name := range []string{"report.json", "report.html", "findings.json", "exceptions.json", "scans.json", "public-key.pem", "manifest.json", "manifest.sig"} {
		if _, ok := contents[name]; !ok {
			t.Errorf("the bundle lacks %s", name)
		}
	}
	var findings struct {
		Findings []struct {
			RuleID    string `json:"rule_id"`
			Status    string
			Exception *struct{ ID string }
		}
	}
	if err := json.Unmarshal(contents["findings.json"], &findings); err != nil {
		t.Fatal(err)
	}
	excepted := 0
	for _, f := range findings.Findings {
		if f.Status == "excepted" && f.Exception != nil && f.Exception.ID == "support-role-pending" {
			excepted++
		}
	}
	// The stale IaC scope's findings are evidence too, though not counted.
	if excepted != 1 || !bytes.Contains(contents["findings.json"], []byte(`"iac:`)) {
		t.Errorf("findings.json: %d excepted by support-role-pending (want 1), or no finding of the stale IaC scope", excepted)
	}
	var scans struct {
		Scans []struct{ ID, RulesVersion, RulesHash string } `json:"scans"`
	}
	if err := json.Unmarshal(contents["scans.json"], &scans); err != nil || len(scans.Scans) != 2 {
		t.Fatalf("scans.json: %v %s", err, contents["scans.json"])
	}
	if !strings.Contains(string(contents["scans.json"]), `"rules_hash": "sha256:`) || !strings.Contains(string(contents["exceptions.json"]), "support-role-pending") {
		t.Errorf("scans.json or exceptions.json incomplete:\n%s\n%s", contents["scans.json"], contents["exceptions.json"])
	}

	// Tampering with any one file is named.
	for name := range contents {
		t.Run("tamper "+name, func(t *testing.T) {
			changed := map[string][]byte{}
			for k, v := range contents {
				changed[k] = v
			}
			changed[name] = append(append([]byte{}, contents[name]...), '\n')
			p := filepath.Join(t.TempDir(), "b.tar.gz")
			if err := os.WriteFile(p, repack(t, data, changed), 0o644); err != nil {
				t.Fatal(err)
			}
			r := run(t, "", "report", "verify", p, "--public-key", pub)
			if r.code != ExitGate || !strings.Contains(r.stdout, "NOT VALID") {
				t.Fatalf("exit %d\n%s", r.code, r.stdout)
			}
			want := name + " changed"
			switch name {
			case "manifest.json":
				want = "signature does not verify"
			case "manifest.sig":
				want = "manifest.sig is 65 bytes, not an Ed25519 signature"
			}
			if !strings.Contains(r.stdout, want) {
				t.Errorf("verify does not say %q:\n%s", want, r.stdout)
			}
		})
	}

	// Re-signed with another key: the report changed, the manifest
	// rewritten and signed by a forger — fails by key and by fingerprint.
	other := filepath.Join(dir, "other.pem")
	if r := run(t, "", "report", "keygen", "--output", other); r.code != ExitOK {
		t.Fatal(r.stderr)
	}
	forged := filepath.Join(dir, "forged.tar.gz")
	if r := runAt(t, now, "report", "evidence", "--framework", "cis-aws-7.0", "--store", db, "--max-age", "7d", "--sign-key", other, "--output", forged); r.code != ExitOK {
		t.Fatalf("forged evidence: %s", r.stderr)
	}
	if r := run(t, "", "report", "verify", forged, "--public-key", filepath.Join(dir, "other.pub")); r.code != ExitOK {
		t.Fatalf("the forger's own key does not verify its bundle: %s", r.stdout)
	}
	r = run(t, "", "report", "verify", forged, "--public-key", pub, "--format", "json")
	var v struct {
		Valid          bool `json:"valid"`
		SignatureValid bool `json:"signature_valid"`
		Changed        []string
	}
	if err := json.Unmarshal([]byte(r.stdout), &v); err != nil || r.code != ExitGate || v.Valid || v.SignatureValid || len(v.Changed) != 0 {
		t.Fatalf("re-signed bundle with the user's key: exit %d %v\n%s", r.code, err, r.stdout)
	}
	if r := run(t, "", "report", "verify", forged, "--public-key-fingerprint", fp); r.code != ExitGate || !strings.Contains(r.stdout, "signed by someone else") {
		t.Fatalf("re-signed bundle with the user's fingerprint: exit %d\n%s", r.code, r.stdout)
	}
	// A wrong public key fails an honest bundle.
	if r := run(t, "", "report", "verify", bundle, "--public-key", filepath.Join(dir, "other.pub")); r.code != ExitGate {
		t.Fatalf("wrong key: exit %d\n%s", r.code, r.stdout)
	}
	// Not a bundle, no key, both keys: clear errors.
	if r := run(t, "", "report", "verify", key, "--public-key", pub); r.code != ExitGate || !strings.Contains(r.stdout, "not a gzip file") {
		t.Errorf("a PEM as bundle: exit %d %s", r.code, r.stdout)
	}
	if r := run(t, "", "report", "verify", bundle); r.code != ExitError {
		t.Errorf("no key: exit %d", r.code)
	}
	if r := run(t, "", "report", "evidence", "--framework", "cis-aws-7.0", "--store", db, "--sign-key", pub, "--output", filepath.Join(dir, "x.tar.gz")); r.code != ExitError || !strings.Contains(r.stderr, "PRIVATE KEY") {
		t.Errorf("a public key as signing key: exit %d %s", r.code, r.stderr)
	}

	// The sign key by reference, from the environment.
	pemData, _ := os.ReadFile(key)
	t.Setenv("EVIDENCE_KEY", string(pemData))
	byEnv := filepath.Join(dir, "env.tar.gz")
	if r := runAt(t, now, "report", "evidence", "--framework", "cis-aws-7.0", "--store", db, "--sign-key", "env:EVIDENCE_KEY", "--output", byEnv); r.code != ExitOK {
		t.Fatalf("env key: %s", r.stderr)
	}
	if r := run(t, "", "report", "verify", byEnv, "--public-key", pub); r.code != ExitOK {
		t.Fatalf("env-signed bundle: %s", r.stdout)
	}

	// The key and the maximum age from vigil.yaml, by reference.
	cfg := filepath.Join(dir, "vigil.yaml")
	if err := os.WriteFile(cfg, []byte("version: 1\nreports:\n  max_age: 1s\n  sign_key: {file: key.pem}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	byConfig := filepath.Join(dir, "config.tar.gz")
	if r := runAt(t, now, "--config", cfg, "report", "evidence", "--framework", "cis-aws-7.0", "--store", db, "--output", byConfig); r.code != ExitOK || !strings.Contains(r.stderr, "scope is stale") {
		t.Fatalf("key from vigil.yaml: exit %d %s", r.code, r.stderr)
	}
	if r := run(t, "", "report", "verify", byConfig, "--public-key", pub); r.code != ExitOK {
		t.Fatalf("config-signed bundle: %s", r.stdout)
	}

	// Each run is recorded with its duration.
	st, err := sqlite.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	runs, err := st.ReportRuns(context.Background(), now.Add(-time.Hour))
	if err != nil || len(runs) != 4 {
		t.Fatalf("report runs %v %+v, want 4", err, runs)
	}
	if r := runs[0]; r.Kind != "evidence" || r.Framework != "cis-aws-7.0" || r.Duration <= 0 || r.Bytes != int64(len(data)) || r.KeyFingerprint != fp || r.Scans != 2 {
		t.Errorf("first run %+v", r)
	}
}

// unpack reads a tar.gz into a map, for tests.
func unpack(t *testing.T, data []byte) map[string][]byte {
	t.Helper()
	b, err := audit.ReadBundle(bytes.NewReader(data), audit.DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	gz, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	tr := tar.NewReader(gz)
	for range b.Names {
		h, err := tr.Next()
		if err != nil {
			t.Fatal(err)
		}
		out[h.Name], _ = io.ReadAll(tr)
	}
	return out
}

// repack writes data's entries again with the contents of changed.
func repack(t *testing.T, data []byte, changed map[string][]byte) []byte {
	t.Helper()
	gz, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	tr := tar.NewReader(gz)
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	tw := tar.NewWriter(zw)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		body := changed[h.Name]
		h.Size = int64(len(body))
		if err := tw.WriteHeader(h); err != nil {
			t.Fatal(err)
		}
		tw.Write(body)
	}
	tw.Close()
	zw.Close()
	return b.Bytes()
}

// TestReportOnPostgres: on PostgreSQL, a fix between two scans shows in
// the trend (the requirement failed at the first scan and passes at the
// second), and an evidence bundle is written, recorded and verified.
func TestReportOnPostgres(t *testing.T) {
	dsn, dir := postgresFixed(t)
	if r := run(t, "", "scan", "iac", dir, "--store", dsn, "-q"); r.code != ExitOK {
		t.Fatalf("second scan: exit %d %s", r.code, r.stderr)
	}
	r := run(t, "", "report", "compliance", "--framework", "cis-kubernetes-1.12", "--store", dsn, "--format", "json")
	if r.code != ExitOK {
		t.Fatalf("report: exit %d %s", r.code, r.stderr)
	}
	var rep audit.Report
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatal(err)
	}
	var hostIPC audit.Requirement
	for _, q := range rep.Requirements {
		if q.ID == "5.2.4" {
			hostIPC = q
		}
	}
	if hostIPC.Status != audit.StatusPass || hostIPC.Evaluated != 1 {
		t.Errorf("5.2.4 after the fix: %s, %d evaluated (%s)", hostIPC.Status, hostIPC.Evaluated, hostIPC.Reason)
	}
	if len(rep.Trend) != 2 || rep.Trend[0].Score.Failed != rep.Trend[1].Score.Failed+1 || rep.Trend[0].Score.Passed+1 != rep.Trend[1].Score.Passed {
		t.Fatalf("trend %+v: want one requirement moving from fail to pass", rep.Trend)
	}
	if last := rep.Trend[len(rep.Trend)-1].Score; fmt.Sprint(*last.Percent, last.Passed, last.Failed, last.NotApplicable) != fmt.Sprint(*rep.Score.Percent, rep.Score.Passed, rep.Score.Failed, rep.Score.NotApplicable) {
		t.Errorf("the last trend point %+v is not the report's score %+v", last, rep.Score)
	}
	key := filepath.Join(dir, "key.pem")
	if r := run(t, "", "report", "keygen", "--output", key); r.code != ExitOK {
		t.Fatal(r.stderr)
	}
	bundle := filepath.Join(dir, "e.tar.gz")
	if r := run(t, "", "report", "evidence", "--framework", "cis-kubernetes-1.12", "--store", dsn, "--sign-key", key, "--output", bundle); r.code != ExitOK {
		t.Fatalf("evidence: exit %d %s", r.code, r.stderr)
	}
	if r := run(t, "", "report", "verify", bundle, "--public-key", filepath.Join(dir, "key.pub")); r.code != ExitOK {
		t.Fatalf("verify: exit %d %s", r.code, r.stdout)
	}
}
