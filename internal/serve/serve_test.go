package serve_test

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/vigil-cspm/vigil/internal/config"
	"github.com/vigil-cspm/vigil/internal/jobs"
	"github.com/vigil-cspm/vigil/internal/notify"
	"github.com/vigil-cspm/vigil/internal/scan"
	"github.com/vigil-cspm/vigil/internal/serve"
	"github.com/vigil-cspm/vigil/internal/store"
	"github.com/vigil-cspm/vigil/internal/store/sqlite"
)

type running struct {
	svc   *serve.Service
	store store.Store
	stop  func()
}

var (
	libOnce sync.Once
	lib     *scan.Library
	libErr  error
)

// options are a service's options over a fresh SQLite store in t's
// temporary folder, the embedded library (loaded once), the default
// configuration and any free loopback port.
func options(t *testing.T) serve.Options {
	t.Helper()
	ctx := context.Background()
	libOnce.Do(func() { lib, libErr = scan.LoadLibrary(ctx, scan.LibraryOptions{Version: "test"}) })
	if libErr != nil {
		t.Fatal(libErr)
	}
	path := filepath.Join(t.TempDir(), "vigil.db")
	st, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return serve.Options{Config: config.Default(), Store: st, DSN: path, Library: lib, Listen: "127.0.0.1:0"}
}

// run builds the service of opts and runs it until the test ends.
func run(t *testing.T, opts serve.Options) *running {
	t.Helper()
	svc, err := serve.New(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	rctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- svc.Run(rctx) }()
	r := &running{svc: svc, store: opts.Store}
	var once sync.Once
	r.stop = func() {
		once.Do(func() {
			cancel()
			if err := <-done; err != nil {
				t.Errorf("Run: %v", err)
			}
		})
	}
	t.Cleanup(r.stop)
	return r
}

// start runs a service scanning conns at once.
func start(t *testing.T, conns []serve.Connector, notes ...serve.Notifications) *running {
	t.Helper()
	opts := options(t)
	opts.Connectors, opts.RunOnStart = conns, true
	for _, n := range notes {
		opts.Notifications = n
	}
	return run(t, opts)
}

// enqueue queues a scan of the connector's one scope, once the previous
// job of that scope is finalized (until then it counts as queued).
func (r *running) enqueue(t *testing.T, c serve.Connector) {
	t.Helper()
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		q, err := r.svc.Engine().Enqueue(context.Background(), jobs.ScopeRef{Connector: c.Name, Scope: c.Scopes[0]})
		if err != nil {
			t.Fatal(err)
		}
		if !q.Duplicate {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("scope %s stayed queued for 30 s", c.Scopes[0])
		}
	}
}

