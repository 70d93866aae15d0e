package serve_test

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/vigil-cspm/vigil/internal/browsertest"
	"github.com/vigil-cspm/vigil/internal/config"
	"github.com/vigil-cspm/vigil/internal/jobs"
	"github.com/vigil-cspm/vigil/internal/serve"
	"github.com/vigil-cspm/vigil/internal/server/auth"
	"github.com/vigil-cspm/vigil/internal/store"
)

// TestDemoDashboards is what `vigil serve --demo` shows a new user, in
// Chromium: the printed link signs in, and every dashboard is populated
// from the demo's scans and notifications, without console errors or
// CSP violations. Screenshots are kept (the folder is printed).
func TestDemoDashboards(t *testing.T) {
	d, err := serve.StartDemo(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	r := start(t, d.Connectors, d.Notifications)
	r.waitHealth(t, func(h jobs.ConnectorHealth) bool { return !h.LastSuccess.IsZero() }, "demo-aws", "demo-manifests")
	// The on-call page shows the pages the notifier sent.
	for deadline := time.Now().Add(60 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		ds, err := r.store.Deliveries(context.Background(), store.DeliveryQuery{Action: "page", Status: store.DeliverySent, Limit: 1})
		if err != nil {
			t.Fatal(err)
		}
		if len(ds) > 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("no page was sent in 60 s")
		}
	}

	link := r.svc.SignInLink(time.Minute)
	base := link[:strings.Index(link, "/login/")]
	b := browsertest.NewTab(t, base, "demo")
	b.Open(link[len(base):])
	if p := b.Path(); p != "/" {
		t.Fatalf("after the sign-in link the browser is at %s, want /", p)
	}
	for _, page := range []struct{ path, name, want string }{
		{"/", "executive", "critical"},
		{"/oncall", "oncall", "demo-pager"},
		{"/findings", "findings", "aws-"},
	} {
		b.Open(page.path)
		text := browsertest.Eval[string](b, "document.body.innerText")
		if !strings.Contains(text, page.want) {
			t.Errorf("%s does not show %q:\n%.600s", page.path, page.want, text)
		}
		b.Screenshot(page.name)
		b.Clean(page.path)
	}
	// The top finding's detail and its resource's debug page.
	b.Open("/findings")
	href := browsertest.Eval[string](b, `document.querySelector("a[href^='/findings/']")?.getAttribute("href") ?? ""`)
	if href == "" {
		t.Fatal("the findings list links to no finding")
	}
	b.Open(href)
	b.Screenshot("finding")
	b.Clean(href)
	// The exception workflow: the admin proposes one from the page and
	// lands back on it, told what happened; the store holds the proposal.
	expires := time.Now().AddDate(0, 0, 30).Format("2006-01-02")
	browsertest.Eval[bool](b, `(() => { const f = document.querySelector("form.propose");
		f.querySelector("textarea[name=reason]").value = "Accepted until the vendor ships a fix (SEC-42)";
		f.querySelector("input[name=expires]").value = "`+expires+`"; f.requestSubmit(); return true })()`)
	b.Wait("the proposal's notice", `document.querySelector(".notice")?.textContent.includes("proposed") ?? false`)
	if p := b.Path(); !strings.HasPrefix(p, href+"?proposed=") {
		t.Errorf("after proposing, the browser is at %s", p)
	}
	b.Screenshot("finding-proposed")
	b.Clean("the proposal")
	props, err := r.store.(interface {
		Proposals(context.Context) ([]store.Proposal, error)
	}).Proposals(context.Background())
	if err != nil || len(props) != 1 || props[0].Status != store.ProposalPending || props[0].ProposedBy != "admin (sign-in link)" {
		t.Fatalf("proposals = %+v, %v", props, err)
	}
	if n := browsertest.Eval[int](b, `document.querySelectorAll("form.decide").length`); n != 0 {
		t.Errorf("the proposer is offered %d decision buttons on their own proposal", n)
	}
	// Another admin approves it from the same page; the finding is then
	// excepted.
	tok := r.svc.Server().Links().New(auth.Principal{Name: "second admin", Role: config.RoleAdmin}, time.Minute)
	b.Open("/login/link?token=" + tok + "&next=" + url.QueryEscape(href))
	browsertest.Eval[bool](b, `(() => { document.querySelector("form.decide[action$='/approve']").requestSubmit(); return true })()`)
	b.Wait("the approval's notice", `document.querySelector(".notice")?.textContent.includes("approved") ?? false`)
	b.Screenshot("finding-approved")
	b.Clean("the approval")
	fs, err := r.store.Findings(context.Background(), store.Query{IDPrefix: strings.TrimPrefix(href, "/findings/")})
	if err != nil || len(fs) != 1 {
		t.Fatalf("finding %s: %v", href, err)
	}
	set, err := r.store.Exceptions(context.Background())
	if err != nil || len(set.Records) != 1 || set.Records[0].ID != props[0].ID {
		t.Errorf("exception set after approval = %+v, %v", set, err)
	}
	if text := browsertest.Eval[string](b, "document.body.innerText"); !strings.Contains(text, "approved") || !strings.Contains(text, "excepted") || !strings.Contains(text, "approval in Vigil") {
		t.Errorf("the finding page after approval:\n%.800s", text)
	}
	if n := browsertest.Eval[int](b, `[...document.querySelectorAll("dt")].filter(d => d.textContent === "nist-800-53-r5").length`); n != 1 {
		t.Errorf("the finding page lists nist-800-53-r5 in %d rows, want one row with its controls", n)
	}
	res := browsertest.Eval[string](b, `document.querySelector("a[href^='/resources/']")?.getAttribute("href") ?? ""`)
	if res == "" {
		t.Fatal("the finding links to no resource")
	}
	b.Open(res)
	if text := browsertest.Eval[string](b, "document.body.innerText"); !strings.Contains(text, "demo-aws") {
		t.Errorf("the resource page shows no connector health:\n%.600s", text)
	}
	b.Screenshot("resource")
	b.Clean(res)
}
