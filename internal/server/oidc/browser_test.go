package oidc_test

import (
	"context"
	"fmt"
	"html/template"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/vigil-cspm/vigil/internal/browsertest"
	"github.com/vigil-cspm/vigil/internal/server"
	"github.com/vigil-cspm/vigil/internal/server/auth"
	"github.com/vigil-cspm/vigil/internal/server/oidc"
)

// pageCSS stands in for the dashboards' stylesheet, which another
// package serves: enough to see the sign-in pages as a person would.
const pageCSS = `body{font-family:sans-serif;background:#eef1f5;margin:0}
.card{max-width:32rem;margin:4rem auto;background:#fff;padding:2rem;border-radius:8px;box-shadow:0 1px 4px #0003}
.problem{background:#fde8e8;border-left:4px solid #c81e1e;padding:.75rem}
.hint{color:#444}.button{display:inline-block;background:#1c64f2;color:#fff;padding:.5rem 1rem;border-radius:4px;text-decoration:none}`

var dashTmpl = template.Must(template.New("dash").Parse(`<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Dashboard · Vigil</title><link rel="stylesheet" href="/static/vigil.css"></head>
<body><main class="card"><h1>Vigil</h1><p id="who">{{.Name}} · {{.Role}}{{range .Scope.Owners}} · owner {{.}}{{end}}</p></main></body></html>`))

// TestSignInInBrowser drives the sign-in in a real Chromium: from a
// dashboard page to the sign-in page, the provider's form and back,
// signed in as an operator; then a person in no configured group sees
// the refusal page. No page logs a console error (a CSP violation is
// one). Screenshots are kept in $VIGIL_SCREENSHOTS when set.
func TestSignInInBrowser(t *testing.T) {
	chrome := browsertest.Chromium(t)
	extra := []server.Route{
		{Method: "GET", Path: "/static/vigil.css", Need: auth.NeedNothing, Summary: "stylesheet", Handler: func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "text/css")
			fmt.Fprint(w, pageCSS)
		}},
		{Method: "GET", Path: "/dash", Need: auth.NeedViewer, Summary: "a dashboard", Handler: func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			_ = dashTmpl.Execute(w, auth.From(r.Context()))
		}},
	}
	r := newRig(t, rigOptions{extra: extra})
	shots := os.Getenv("VIGIL_SCREENSHOTS")
	if shots == "" {
		shots = t.TempDir()
	}
	t.Logf("screenshots in %s", shots)

	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(chrome), chromedp.NoSandbox,
		chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(1024, 768),
		// The provider's certificate is the test's own.
		chromedp.Flag("ignore-certificate-errors", true))
	actx, cancelA := chromedp.NewExecAllocator(ctx, opts...)
	defer cancelA()

	var mu sync.Mutex
	var problems []string
	// tab opens a browser tab whose console errors are collected.
	tab := func(parent context.Context) context.Context {
		bctx, cancelB := chromedp.NewContext(parent)
		t.Cleanup(cancelB)
		if err := chromedp.Do(bctx); err != nil {
			t.Fatalf("start chromium: %v", err)
		}
		msgs := chromedp.Console(bctx)
		go func() {
			for m, err := range msgs {
				if err != nil {
					return
				}
				if m.Type != chromedp.ConsoleError && !m.IsException() {
					continue
				}
				mu.Lock()
				problems = append(problems, m.String()+" "+m.URL)
				mu.Unlock()
			}
		}()
		return bctx
	}
	shoot := func(bctx context.Context, name string) {
		t.Helper()
		png, err := chromedp.Run(bctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatalf("screenshot %s: %v", name, err)
		}
		if err := os.WriteFile(filepath.Join(shots, name), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	text := func(bctx context.Context, sel string) string {
		t.Helper()
		s, err := chromedp.Run(bctx, chromedp.Text(chromedp.CSS(sel)))
		if err != nil {
			t.Fatalf("text of %s: %v", sel, err)
		}
		return strings.TrimSpace(s)
	}
	location := func(bctx context.Context) string {
		t.Helper()
		loc, err := chromedp.Run(bctx, chromedp.Location())
		if err != nil {
			t.Fatal(err)
		}
		return loc
	}
	// signIn goes from the dashboard to the sign-in page, follows its
	// button to the provider and signs in there as user.
	signIn := func(bctx context.Context, user string) {
		t.Helper()
		err := chromedp.Do(bctx,
			chromedp.Navigate(r.vigil.URL+"/dash"),
			chromedp.WaitVisible(chromedp.CSS(`a.button`)),
			chromedp.Click(chromedp.CSS(`a.button`)),
			chromedp.WaitVisible(chromedp.CSS(`#username`)),
			chromedp.SendKeys(chromedp.CSS(`#username`), user),
			chromedp.SendKeys(chromedp.CSS(`#password`), idpPassword),
			chromedp.Click(chromedp.CSS(`#submit`)),
			chromedp.WaitVisible(chromedp.CSS(`main.card h1`)),
		)
		if err != nil {
			t.Fatalf("sign in as %s: %v", user, err)
		}
	}

	// An operator signs in and lands on the page asked for.
	alice := tab(actx)
	if err := chromedp.Do(alice, chromedp.Navigate(r.vigil.URL+"/dash"), chromedp.WaitVisible(chromedp.CSS(`a.button`))); err != nil {
		t.Fatal(err)
	}
	href, err := chromedp.Run(alice, chromedp.AttributeValue(chromedp.CSS(`a.button`), "href"))
	if err != nil {
		t.Fatal(err)
	}
	if label := text(alice, `a.button`); label != "Sign in with 127.0.0.1" || href.Value != "/login/oidc?next=%2Fdash" {
		t.Errorf("sign-in button = %q to %q", label, href.Value)
	}
	shoot(alice, "oidc-signin-page.png")
	signIn(alice, "alice")
	if who, loc := text(alice, `#who`), location(alice); who != "alice@example.com · operator · owner payments" || loc != r.vigil.URL+"/dash" {
		t.Errorf("after sign-in: %q at %s", who, loc)
	}
	shoot(alice, "oidc-signed-in.png")

	// A person in no configured group sees why, in a new tab of the
	// same browser with its cookies cleared.
	bob := tab(alice)
	clear := chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, network.ClearBrowserCookies, cdp.Empty{})
		return err
	})
	if err := chromedp.Do(bob, clear); err != nil {
		t.Fatal(err)
	}
	signIn(bob, "bob")
	problem, hint := text(bob, `.problem`), text(bob, `.hint`)
	if !strings.Contains(problem, `none of your groups (claim "groups": marketing) gives a role in Vigil`) || !strings.Contains(hint, "serve.auth.oidc.groups") {
		t.Errorf("refusal page: %q / %q", problem, hint)
	}
	if loc := location(bob); !strings.HasPrefix(loc, r.vigil.URL+"/login/oidc/callback?") {
		t.Errorf("refusal at %s", loc)
	}
	shoot(bob, "oidc-refused.png")

	mu.Lock()
	defer mu.Unlock()
	for _, p := range problems {
		// Chromium asks every site for a favicon; neither serves one.
		// The refusal page is answered 403, which Chromium logs as a
		// failed load: it is the answer, not a fault.
		if strings.HasSuffix(p, "/favicon.ico") || strings.Contains(p, "status of 403") && strings.Contains(p, oidc.CallbackPath+"?") {
			continue
		}
		t.Errorf("browser: %s", p)
	}
}
