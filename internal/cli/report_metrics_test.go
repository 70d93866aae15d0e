package cli

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

var updateGolden = flag.Bool("update-metrics", false, "rewrite testdata/metrics.golden.json")

type scanOut struct {
	Findings []struct {
		ID       string
		RuleID   string `json:"rule_id"`
		Severity string
	}
	Summary struct{ Resolved int }
}

// TestReportMetricsScenario: real scans of the recorded AWS scenarios
// and the IaC examples at chosen times — account 111111111111
// misconfigured on day 1, IaC on day 2, a false positive marked on day
// 10; the hardened account 222222222222 on day 15, 111111111111 with its
// public bucket fixed an hour later (resolving it), IaC again on day 16,
// 111111111111 misconfigured again on day 20 (reopening) — then the metrics of days 14–28 against days 0–14, checked
// where the scans' own output says what they must be, and as a whole
// against a golden file.
func TestReportMetricsScenario(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "v.db")
	golden, err := filepath.Abs(filepath.Join("testdata", "metrics.golden.json"))
	if err != nil {
		t.Fatal(err)
	}
	// IaC paths are stored as given: a relative one keeps the golden file
	// the same on every machine.
	const examplesDir = "../../examples"
	cfg := writeConfig(t, "version: 1\ninventory:\n  accounts: [\"111111111111\", \"222222222222\"]\n  clusters: [prod]\n")
	t0 := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	day := func(n int) time.Time { return t0.AddDate(0, 0, n) }
	scan := func(at time.Time, args ...string) scanOut {
		t.Helper()
		r := runAt(t, at, append([]string{"--config", cfg, "scan"}, append(args, "--store", db, "--format", "json", "-q")...)...)
		if r.code != ExitOK && r.code != ExitGate {
			t.Fatalf("scan %v at %s: exit %d\n%s", args, at, r.code, r.stderr)
		}
		var s scanOut
		if err := json.Unmarshal([]byte(r.stdout), &s); err != nil {
			t.Fatal(err)
		}
		return s
	}

	awsReplay(t, "misconfigured")
	first := scan(day(1), "aws")
	iac := scan(day(2), "iac", examplesDir)
	var privileged string
	for _, f := range iac.Findings {
		if f.RuleID == "k8s-privileged-container" {
			privileged = f.ID
		}
	}
	if r := runAt(t, day(10), "findings", "mark", privileged, "--false-positive", "--reason", "vendor agent, reviewed", "--by", "alice", "--store", db); r.code != ExitOK {
		t.Fatalf("mark: exit %d\n%s", r.code, r.stderr)
	}
	awsReplay(t, "hardened")
	scan(day(15), "aws")
	root := fixedScenario(t, "fixed", publicAssetsFixed)
	replayDir(t, root, "fixed")
	fixed := scan(day(15).Add(time.Hour), "aws")
	scan(day(16), "iac", examplesDir)
	awsReplay(t, "misconfigured")
	scan(day(20), "aws")
	// An auditor's bundle on day 21: audit readiness (M10) is its time.
	key := filepath.Join(t.TempDir(), "k.pem")
	if r := runAt(t, day(21), "report", "keygen", "--output", key); r.code != ExitOK {
		t.Fatalf("keygen: exit %d\n%s", r.code, r.stderr)
	}
	if r := runAt(t, day(21), "report", "evidence", "--framework", "cis-aws-7.0", "--sign-key", key, "--output", filepath.Join(t.TempDir(), "ev.tar.gz"), "--store", db); r.code != ExitOK {
		t.Fatalf("evidence: exit %d\n%s", r.code, r.stderr)
	}

	r := runAt(t, day(28), "--config", cfg, "report", "metrics", "--since", "14d", "--store", db, "--format", "json")
	if r.code != ExitOK {
		t.Fatalf("report metrics: exit %d\n%s", r.code, r.stderr)
	}
	var rep struct {
		Window, Previous struct{ From, To time.Time }
		Metrics          []struct {
			ID              string
			Value, Previous *float64
			NotMeasured     string `json:"not_measured"`
			Series          []struct{ Value *float64 }
			Detail          json.RawMessage
		}
	}
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatal(err)
	}
	if !rep.Window.From.Equal(day(14)) || !rep.Window.To.Equal(day(28)) || !rep.Previous.From.Equal(day(0)) {
		t.Fatalf("window %+v previous %+v", rep.Window, rep.Previous)
	}
	m := map[string]int{}
	for i, x := range rep.Metrics {
		m[x.ID] = i
	}
	value := func(id string) (string, string) {
		x := rep.Metrics[m[id]]
		return num(x.Value), num(x.Previous)
	}

	// M4: what the fixed scan resolved had been open since day 1: exactly
	// 14 days and 1 hour; nothing was resolved before day 14.
	if fixed.Summary.Resolved == 0 {
		t.Fatal("the fixed scan resolved nothing: the scenario tests nothing")
	}
	if v, p := value("M4"); v != "1213200" || p != "null" {
		t.Errorf("M4 = %s (previous %s), want 1213200 (14 days 1 hour), null", v, p)
	}
	var rem struct{ Count int }
	json.Unmarshal(rep.Metrics[m["M4"]].Detail, &rem)
	if rem.Count != fixed.Summary.Resolved {
		t.Errorf("M4 counts %d resolutions, the fixed scan reported %d", rem.Count, fixed.Summary.Resolved)
	}
	// M8: one of the findings first seen in days 0–14 (the first AWS scan's
	// and the IaC scan's) was marked false positive by day 14.
	opened := len(first.Findings) + len(iac.Findings)
	if _, p := value("M8"); p != num(ptrTo(roundTo(100/float64(opened)))) {
		t.Errorf("M8 previous = %s, want 1 of %d opened", p, opened)
	}
	// M1: of 111111111111, 222222222222 and prod, scans read the two accounts.
	var cov struct {
		ExpectedScopes int      `json:"expected_scopes"`
		CoveredScopes  int      `json:"covered_scopes"`
		NotCovered     []string `json:"not_covered"`
	}
	json.Unmarshal(rep.Metrics[m["M1"]].Detail, &cov)
	if cov.ExpectedScopes != 3 || cov.CoveredScopes != 2 || contains(cov.NotCovered, "aws account 222222222222") || !contains(cov.NotCovered, "k8s cluster prod") {
		t.Errorf("M1 detail %+v", cov)
	}
	// M9: the clock stood still during each scan.
	if v, p := value("M9"); v != "0" || p != "0" {
		t.Errorf("M9 = %s (previous %s), want 0, 0", v, p)
	}
	// M5: no notification was sent (no page, no value); M6 needs
	// remediation.
	if v, _ := value("M5"); v != "null" && v != "" {
		t.Errorf("M5 = %s without notifications", v)
	}
	for _, id := range []string{"M6"} {
		if rep.Metrics[m[id]].NotMeasured == "" {
			t.Errorf("%s is not said to be unmeasured", id)
		}
	}
	// M10: the one bundle, timed by the wall clock (more than nothing,
	// less than a minute here), in the window only.
	var ready struct {
		Frameworks []struct {
			Framework string
			Count     int
		}
	}
	json.Unmarshal(rep.Metrics[m["M10"]].Detail, &ready)
	if v := rep.Metrics[m["M10"]].Value; v == nil || *v <= 0 || *v > 60 || rep.Metrics[m["M10"]].Previous != nil ||
		len(ready.Frameworks) != 1 || ready.Frameworks[0].Framework != "cis-aws-7.0" || ready.Frameworks[0].Count != 1 {
		t.Errorf("M10 = %v (previous %v), detail %+v", num(v), num(rep.Metrics[m["M10"]].Previous), ready)
	}
	for _, id := range []string{"M1", "M2", "M3", "M4", "M7", "M8", "M9"} {
		if len(rep.Metrics[m[id]].Series) != 2 {
			t.Errorf("%s has %d weekly points, want 2", id, len(rep.Metrics[m[id]].Series))
		}
	}

	got := wallClockMasked(t, r.stdout)
	if *updateGolden {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./internal/cli -run TestReportMetricsScenario -update-metrics)", err)
	}
	if string(want) != got {
		t.Errorf("report metrics JSON differs from %s; if intended, run with -update-metrics:\n%s", golden, got)
	}

	// The table says the same for people.
	r = runAt(t, day(28), "--config", cfg, "report", "metrics", "--since", "14d", "--store", db)
	for _, want := range []string{"M4 time to remediate (median)", "14d1h", "0 acted on of 0 pages", "not measured yet (remediation)", "Not covered in the window (M1):", "k8s cluster prod"} {
		if r.code != ExitOK || !strings.Contains(r.stdout, want) {
			t.Errorf("table lacks %q (exit %d):\n%s%s", want, r.code, r.stdout, r.stderr)
		}
	}
	if r := runAt(t, day(28), "report", "metrics", "--since", "soon", "--store", db); r.code != ExitError || !strings.Contains(r.stderr, "--since") {
		t.Errorf("--since soon: exit %d %s", r.code, r.stderr)
	}
}

func num(v *float64) string {
	if v == nil {
		return "null"
	}
	return strconv.FormatFloat(*v, 'f', -1, 64)
}

func ptrTo(v float64) *float64 { return &v }

func roundTo(v float64) float64 { return float64(int64(v*1e4+0.5)) / 1e4 }

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// wallClockMasked is a metrics report with the wall-clock timings of M10
// (how long a bundle really took) masked, for the golden file.
var bundleTimes = regexp.MustCompile(`("(?:value|previous|delta|mean|median|p90|p95)": )[0-9.e+-]+`)

func wallClockMasked(t *testing.T, doc string) string {
	t.Helper()
	i := strings.Index(doc, `"id": "M10"`)
	if i < 0 {
		t.Fatal("the report has no M10")
	}
	return doc[:i] + bundleTimes.ReplaceAllString(doc[i:], "${1}\"WALL-CLOCK\"")
}
