package server_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/vigil-cspm/vigil/internal/config"
	"github.com/vigil-cspm/vigil/internal/server"
	"github.com/vigil-cspm/vigil/internal/server/auth"
	"github.com/vigil-cspm/vigil/internal/store"
	"github.com/vigil-cspm/vigil/internal/store/sqlite"
)

type fixture struct {
	srv   *server.Server
	http  *httptest.Server
	audit store.ServiceState
}

func sum(tok string) string { s := sha256.Sum256([]byte(tok)); return hex.EncodeToString(s[:]) }

func newFixture(t *testing.T, extra ...server.Route) *fixture {
	t.Helper()
	st, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "v.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	toks, err := auth.LoadTokens([]config.Token{
		{Name: "viewer-tok", Role: config.RoleViewer, SHA256: sum("v-secret")},
		{Name: "admin-tok", Role: config.RoleAdmin, SHA256: sum("a-secret")},
		{Name: "ci-tok", Role: config.RoleCI, SHA256: sum("c-secret")},
	}, func(p string) string { return p })
	if err != nil {
		t.Fatal(err)
	}
	key := make([]byte, auth.KeySize)
	sess, err := auth.NewSessions(key, time.Hour, false, nil)
	if err != nil {
		t.Fatal(err)
	}
	routes := append([]server.Route{
		{Method: "POST", Path: "/api/v1/things", Need: auth.NeedAdmin, API: true, Summary: "make a thing", Handler: func(w http.ResponseWriter, r *http.Request) {
			server.Audit(r, "thing-1", "made")
			server.JSON(w, http.StatusCreated, map[string]string{"id": "thing-1"})
		}},
		{Method: "GET", Path: "/dash", Need: auth.NeedViewer, Summary: "a page", Handler: func(w http.ResponseWriter, r *http.Request) {
			io.WriteString(w, "hello "+auth.From(r.Context()).Name)
		}},
		{Method: "POST", Path: "/api/v1/push", Need: auth.NeedCI, API: true, Summary: "push", Handler: func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(http.StatusAccepted)
		}},
		{Method: "GET", Path: "/api/v1/boom", Need: auth.NeedViewer, API: true, Summary: "panics", Handler: func(http.ResponseWriter, *http.Request) {
			panic("secret-detail")
		}},
	}, extra...)
	srv, err := server.New(server.Options{Audit: st, Tokens: toks, Sessions: sess,
		SignIn: []server.SignInOption{{Label: "Sign in with Example", URL: "/login/example"}}}, routes)
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv.Handler())
	t.Cleanup(hs.Close)
	return &fixture{srv: srv, http: hs, audit: st}
}

