package web_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/vigil-cspm/vigil/internal/browsertest"
	"github.com/vigil-cspm/vigil/internal/config"
	"github.com/vigil-cspm/vigil/internal/model"
	"github.com/vigil-cspm/vigil/internal/server/auth"
	"github.com/vigil-cspm/vigil/internal/store"
	"github.com/vigil-cspm/vigil/internal/web"
)

// TestDashboardsInChromium drives the real server in Chromium: sign-in
// by link, every page without console errors or CSP violations,
// navigation, filters in the URL, paging, sign-out, and a scoped viewer
// who does not see other teams' findings.
func TestDashboardsInChromium(t *testing.T) {
	e := sharedEstate(t)
	s := startSite(t, e, web.Deps{Health: orgHealth()})
	b := browsertest.NewTab(t, s.http.URL, "dashboards")

	// The test hears CSP violations: an inline style is one.
	b.Open("/login")
	browsertest.Eval[chromedp.Void](b, `document.body.insertAdjacentHTML("beforeend", "<p style=\"color:red\">x</p>")`)
	time.Sleep(200 * time.Millisecond)
	heard := b.Forget() > 0
	if !heard {
		t.Fatal("an inline style raised no CSP report: the test could not see violations")
	}

	// Signed out, a page sends to sign-in.
	b.Open("/findings")
	if p := b.Path(); !strings.HasPrefix(p, "/login") {
		t.Fatalf("signed out, /findings went to %s, want /login", p)
	}
	b.Screenshot("signin")
	b.Clean("sign-in page")

	admin := auth.Principal{Name: "ada@example.com", Role: config.RoleAdmin}
	b.Do(chromedp.Navigate(s.link(admin)))
	b.Wait("the executive page", `location.pathname === "/" && document.querySelector("h1")?.textContent === "Executive summary"`)
	if who := browsertest.Eval[string](b, `document.querySelector(".user .who").textContent`); !strings.Contains(who, "ada@example.com") {
		t.Errorf("the signed-in user is not shown: %q", who)
	}
	b.Wait("the time-to-remediate chart", `document.querySelector("#ttr").dataset.drawn === "1" && document.querySelector("#ttr").width > 0`)
	if n := browsertest.Eval[int](b, `document.querySelectorAll(".framework canvas").length`); n == 0 {
		t.Error("no framework has a trend chart")
	}
	b.Screenshot("executive")
	b.Clean("executive")

	// Navigation (links are boosted: htmx swaps the body and pushes the URL).
	b.Do(chromedp.Click(`nav a[href="/oncall"]`))
	b.Wait("the on-call page", `location.pathname === "/oncall" && document.querySelector("h1").textContent === "On-call"`)
	if n := browsertest.Eval[int](b, `document.querySelectorAll("#active tbody tr").length`); n == 0 {
		t.Error("on-call lists no active critical or high finding")
	}
	if !browsertest.Eval[bool](b, `document.body.textContent.includes("No notifications yet.")`) {
		t.Error(`on-call without notifications does not say "No notifications yet."`)
	}
	b.Screenshot("oncall")
	b.Clean("on-call")

	b.Do(chromedp.Click(`nav a[href="/findings"]`))
	b.Wait("the findings page", `location.pathname === "/findings" && document.querySelectorAll("table.findings tbody tr").length > 0`)
	total := browsertest.Eval[string](b, `document.querySelector(".count").textContent`)

	// A filter changes the URL and the table.
	b.Do(chromedp.SetValue(`select[name="severity"]`, "critical"))
	browsertest.Eval[chromedp.Void](b, `document.querySelector('select[name="severity"]').dispatchEvent(new Event("change", {bubbles: true}))`)
	b.Wait("the filtered table", `location.search.includes("severity=critical") && document.querySelector(".count").textContent !== `+jsString(total))
	if sevs := browsertest.Eval[[]string](b, `[...document.querySelectorAll("table.findings tbody .sev")].map(e => e.textContent)`); len(sevs) == 0 {
		t.Error("no critical finding after filtering")
	} else {
		for _, s := range sevs {
			if s != "critical" {
				t.Errorf("severity ≥ critical shows a %s finding", s)
			}
		}
	}
	b.Screenshot("findings-critical")
	b.Clean("findings filtered")

	// The filtered view is shareable: opening its URL shows the same.
	shared := b.Path()
	b.Open(shared)
	if v := browsertest.Eval[string](b, `document.querySelector('select[name="severity"]').value`); v != "critical" {
		t.Errorf("opening %s shows severity %q", shared, v)
	}

	// Paging.
	b.Open("/findings?per_page=5&status=all")
	first := browsertest.Eval[string](b, `document.querySelector("table.findings tbody a").getAttribute("href")`)
	b.Do(chromedp.Click(`a[rel="next"]`))
	b.Wait("page 2", `new URLSearchParams(location.search).get("page") === "2" && document.querySelector("table.findings tbody a").getAttribute("href") !== `+jsString(first))
	if rows := browsertest.Eval[int](b, `document.querySelectorAll("table.findings tbody tr").length`); rows != 5 {
		t.Errorf("page 2 has %d rows, want 5", rows)
	}
	b.Screenshot("findings-page2")
	b.Do(chromedp.Click(`a[rel="prev"]`))
	b.Wait("page 1", `new URLSearchParams(location.search).get("page") === null && document.querySelector("table.findings tbody a").getAttribute("href") === `+jsString(first))
	b.Clean("paging")

	// Finding detail, from the list.
	b.Open("/findings?sort=risk")
	b.Do(chromedp.Click(`table.findings tbody a`))
	b.Wait("the finding page", `location.pathname.startsWith("/findings/") && !!document.querySelector("form.propose")`)
	for _, want := range []string{"Evidence", "Remediation", "History", "Propose an exception"} {
		if !browsertest.Eval[bool](b, `document.body.textContent.includes(`+jsString(want)+`)`) {
			t.Errorf("the finding page has no %q", want)
		}
	}
	if action := browsertest.Eval[string](b, `document.querySelector("form.propose").getAttribute("action")`); action != "/api/v1/exceptions" {
		t.Errorf("the exception form posts to %s", action)
	}
	b.Screenshot("finding")
	b.Clean("finding")

	// The resource debug page, for a resource with relations and findings.
	res := relatedResource(t, e)
	b.Open(web.ResourceURL(res))
	b.Wait("the resource page", `!!document.querySelector("svg.graph") && document.querySelectorAll("svg.graph .edge").length > 0`)
	if n := browsertest.Eval[int](b, `document.querySelectorAll(".verdicts .tag.bad").length`); n == 0 {
		t.Error("the resource page shows no failed rule")
	}
	if n := browsertest.Eval[int](b, `document.querySelectorAll(".verdicts .tag.good").length`); n == 0 {
		t.Error("the resource page shows no passed rule")
	}
	// Connector health: the organization, then a row per account.
	if n := browsertest.Eval[int](b, `document.querySelectorAll("tr.scope").length`); n != 3 {
		t.Errorf("the resource page shows %d account rows of the organization connector, want 3", n)
	}
	b.Screenshot("resource")
	b.Clean("resource")

	// Sign out: a POST form; then pages send to sign-in again.
	b.Do(chromedp.Click(`.user button`))
	b.Wait("the sign-in page", `location.pathname === "/login"`)
	b.Open("/")
	if p := b.Path(); !strings.HasPrefix(p, "/login") {
		t.Errorf("after sign-out, / went to %s", p)
	}
	b.Clean("sign-out")

	// A viewer scoped to one account sees only its findings.
	team := auth.Principal{Name: "web-team", Role: config.RoleViewer, Scope: config.Scope{Accounts: []string{"111111111111"}}}
	b.Do(chromedp.Navigate(s.link(team)))
	b.Wait("the executive page", `location.pathname === "/"`)
	b.Open("/findings?status=all&per_page=200")
	wheres := browsertest.Eval[[]string](b, `[...document.querySelectorAll("table.findings tbody tr td:nth-child(4)")].map(e => e.textContent)`)
	if len(wheres) == 0 {
		t.Fatal("the scoped viewer sees no finding")
	}
	for _, w := range wheres {
		if !strings.HasPrefix(w, "111111111111") {
			t.Errorf("the scoped viewer sees a finding in %q", w)
		}
	}
	if browsertest.Eval[bool](b, `!!document.querySelector("form.propose")`) {
		t.Error("a viewer is offered the exception form")
	}
	b.Screenshot("findings-scoped")
	b.Clean("scoped findings")
	other := openFinding(t, e, "iac")
	b.Open(web.FindingURL(other.Fingerprint))
	if !browsertest.Eval[bool](b, `document.querySelector(".problem")?.textContent.includes("No finding")`) {
		t.Error("the scoped viewer opened another team's finding")
	}
	b.Forget() // the 404 itself is logged by the browser
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
