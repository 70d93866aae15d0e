package web_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/vigil-cspm/vigil/internal/browsertest"
	"github.com/vigil-cspm/vigil/internal/config"
	"github.com/vigil-cspm/vigil/internal/model"
	"github.com/vigil-cspm/vigil/internal/server/auth"
	"github.com/vigil-cspm/vigil/internal/store"
	"github.com/vigil-cspm/vigil/internal/web"
)

// browser is one headless Chromium tab with every console error,
// uncaught exception and CSP violation it reports.
type browser struct {
	t    *testing.T
	ctx  context.Context
	base string
	dir  string // screenshots

	mu       sync.Mutex
	problems []string
}

func newBrowser(t *testing.T, base string) *browser {
	t.Helper()
	bin := browsertest.Chromium(t)
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(bin), chromedp.NoSandbox, chromedp.DisableGPU, chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1400, 900),
		// Nothing on a page may reach the network: only loopback resolves.
		chromedp.Flag("host-resolver-rules", "MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"))
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(alloc)
	t.Cleanup(func() { cancel(); cancelAlloc() })
	b := &browser{t: t, ctx: ctx, base: base, dir: artifacts(t)}
	if err := chromedp.Listen(ctx, b.event); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, cdplog.Enable, cdp.Empty{}); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, runtime.Enable, cdp.Empty{}); err != nil {
		t.Fatal(err)
	}
	return b
}

// artifacts is the folder the screenshots are kept in: under
// $VIGIL_ARTIFACTS when set, else a new temporary folder; kept after the
// test.
func artifacts(t *testing.T) string {
	t.Helper()
	root := os.Getenv("VIGIL_ARTIFACTS")
	var dir string
	var err error
	if root != "" {
		dir = filepath.Join(root, "dashboards")
		err = os.MkdirAll(dir, 0o755)
	} else {
		dir, err = os.MkdirTemp("", "vigil-dashboards-")
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("dashboard screenshots: %s", dir)
	return dir
}

func (b *browser) event(ev any) {
	var p string
	switch e := ev.(type) {
	case *runtime.EventConsoleAPICalled:
		if e.Type == runtime.ConsoleAPICalledTypeError || e.Type == runtime.ConsoleAPICalledTypeAssert {
			var args []string
			for _, a := range e.Args {
				args = append(args, string(a.Value)+a.Description)
			}
			p = "console." + string(e.Type) + ": " + strings.Join(args, " ")
		}
	case *runtime.EventExceptionThrown:
		p = "exception: " + (&chromedp.ExceptionError{ExceptionDetails: e.ExceptionDetails}).Error()
	case *cdplog.EventEntryAdded:
		if e.Entry.Level == cdplog.EntryLevelError || e.Entry.Source == cdplog.EntrySourceSecurity {
			p = fmt.Sprintf("%s %s: %s (%s)", e.Entry.Source, e.Entry.Level, e.Entry.Text, e.Entry.URL)
		}
	}
	if p != "" {
		b.mu.Lock()
		b.problems = append(b.problems, p)
		b.mu.Unlock()
	}
}

// clean fails the test on every problem reported so far, and forgets
// them.
func (b *browser) clean(where string) {
	b.t.Helper()
	time.Sleep(100 * time.Millisecond) // let the last events arrive
	b.mu.Lock()
	ps := b.problems
	b.problems = nil
	b.mu.Unlock()
	for _, p := range ps {
		b.t.Errorf("%s: the browser reported %s", where, p)
	}
}

func (b *browser) do(steps ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 30*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		b.t.Fatal(err)
	}
}

func eval[T any](b *browser, js string) T {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 30*time.Second)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js))
	if err != nil {
		b.t.Fatalf("%s: %v", js, err)
	}
	return v
}