// waitHealth polls until every named connector satisfies ok.
func (r *running) waitHealth(t *testing.T, ok func(jobs.ConnectorHealth) bool, names ...string) map[string]jobs.ConnectorHealth {
	t.Helper()
	deadline := time.Now().Add(90 * time.Second)
	for {
		hs, err := r.svc.Engine().Health(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]jobs.ConnectorHealth{}
		for _, h := range hs {
			if ok(h) {
				got[h.Connector] = h
			}
		}
		if len(got) >= len(names) {
			all := true
			for _, n := range names {
				_, have := got[n]
				all = all && have
			}
			if all {
				return got
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("connectors %v not there in 90 s: %+v", names, hs)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// TestDemo: the demo's connectors are scanned by jobs at start into the
// store; health says so; the service answers health and, after the
// one-time link, the API as an admin.
func TestDemo(t *testing.T) {
	d, err := serve.StartDemo(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	r := start(t, d.Connectors, d.Notifications)
	// The organization's accounts are scopes of their own: three are
	// read, one (without the audit role) fails, the suspended one is not
	// a scope.
	r.waitHealth(t, func(h jobs.ConnectorHealth) bool {
		if h.Connector != "demo-aws" {
			return !h.LastSuccess.IsZero()
		}
		ok := 0
		for _, s := range h.Scopes {
			if !s.LastSuccess.IsZero() || strings.Contains(s.LastError, "666666666666") {
				ok++
			}
		}
		return len(h.Scopes) == 4 && ok == 4
	}, "demo-aws", "demo-manifests")

	// The scans' findings were routed: pages and tickets sent to the
	// local sinks, lows waiting for the daily digest, each finding told
	// once.
	var ds []store.Delivery
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		if ds, err = r.store.Deliveries(context.Background(), store.DeliveryQuery{}); err != nil {
			t.Fatal(err)
		}
		sent, waiting := 0, 0
		for _, d := range ds {
			switch {
			case d.Status == store.DeliverySent:
				sent++
			case d.Action == "digest" && d.Status == store.DeliveryPending:
				waiting++
			}
		}
		if sent > 0 && sent+waiting == len(ds) || time.Now().After(deadline) {
			break
		}
	}
	byAction, told := map[string]int{}, map[string]bool{}
	for _, d := range ds {
		byAction[d.Action]++
		if d.Fingerprint != "" && told[d.Channel+d.Fingerprint+d.Change] {
			t.Errorf("finding %s told twice on %s", d.Fingerprint, d.Channel)
		}
		told[d.Channel+d.Fingerprint+d.Change] = true
		if d.Status != store.DeliverySent && d.Action != "digest" || d.Kind != "local" {
			t.Errorf("delivery %+v", d)
		}
	}
	if byAction["page"] == 0 || byAction["ticket"] == 0 || byAction["digest"] == 0 {
		t.Errorf("deliveries by action = %v, want pages and tickets", byAction)
	}

	// Health says what the scans read: the organization's coverage is
	// partial (a member without the audit role), its API calls per
	// service, its scans' durations, and so for each account.
	hs, err := r.svc.Health(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range hs {
		switch h.Connector {
		case "demo-aws":
			if h.CoveragePercent == nil || *h.CoveragePercent >= 100 || *h.CoveragePercent <= 0 || len(h.Services) == 0 || len(h.Recent) < 4 || h.Recent[0].Duration <= 0 {
				t.Errorf("demo-aws health = %+v", h)
			}
			for _, s := range h.Scopes {
				if s.CoveragePercent == nil || len(s.Services) == 0 || (*s.CoveragePercent == 0) != strings.HasSuffix(s.Scope, "/666666666666") {
					t.Errorf("demo-aws scope health = %+v", s)
				}
			}
		case "demo-manifests":
			if h.CoveragePercent == nil || *h.CoveragePercent != 100 || len(h.Services) != 0 || len(h.Recent) != 1 {
				t.Errorf("demo-manifests health = %+v", h)
			}
		}
	}
	scans, err := r.store.Scans(context.Background(), 10)
	if err != nil {
		t.Fatal(err)
	}
	// One account per scope; the account without the role may have been
	// tried again (its job retries) by the time the test looks.
	kinds := map[string][]string{}
	for _, s := range scans {
		if !slices.Contains(kinds[s.Source], s.Account) {
			kinds[s.Source] = append(kinds[s.Source], s.Account)
		}
	}
	slices.Sort(kinds["aws"])
	if !slices.Equal(kinds["aws"], []string{"111111111111", "333333333333", "444444444444", "666666666666"}) || !slices.Equal(kinds["iac"], []string{"demo-manifests"}) {
		t.Fatalf("scans recorded = %v, want one per member account and the manifests'", kinds)
	}
	fs, err := r.store.Findings(context.Background(), store.Query{Status: "open", Source: "aws"})
	if err != nil || len(fs) < 50 {
		t.Fatalf("open AWS findings = %d, %v", len(fs), err)
	}

	base := "http://" + r.svc.Addr()
	for _, p := range []string{"/healthz", "/readyz"} {
		resp, err := http.Get(base + p)
		if err != nil || resp.StatusCode != 200 {
			t.Fatalf("%s = %v, %v", p, resp, err)
		}
		resp.Body.Close()
	}
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar}
	if resp, err := c.Get(base + "/api/v1/me"); err != nil || resp.StatusCode != 401 {
		t.Fatalf("me before sign-in = %v, %v", resp, err)
	}
	link := r.svc.SignInLink(time.Minute)
	if !strings.HasPrefix(link, base+"/login/link?token=") {
		t.Fatalf("link = %s", link)
	}
	// The link redirects to /, which nothing may serve yet; the cookie is
	// what counts.
	resp, err := c.Get(link)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	resp, err = c.Get(base + "/api/v1/me")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(body), `"role": "admin"`) {
		t.Fatalf("me after sign-in = %d %s", resp.StatusCode, body)
	}

	// Prometheus metrics: refused without a principal, then the scans,
	// cloud API calls, open findings, SLIs and requests so far.
	if resp, err := http.Get(base + "/metrics"); err != nil || resp.StatusCode != 401 {
		t.Fatalf("metrics without a token = %v, %v", resp, err)
	}
	resp, err = c.Get(base + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	body, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	text := string(body)
	for _, want := range []*regexp.Regexp{
		regexp.MustCompile(`(?m)^vigil_scans_total\{connector="demo-aws",outcome="success"\} [1-9]`),
		regexp.MustCompile(`(?m)^vigil_cloud_api_requests_total\{connector="demo-aws",result="ok",service="iam"\} [1-9]`),
		regexp.MustCompile(`(?m)^vigil_findings_open\{severity="critical"\} [1-9]`),
		regexp.MustCompile(`(?m)^vigil_sli\{id="M3",name="mean time to detect",unit="seconds"\} `),
		regexp.MustCompile(`(?m)^vigil_connector_last_success_timestamp_seconds\{connector="demo-manifests"\} 1\.`),
		regexp.MustCompile(`(?m)^vigil_http_requests_total\{code="401",route="GET /api/v1/me"\} 1`),
		regexp.MustCompile(`(?m)^vigil_scan_duration_seconds_count\{connector="demo-aws"\} [1-9]`),
		regexp.MustCompile(`(?m)^vigil_notifications_total\{kind="local",outcome="sent"\} [1-9]`),
	} {
		if !want.MatchString(text) {
			t.Errorf("metrics lack %s", want)
		}
	}
	if t.Failed() {
		t.Logf("metrics:\n%s", text)
	}
}

// TestFailedScanKeepsFindings: when a scope cannot be read any more, the
// job fails, health says so, and the findings of the last good scan stay
// open.
func TestFailedScanKeepsFindings(t *testing.T) {
	d, err := serve.StartDemo(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	dir := t.TempDir()
	for _, f := range []string{"shop.yaml", "payments.yaml"} {
		b, err := os.ReadFile(filepath.Join("..", "..", "examples", f))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, f), b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	var conn serve.Connector
	for _, c := range serve.ManifestConnectorForTest("manifests", dir) {
		conn = c
	}
	r := start(t, []serve.Connector{conn})
	r.waitHealth(t, func(h jobs.ConnectorHealth) bool { return !h.LastSuccess.IsZero() }, "manifests")
	before, err := r.store.Findings(context.Background(), store.Query{Status: "open"})
	if err != nil || len(before) == 0 {
		t.Fatalf("findings after the first scan = %d, %v", len(before), err)
	}
	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	r.enqueue(t, conn)
	h := r.waitHealth(t, func(h jobs.ConnectorHealth) bool { return h.LastError != "" }, "manifests")["manifests"]
	if !strings.Contains(h.LastError, "no such file") {
		t.Errorf("last error = %q", h.LastError)
	}
	after, err := r.store.Findings(context.Background(), store.Query{Status: "open"})
	if err != nil || len(after) != len(before) {
		t.Fatalf("open findings after a failed scan = %d, want %d (%v)", len(after), len(before), err)
	}
}

// TestFailingConnectorPages: a connector that fails enough runs in a
// row pages the page routes' channels once, and again when it recovers.
func TestFailingConnectorPages(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "missing")
	conn := serve.ManifestConnectorForTest("manifests", dir)[0]
	opts := options(t)
	opts.Connectors, opts.Tick = []serve.Connector{conn}, 100*time.Millisecond
	opts.Jobs = jobs.Options{MaxAttempts: 1, FailingAfter: 2, PollInterval: 50 * time.Millisecond}
	opts.Notifications = serve.Notifications{Routes: []config.Route{{Action: config.ActionPage, Channel: "pager"}},
		Destinations: []*notify.Destination{notify.Local("pager")}}
	r := run(t, opts)
	st, svc := r.store, r.svc
	runOnce := func() { t.Helper(); r.enqueue(t, conn) }
	alerts := func(change string) int {
		ds, err := st.Deliveries(ctx, store.DeliveryQuery{Channel: "pager"})
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, d := range ds {
			if d.Change == change && d.Fingerprint == "" {
				n++
			}
		}
		return n
	}
	waitFor := func(what string, ok func() bool) {
		t.Helper()
		for deadline := time.Now().Add(60 * time.Second); !ok(); time.Sleep(50 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("%s did not happen in 60 s", what)
			}
		}
	}
	runOnce()
	runOnce()
	waitFor("a failing alert", func() bool { return alerts("failing") == 1 })
	runOnce() // a third failure is not a new alert
	waitFor("three failures", func() bool {
		hs, _ := svc.Engine().Health(ctx)
		return len(hs) == 1 && hs[0].ConsecutiveFailures == 3
	})
	time.Sleep(300 * time.Millisecond)
	if n := alerts("failing"); n != 1 {
		t.Fatalf("%d failing alerts, want 1", n)
	}
	b, err := os.ReadFile(filepath.Join("..", "..", "examples", "shop.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "shop.yaml"), b, 0o600); err != nil {
		t.Fatal(err)
	}
	runOnce()
	waitFor("a recovered alert", func() bool { return alerts("recovered") == 1 })
}
