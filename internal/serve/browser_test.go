package serve_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/vigil-cspm/vigil/internal/browsertest"
	"github.com/vigil-cspm/vigil/internal/jobs"
	"github.com/vigil-cspm/vigil/internal/serve"
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
	// Let the notifier log its pages and tickets.
	time.Sleep(500 * time.Millisecond)

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
		t.Errorf("proposals = %+v, %v", props, err)
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