// wait polls a JavaScript condition until it holds, across page loads
// (a poll the navigation interrupts is started again).
func (b *browser) wait(what, js string) {
	b.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		ctx, cancel := context.WithDeadline(b.ctx, deadline)
		_, err := chromedp.Run(ctx, chromedp.Poll[bool](js))
		cancel()
		if err == nil {
			return
		}
		if time.Now().After(deadline) {
			loc := eval[string](b, "location.href")
			b.t.Fatalf("waiting for %s (%s) at %s: %v", what, js, loc, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func (b *browser) open(path string) {
	b.t.Helper()
	b.do(chromedp.Navigate(b.base + path))
	b.wait("the page to load", `document.readyState === "complete"`)
}

func (b *browser) screenshot(name string) {
	b.t.Helper()
	b.wait("the charts to be drawn", `[...document.querySelectorAll("canvas[data-chart]")].every(c => c.dataset.drawn === "1")`)
	ctx, cancel := context.WithTimeout(b.ctx, 30*time.Second)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		b.t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(b.dir, name+".png"), png, 0o644); err != nil {
		b.t.Fatal(err)
	}
}

func (b *browser) path() string { return eval[string](b, "location.pathname + location.search") }

// TestDashboardsInChromium drives the real server in Chromium: sign-in
// by link, every page without console errors or CSP violations,
// navigation, filters in the URL, paging, sign-out, and a scoped viewer
// who does not see other teams' findings.
func TestDashboardsInChromium(t *testing.T) {
	e := sharedEstate(t)
	s := startSite(t, e, web.Deps{})
	b := newBrowser(t, s.http.URL)

	// The test hears CSP violations: an inline style is one.
	b.open("/login")
	eval[chromedp.Void](b, `document.body.insertAdjacentHTML("beforeend", "<p style=\"color:red\">x</p>")`)
	time.Sleep(200 * time.Millisecond)
	b.mu.Lock()
	heard := len(b.problems) > 0
	b.problems = nil
	b.mu.Unlock()
	if !heard {
		t.Fatal("an inline style raised no CSP report: the test could not see violations")
	}

	// Signed out, a page sends to sign-in.
	b.open("/findings")
	if p := b.path(); !strings.HasPrefix(p, "/login") {
		t.Fatalf("signed out, /findings went to %s, want /login", p)
	}
	b.screenshot("signin")
	b.clean("sign-in page")

	admin := auth.Principal{Name: "ada@example.com", Role: config.RoleAdmin}
	b.do(chromedp.Navigate(s.link(admin)))
	b.wait("the executive page", `location.pathname === "/" && document.querySelector("h1")?.textContent === "Executive summary"`)
	if who := eval[string](b, `document.querySelector(".user .who").textContent`); !strings.Contains(who, "ada@example.com") {
		t.Errorf("the signed-in user is not shown: %q", who)
	}
	b.wait("the time-to-remediate chart", `document.querySelector("#ttr").dataset.drawn === "1" && document.querySelector("#ttr").width > 0`)
	if n := eval[int](b, `document.querySelectorAll(".framework canvas").length`); n == 0 {
		t.Error("no framework has a trend chart")
	}
	b.screenshot("executive")
	b.clean("executive")

	// Navigation (links are boosted: htmx swaps the body and pushes the URL).
	b.do(chromedp.Click(`nav a[href="/oncall"]`))
	b.wait("the on-call page", `location.pathname === "/oncall" && document.querySelector("h1").textContent === "On-call"`)
	if n := eval[int](b, `document.querySelectorAll("#active tbody tr").length`); n == 0 {
		t.Error("on-call lists no active critical or high finding")
	}
	if !eval[bool](b, `document.body.textContent.includes("No notifications yet.")`) {
		t.Error(`on-call without notifications does not say "No notifications yet."`)
	}
	b.screenshot("oncall")
	b.clean("on-call")

	b.do(chromedp.Click(`nav a[href="/findings"]`))
	b.wait("the findings page", `location.pathname === "/findings" && document.querySelectorAll("table.findings tbody tr").length > 0`)
	total := eval[string](b, `document.querySelector(".count").textContent`)

	// A filter changes the URL and the table.
	b.do(chromedp.SetValue(`select[name="severity"]`, "critical"))
	eval[chromedp.Void](b, `document.querySelector('select[name="severity"]').dispatchEvent(new Event("change", {bubbles: true}))`)
	b.wait("the filtered table", `location.search.includes("severity=critical") && document.querySelector(".count").textContent !== `+jsString(total))
	if sevs := eval[[]string](b, `[...document.querySelectorAll("table.findings tbody .sev")].map(e => e.textContent)`); len(sevs) == 0 {
		t.Error("no critical finding after filtering")
	} else {
		for _, s := range sevs {
			if s != "critical" {
				t.Errorf("severity ≥ critical shows a %s finding", s)
			}
		}
	}
	b.screenshot("findings-critical")
	b.clean("findings filtered")

	// The filtered view is shareable: opening its URL shows the same.
	shared := b.path()
	b.open(shared)
	if v := eval[string](b, `document.querySelector('select[name="severity"]').value`); v != "critical" {
		t.Errorf("opening %s shows severity %q", shared, v)
	}

	// Paging.
	b.open("/findings?per_page=5&status=all")
	first := eval[string](b, `document.querySelector("table.findings tbody a").getAttribute("href")`)
	b.do(chromedp.Click(`a[rel="next"]`))
	b.wait("page 2", `new URLSearchParams(location.search).get("page") === "2" && document.querySelector("table.findings tbody a").getAttribute("href") !== `+jsString(first))
	if rows := eval[int](b, `document.querySelectorAll("table.findings tbody tr").length`); rows != 5 {
		t.Errorf("page 2 has %d rows, want 5", rows)
	}
	b.screenshot("findings-page2")
	b.do(chromedp.Click(`a[rel="prev"]`))
	b.wait("page 1", `new URLSearchParams(location.search).get("page") === null && document.querySelector("table.findings tbody a").getAttribute("href") === `+jsString(first))
	b.clean("paging")

	// Finding detail, from the list.
	b.open("/findings?sort=risk")
	b.do(chromedp.Click(`table.findings tbody a`))
	b.wait("the finding page", `location.pathname.startsWith("/findings/") && !!document.querySelector("form.propose")`)
	for _, want := range []string{"Evidence", "Remediation", "History", "Propose an exception"} {
		if !eval[bool](b, `document.body.textContent.includes(`+jsString(want)+`)`) {
			t.Errorf("the finding page has no %q", want)
		}
	}
	if action := eval[string](b, `document.querySelector("form.propose").getAttribute("action")`); action != "/api/v1/exceptions" {
		t.Errorf("the exception form posts to %s", action)
	}
	b.screenshot("finding")
	b.clean("finding")

	// The resource debug page, for a resource with relations and findings.
	res := relatedResource(t, e)
	b.open(web.ResourceURL(res))
	b.wait("the resource page", `!!document.querySelector("svg.graph") && document.querySelectorAll("svg.graph .edge").length > 0`)
	if n := eval[int](b, `document.querySelectorAll(".verdicts .tag.bad").length`); n == 0 {
		t.Error("the resource page shows no failed rule")
	}
	if n := eval[int](b, `document.querySelectorAll(".verdicts .tag.good").length`); n == 0 {
		t.Error("the resource page shows no passed rule")
	}
	b.screenshot("resource")
	b.clean("resource")

	// Sign out: a POST form; then pages send to sign-in again.
	b.do(chromedp.Click(`.user button`))
	b.wait("the sign-in page", `location.pathname === "/login"`)
	b.open("/")
	if p := b.path(); !strings.HasPrefix(p, "/login") {
		t.Errorf("after sign-out, / went to %s", p)
	}
	b.clean("sign-out")

	// A viewer scoped to one account sees only its findings.
	team := auth.Principal{Name: "web-team", Role: config.RoleViewer, Scope: config.Scope{Accounts: []string{"111111111111"}}}
	b.do(chromedp.Navigate(s.link(team)))
	b.wait("the executive page", `location.pathname === "/"`)
	b.open("/findings?status=all&per_page=200")
	wheres := eval[[]string](b, `[...document.querySelectorAll("table.findings tbody tr td:nth-child(4)")].map(e => e.textContent)`)
	if len(wheres) == 0 {
		t.Fatal("the scoped viewer sees no finding")
	}
	for _, w := range wheres {
		if !strings.HasPrefix(w, "111111111111") {
			t.Errorf("the scoped viewer sees a finding in %q", w)
		}
	}
	if eval[bool](b, `!!document.querySelector("form.propose")`) {
		t.Error("a viewer is offered the exception form")
	}
	b.screenshot("findings-scoped")
	b.clean("scoped findings")
	other := openFinding(t, e, "iac")
	b.open(web.FindingURL(other.Fingerprint))
	if !eval[bool](b, `document.querySelector(".problem")?.textContent.includes("No finding")`) {
		t.Error("the scoped viewer opened another team's finding")
	}
	b.mu.Lock()
	b.problems = nil // the 404 itself is logged by the browser
	b.mu.Unlock()
}

// relatedResource is a stored resource with relations and open findings.
func relatedResource(t *testing.T, e *estate) string {
	t.Helper()
	ctx := context.Background()
	fs, err := e.st.Findings(ctx, store.Query{Status: model.StatusOpen})
	if err != nil {
		t.Fatal(err)
	}
	best, most := "", 0
	for _, f := range fs {
		r, err := e.st.Resource(ctx, f.Resource.ID)
		if err != nil {
			t.Fatal(err)
		}
		if r != nil && len(r.Relations) > most {
			best, most = r.ID, len(r.Relations)
		}
	}
	if best == "" {
		t.Fatal("no stored resource with relations and open findings")
	}
	return best
}

func jsString(s string) string {
	return "`" + strings.NewReplacer("`", "\\`", "\\", "\\\\", "$", "\\$").Replace(s) + "`"
}