func (f *fixture) do(t *testing.T, c *http.Client, method, path, token string, hdr map[string]string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(method, f.http.URL+path, strings.NewReader("{}"))
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	if c == nil {
		c = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

// TestEveryRouteNeedsADecision: a route without an authentication
// decision, or registered twice, stops the server from being built.
func TestEveryRouteNeedsADecision(t *testing.T) {
	toks, _ := auth.LoadTokens(nil, nil)
	sess, _ := auth.NewSessions(make([]byte, auth.KeySize), time.Hour, false, nil)
	st, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "v.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	opts := server.Options{Audit: st, Tokens: toks, Sessions: sess}
	h := func(http.ResponseWriter, *http.Request) {}
	_, err = server.New(opts, []server.Route{{Method: "GET", Path: "/api/v1/x", Handler: h}})
	if err == nil || !strings.Contains(err.Error(), "no authentication decision") {
		t.Fatalf("route without Need: %v", err)
	}
	_, err = server.New(opts, []server.Route{{Method: "GET", Path: "/x", Need: auth.NeedViewer, Handler: h}, {Method: "GET", Path: "/x", Need: auth.NeedAdmin, Handler: h}})
	if err == nil || !strings.Contains(err.Error(), "twice") {
		t.Fatalf("duplicate route: %v", err)
	}
}

// TestAuthentication: health is open; everything else needs a valid
// token or session; roles are enforced; pages redirect to sign-in.
func TestAuthentication(t *testing.T) {
	f := newFixture(t)
	cases := []struct {
		method, path, token string
		want                int
	}{
		{"GET", "/healthz", "", 200},
		{"GET", "/readyz", "", 200},
		{"GET", "/api/v1/me", "", 401},
		{"GET", "/api/v1/me", "wrong", 401},
		{"GET", "/api/v1/me", "v-secret", 200},
		{"GET", "/api/v1/me", "c-secret", 403}, // ci may only push
		{"POST", "/api/v1/things", "v-secret", 403},
		{"POST", "/api/v1/things", "a-secret", 201},
		{"POST", "/api/v1/push", "c-secret", 202},
		{"POST", "/api/v1/push", "v-secret", 403},
		{"GET", "/dash", "", 401}, // not a browser: no redirect
		{"GET", "/api/v1/boom", "v-secret", 500},
	}
	for _, c := range cases {
		resp, body := f.do(t, nil, c.method, c.path, c.token, nil)
		if resp.StatusCode != c.want {
			t.Errorf("%s %s with %q = %d, want %d: %s", c.method, c.path, c.token, resp.StatusCode, c.want, body)
		}
		if strings.Contains(body, "secret") {
			t.Errorf("%s %s: the answer leaks a secret or a panic: %s", c.method, c.path, body)
		}
		if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") {
			t.Errorf("%s %s: CSP = %q", c.method, c.path, csp)
		}
	}
	resp, _ := f.do(t, nil, "GET", "/dash", "", map[string]string{"Accept": "text/html,*/*"})
	if loc := resp.Header.Get("Location"); loc != "/login?next=%2Fdash" {
		t.Errorf("page redirect = %q", loc)
	}
	_, body := f.do(t, nil, "GET", "/api/v1/me", "a-secret", nil)
	if !strings.Contains(body, `"name": "admin-tok"`) || !strings.Contains(body, `"role": "admin"`) {
		t.Errorf("me = %s", body)
	}
}

// TestAuditLog: writes by principals are logged with their outcome,
// refused ones included; reads are not.
func TestAuditLog(t *testing.T) {
	f := newFixture(t)
	f.do(t, nil, "POST", "/api/v1/things", "a-secret", nil)
	f.do(t, nil, "POST", "/api/v1/things", "v-secret", nil)
	f.do(t, nil, "GET", "/api/v1/me", "v-secret", nil)
	log, err := f.audit.AuditLog(context.Background(), time.Time{}, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(log) != 2 {
		t.Fatalf("audit log = %+v, want the two writes", log)
	}
	if e := log[1]; e.Actor != "admin-tok" || e.Action != "POST /api/v1/things" || e.Status != 201 || e.Target != "thing-1" || e.Remote != "127.0.0.1" || e.Via != "token" {
		t.Errorf("admin write = %+v", e)
	}
	if e := log[0]; e.Actor != "viewer-tok" || e.Status != 403 {
		t.Errorf("refused write = %+v", e)
	}
}

// TestSignInLink: a one-time link starts a session once; the session
// reads pages; a cross-origin write with the cookie is refused; sign-out
// ends it.
func TestSignInLink(t *testing.T) {
	f := newFixture(t)
	tok := f.srv.Links().New(auth.Principal{Name: "admin", Role: config.RoleAdmin}, time.Minute)
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, _ := f.do(t, c, "GET", "/login/link?token="+tok+"&next=/dash", "", nil)
	if resp.StatusCode != 303 || resp.Header.Get("Location") != "/dash" {
		t.Fatalf("redeem = %d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	if _, body := f.do(t, c, "GET", "/dash", "", nil); body != "hello admin" {
		t.Fatalf("page with session = %q", body)
	}
	resp, _ = f.do(t, &http.Client{CheckRedirect: c.CheckRedirect}, "GET", "/login/link?token="+tok, "", nil)
	if resp.StatusCode != 401 {
		t.Fatalf("second redemption = %d, want 401", resp.StatusCode)
	}
	resp, body := f.do(t, c, "POST", "/api/v1/things", "", map[string]string{"Origin": "https://evil.example", "Sec-Fetch-Site": "cross-site"})
	if resp.StatusCode != 403 || !strings.Contains(body, "cross-origin") {
		t.Fatalf("cross-origin write = %d %s", resp.StatusCode, body)
	}
	if resp, _ = f.do(t, c, "POST", "/api/v1/things", "", map[string]string{"Sec-Fetch-Site": "same-origin"}); resp.StatusCode != 201 {
		t.Fatalf("same-origin write = %d", resp.StatusCode)
	}
	if resp, _ = f.do(t, c, "GET", "/login/link?token=x&next=//evil.example", "", nil); resp.StatusCode != 401 {
		t.Fatalf("bad link = %d", resp.StatusCode)
	}
	f.do(t, c, "POST", "/logout", "", map[string]string{"Sec-Fetch-Site": "same-origin"})
	if resp, _ = f.do(t, c, "GET", "/dash", "", map[string]string{"Accept": "text/html"}); resp.StatusCode != 303 {
		t.Fatalf("page after sign-out = %d", resp.StatusCode)
	}
}

// TestBadTokensAreRateLimited: a client guessing tokens is slowed down,
// and once out of attempts even a right guess is refused; a client with
// a valid token is never throttled.
func TestBadTokensAreRateLimited(t *testing.T) {
	f := newFixture(t)
	for i := range 50 {
		if resp, _ := f.do(t, nil, "GET", "/api/v1/me", "v-secret", nil); resp.StatusCode != http.StatusOK {
			t.Fatalf("valid request %d = %d", i, resp.StatusCode)
		}
	}
	got429 := false
	for i := 0; i < 30 && !got429; i++ {
		resp, _ := f.do(t, nil, "GET", "/api/v1/me", "guess", nil)
		got429 = resp.StatusCode == http.StatusTooManyRequests
	}
	if !got429 {
		t.Fatal("30 bad tokens in a row were never refused with 429")
	}
	if resp, _ := f.do(t, nil, "GET", "/api/v1/me", "v-secret", nil); resp.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("a valid token from a client out of attempts = %d, want 429", resp.StatusCode)
	}
}

// TestSignInPageKeepsNext: the sign-in page's options carry the page the
// user asked for, and only when it is local.
func TestSignInPageKeepsNext(t *testing.T) {
	f := newFixture(t)
	_, body := f.do(t, nil, "GET", "/login?next=%2Fdash%3Fa%3D1", "", nil)
	if !strings.Contains(body, `href="/login/example?next=%2Fdash%3Fa%3D1"`) {
		t.Errorf("sign-in page does not carry next: %s", body)
	}
	_, body = f.do(t, nil, "GET", "/login?next=%2F%2Fevil.example", "", nil)
	if !strings.Contains(body, `href="/login/example"`) || strings.Contains(body, "evil") {
		t.Errorf("sign-in page carries a foreign next: %s", body)
	}
}
