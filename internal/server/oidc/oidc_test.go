package oidc_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/rsa"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/vigil-cspm/vigil/internal/config"
	"github.com/vigil-cspm/vigil/internal/server"
	"github.com/vigil-cspm/vigil/internal/server/auth"
	"github.com/vigil-cspm/vigil/internal/server/oidc"
	"github.com/vigil-cspm/vigil/internal/store"
	"github.com/vigil-cspm/vigil/internal/store/sqlite"
)

const (
	clientID     = "vigil"
	clientSecret = "s3cret-0f-the-vigil-client-7c1e"
	secretEnv    = "VIGIL_TEST_OIDC_CLIENT_SECRET"
)

// groups is the mapping every test configures.
var groups = map[string]config.Grant{
	"sec-operators": {Role: config.RoleOperator, Scope: config.Scope{Owners: []string{"payments"}}},
	"everyone":      {Role: config.RoleViewer},
	"team-a-ops":    {Role: config.RoleOperator, Scope: config.Scope{Namespaces: []string{"a-*"}}},
	"team-b-ops":    {Role: config.RoleOperator, Scope: config.Scope{Namespaces: []string{"b-*"}}},
	"ci-bots":       {Role: config.RoleCI},
}

// people are the provider's users and the claims their ID tokens carry.
func people() idpUsers {
	return idpUsers{
		"alice": {claims: map[string]any{"groups": []string{"everyone", "sec-operators"}}},
		"bob":   {claims: map[string]any{"groups": []string{"marketing"}}},
		"carol": {},
		"dave":  {claims: map[string]any{"groups": "admins"}},
		"erin":  {claims: map[string]any{"groups": []string{"team-b-ops", "ci-bots", "team-a-ops"}}},
		"frank": {claims: map[string]any{"groups": []string{"ci-bots"}}},
	}
}

// rig is Vigil's server with the OIDC routes, the provider, and the log.
type rig struct {
	audit interface {
		AuditLog(context.Context, time.Time, int) ([]store.AuditEntry, error)
	}
	vigil *httptest.Server
	idp   *idp
	prov  *oidc.Provider
	logs  *syncBuffer
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// rigOptions change what newRig builds.
type rigOptions struct {
	limiter *auth.Limiter
	// idpSecret is the secret the provider expects (default: the one
	// Vigil is configured with).
	idpSecret string
	// extra routes for the server.
	extra []server.Route
}

func newRig(t *testing.T, o rigOptions) *rig {
	t.Helper()
	r := &rig{logs: &syncBuffer{}}
	var handler http.Handler
	r.vigil = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) { handler.ServeHTTP(w, req) }))
	t.Cleanup(r.vigil.Close)
	redirect := r.vigil.URL + oidc.CallbackPath
	if o.idpSecret == "" {
		o.idpSecret = clientSecret
	}
	r.idp = newIDP(t, people(), clientID, o.idpSecret, redirect)
	t.Setenv(secretEnv, clientSecret)

	st, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "v.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	r.audit = st
	key := make([]byte, auth.KeySize)
	_, _ = rand.Read(key)
	sess, err := auth.NewSessions(key, time.Hour, false, nil)
	if err != nil {
		t.Fatal(err)
	}
	toks, _ := auth.LoadTokens(nil, nil)
	if o.limiter == nil {
		o.limiter = auth.NewLimiter(time.Millisecond, 1000)
	}
	log := slog.New(slog.NewJSONHandler(r.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	cfg := &config.OIDC{Issuer: r.idp.srv.URL, ClientID: clientID, ClientSecret: &config.SecretRef{Env: secretEnv},
		RedirectURL: redirect, GroupsClaim: "groups", Groups: groups}
	r.prov, err = oidc.New(context.Background(), cfg, sess, oidc.Options{Key: key, HTTPClient: r.idp.srv.Client(), Limiter: o.limiter, Log: log, Audit: st})
	if err != nil {
		t.Fatal(err)
	}
	srv, err := server.New(server.Options{Audit: st, Tokens: toks, Sessions: sess, Log: log, SignIn: []server.SignInOption{r.prov.SignIn()}}, r.prov.Routes(), o.extra)
	if err != nil {
		t.Fatal(err)
	}
	handler = srv.Handler()
	t.Cleanup(func() {
		if strings.Contains(r.logs.String(), clientSecret) {
			t.Errorf("the client secret is in the log:\n%s", r.logs.String())
		}
	})
	return r
}

// browser is an HTTP client with a cookie jar that follows redirects one
// hop at a time, keeping each.
type browser struct {
	c *http.Client
}

type hop struct {
	url    *url.URL
	status int
	header http.Header
	body   string
}

func (h hop) location() string { return h.header.Get("Location") }

func (r *rig) browser(t *testing.T) *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{c: &http.Client{Jar: jar, Transport: r.idp.srv.Client().Transport, Timeout: 30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// walk sends req and follows redirects; the last hop is the page shown.
func (b *browser) walk(t *testing.T, req *http.Request) []hop {
	t.Helper()
	var hops []hop
	for range 20 {
		resp, err := b.c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		hops = append(hops, hop{url: req.URL, status: resp.StatusCode, header: resp.Header, body: string(body)})
		loc := resp.Header.Get("Location")
		if resp.StatusCode < 300 || resp.StatusCode >= 400 || loc == "" {
			return hops
		}
		next, err := req.URL.Parse(loc)
		if err != nil {
			t.Fatalf("redirect to %q: %v", loc, err)
		}
		if req, err = http.NewRequest("GET", next.String(), nil); err != nil {
			t.Fatal(err)
		}
	}
	t.Fatalf("more than 20 redirects: %+v", hops)
	return nil
}

func (b *browser) get(t *testing.T, u string) []hop {
	t.Helper()
	req, err := http.NewRequest("GET", u, nil)
	if err != nil {
		t.Fatal(err)
	}
	return b.walk(t, req)
}

// startSignIn opens Vigil's sign-in start and follows it to the
// provider's login form; it returns the hops and the auth request ID.
func (r *rig) startSignIn(t *testing.T, b *browser, next string) ([]hop, string) {
	t.Helper()
	u := r.vigil.URL + oidc.StartPath
	if next != "" {
		u += "?next=" + url.QueryEscape(next)
	}
	hops := b.get(t, u)
	last := hops[len(hops)-1]
	id := last.url.Query().Get("authRequestID")
	if last.status != 200 || id == "" {
		t.Fatalf("sign-in did not reach the provider's login form: %+v", hops)
	}
	return hops, id
}

// login submits the provider's form as user and follows the redirects
// until the provider hands back to Vigil's callback (stopAtCallback) or
// to the end.
func (r *rig) login(t *testing.T, b *browser, id, user string, stopAtCallback bool) []hop {
	t.Helper()
	form := url.Values{"id": {id}, "username": {user}, "password": {idpPassword}}
	req, _ := http.NewRequest("POST", r.idp.srv.URL+"/login/username", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if !stopAtCallback {
		return b.walk(t, req)
	}
	var hops []hop
	for range 10 {
		resp, err := b.c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		hops = append(hops, hop{url: req.URL, status: resp.StatusCode, header: resp.Header})
		next, err := req.URL.Parse(resp.Header.Get("Location"))
		if err != nil || resp.StatusCode != http.StatusFound {
			t.Fatalf("the provider did not redirect: %+v", hops)
		}
		if next.Path == oidc.CallbackPath {
			hops = append(hops, hop{url: next})
			return hops
		}
		req, _ = http.NewRequest("GET", next.String(), nil)
	}
	t.Fatalf("the provider never redirected to the callback: %+v", hops)
	return nil
}

// signIn runs the whole flow as user and returns the hops after the
// provider's form.
func (r *rig) signIn(t *testing.T, b *browser, user, next string) []hop {
	t.Helper()
	_, id := r.startSignIn(t, b, next)
	return r.login(t, b, id, user, false)
}

// me asks /api/v1/me with the browser's cookies.
func (r *rig) me(t *testing.T, b *browser) (int, auth.Principal) {
	t.Helper()
	hops := b.get(t, r.vigil.URL+"/api/v1/me")
	var p auth.Principal
	last := hops[len(hops)-1]
	if last.status == 200 {
		if err := json.Unmarshal([]byte(last.body), &p); err != nil {
			t.Fatalf("me: %v: %s", err, last.body)
		}
	}
	return last.status, p
}

// callbackHop finds the hop answered by Vigil's callback.
func callbackHop(t *testing.T, hops []hop) hop {
	t.Helper()
	for _, h := range hops {
		if h.url.Path == oidc.CallbackPath {
			return h
		}
	}
	t.Fatalf("no hop reached the callback: %+v", hops)
	return hop{}
}

func cookieNamed(h http.Header, name string) *http.Cookie {
	for _, c := range (&http.Response{Header: h}).Cookies() {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// TestSignIn: a person whose groups map to operator (and viewer) signs
// in with the authorization-code flow and PKCE, lands on the page asked
// for, and is an operator with the group's scope.
func TestSignIn(t *testing.T) {
	r := newRig(t, rigOptions{})
	b := r.browser(t)
	if status, _ := r.me(t, b); status != http.StatusUnauthorized {
		t.Fatalf("me before sign-in = %d, want 401", status)
	}
	start, id := r.startSignIn(t, b, "/api/v1/me?from=signin")

	// The start sets the flow cookie and sends the browser to the
	// provider with state, nonce and an S256 PKCE challenge.
	first := start[0]
	if first.status != http.StatusFound {
		t.Fatalf("start = %d, want 302", first.status)
	}
	c := cookieNamed(first.header, "vigil_oidc")
	if c == nil || !c.HttpOnly || c.SameSite != http.SameSiteLaxMode || c.MaxAge <= 0 || c.MaxAge > 600 || c.Path != "/" {
		t.Fatalf("flow cookie = %+v, want HttpOnly, SameSite=Lax, at most 10 minutes", c)
	}
	authz, _ := url.Parse(first.location())
	q := authz.Query()
	if !strings.HasPrefix(first.location(), r.idp.srv.URL) || q.Get("response_type") != "code" || q.Get("client_id") != clientID ||
		q.Get("code_challenge_method") != "S256" || len(q.Get("code_challenge")) != 43 || len(q.Get("state")) < 40 || len(q.Get("nonce")) < 40 ||
		!strings.Contains(q.Get("scope"), "openid") || q.Get("redirect_uri") != r.vigil.URL+oidc.CallbackPath {
		t.Fatalf("authorization request = %s", first.location())
	}
	if strings.Contains(c.Value, q.Get("state")) || strings.Contains(c.Value, q.Get("nonce")) {
		t.Error("the flow cookie shows the state or nonce in clear")
	}

	hops := r.login(t, b, id, "alice", false)
	cb := callbackHop(t, hops)
	if cb.status != http.StatusSeeOther || cb.location() != "/api/v1/me?from=signin" {
		t.Fatalf("callback = %d to %q: %s", cb.status, cb.location(), cb.body)
	}
	if c := cookieNamed(cb.header, "vigil_oidc"); c == nil || c.MaxAge >= 0 {
		t.Errorf("the callback did not clear the flow cookie: %+v", c)
	}
	if s := cookieNamed(cb.header, "vigil_session"); s == nil || !s.HttpOnly {
		t.Fatalf("no session cookie from the callback: %+v", cb.header)
	}
	last := hops[len(hops)-1]
	var p auth.Principal
	if last.status != 200 || json.Unmarshal([]byte(last.body), &p) != nil {
		t.Fatalf("landing page = %d %s", last.status, last.body)
	}
	want := auth.Principal{Name: "alice@example.com", Via: "session", Role: config.RoleOperator, Scope: config.Scope{Owners: []string{"payments"}}}
	if p.Name != want.Name || p.Via != want.Via || p.Role != want.Role || strings.Join(p.Scope.Owners, ",") != "payments" ||
		len(p.Scope.Accounts)+len(p.Scope.Clusters)+len(p.Scope.Namespaces) != 0 {
		t.Fatalf("me = %+v, want %+v", p, want)
	}
	if !strings.Contains(r.logs.String(), `"msg":"oidc sign-in"`) || !strings.Contains(r.logs.String(), `"groups":"sec-operators"`) {
		t.Errorf("the sign-in is not logged with the group that granted it:\n%s", r.logs.String())
	}
	entries, err := r.audit.AuditLog(context.Background(), time.Time{}, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 || entries[0].Actor != "alice@example.com" || entries[0].Via != "oidc" || entries[0].Role != "operator" ||
		entries[0].Status != http.StatusSeeOther || entries[0].Target != r.idp.srv.URL || entries[0].Remote != "127.0.0.1" ||
		entries[0].Detail != "signed in; groups: sec-operators" {
		t.Errorf("audit log = %+v, want alice's sign-in", entries)
	}
}

// TestMergedGrant: several groups of the top role merge their scopes;
// ci is never granted to a person, alone or beside other groups.
func TestMergedGrant(t *testing.T) {
	r := newRig(t, rigOptions{})
	b := r.browser(t)
	r.signIn(t, b, "erin", "")
	status, p := r.me(t, b)
	if status != 200 || p.Role != config.RoleOperator || strings.Join(p.Scope.Namespaces, ",") != "a-*,b-*" || len(p.Scope.Owners) != 0 {
		t.Fatalf("erin = %d %+v, want operator on namespaces a-* and b-*", status, p)
	}
	b = r.browser(t)
	hops := r.signIn(t, b, "frank", "")
	if last := hops[len(hops)-1]; last.status != http.StatusForbidden || !strings.Contains(last.body, "ci role is never granted to people") {
		t.Fatalf("frank (ci only) = %d %s", last.status, last.body)
	}
	if status, _ := r.me(t, b); status != http.StatusUnauthorized {
		t.Fatalf("frank has a session: %d", status)
	}
}

// TestRefusedPeople: a person in no configured group, or whose token
// lacks the groups claim or carries a malformed one, is refused with a
// page that says why and names the claim; no session is issued.
func TestRefusedPeople(t *testing.T) {
	r := newRig(t, rigOptions{})
	cases := []struct{ user, want string }{
		{"bob", `none of your groups (claim &#34;groups&#34;: marketing) gives a role in Vigil`},
		{"carol", `the ID token has no &#34;groups&#34; claim`},
		{"dave", `the ID token&#39;s &#34;groups&#34; claim is not a list of group names (it is a string)`},
	}
	for _, c := range cases {
		t.Run(c.user, func(t *testing.T) {
			b := r.browser(t)
			hops := r.signIn(t, b, c.user, "/dash")
			last := hops[len(hops)-1]
			if last.url.Path != oidc.CallbackPath || last.status != http.StatusForbidden {
				t.Fatalf("%s ended at %s with %d, want a 403 at the callback", c.user, last.url, last.status)
			}
			if !strings.Contains(last.body, c.want) || !strings.Contains(last.body, c.user+"@example.com") {
				t.Errorf("refusal page for %s lacks %q:\n%s", c.user, c.want, last.body)
			}
			if cookieNamed(last.header, "vigil_session") != nil {
				t.Error("a refused person got a session cookie")
			}
			if status, _ := r.me(t, b); status != http.StatusUnauthorized {
				t.Errorf("me after refusal = %d, want 401", status)
			}
			entries, err := r.audit.AuditLog(context.Background(), time.Time{}, 0)
			if err != nil {
				t.Fatal(err)
			}
			if e := entries[0]; e.Actor != c.user+"@example.com" || e.Role != "" || e.Status != http.StatusForbidden || !strings.HasPrefix(e.Detail, "refused: ") {
				t.Errorf("audit log's newest = %+v, want %s's refusal", e, c.user)
			}
		})
	}
}

// TestTamperedFlow: a callback whose state differs from the cookie's, or
// whose cookie was altered or is missing, is refused.
func TestTamperedFlow(t *testing.T) {
	r := newRig(t, rigOptions{})
	cases := map[string]func(*browser, *url.URL){
		"state": func(_ *browser, u *url.URL) {
			q := u.Query()
			q.Set("state", q.Get("state")[:len(q.Get("state"))-2]+"xx")
			u.RawQuery = q.Encode()
		},
		"cookie": func(b *browser, u *url.URL) {
			vu, _ := url.Parse(r.vigil.URL)
			for _, c := range b.c.Jar.Cookies(vu) {
				if c.Name == "vigil_oidc" {
					v := []byte(c.Value)
					v[len(v)/2] ^= 1
					b.c.Jar.SetCookies(vu, []*http.Cookie{{Name: c.Name, Value: string(v), Path: "/"}})
				}
			}
		},
		"other browser": func(b *browser, _ *url.URL) {
			jar, _ := cookiejar.New(nil)
			b.c.Jar = jar
		},
	}
	for name, tamper := range cases {
		t.Run(name, func(t *testing.T) {
			b := r.browser(t)
			_, id := r.startSignIn(t, b, "")
			hops := r.login(t, b, id, "alice", true)
			cb := hops[len(hops)-1].url
			tamper(b, cb)
			got := b.get(t, cb.String())
			last := got[len(got)-1]
			if last.status != http.StatusBadRequest || !strings.Contains(last.body, "Start again") {
				t.Fatalf("tampered %s: %d %s", name, last.status, last.body)
			}
			if status, _ := r.me(t, b); status != http.StatusUnauthorized {
				t.Fatalf("tampered %s gave a session", name)
			}
		})
	}
}

// TestReplayedCallback: a finished callback replayed — by the same
// browser, or by someone holding its flow cookie too — is refused.
func TestReplayedCallback(t *testing.T) {
	r := newRig(t, rigOptions{})
	b := r.browser(t)
	start, id := r.startSignIn(t, b, "")
	flowCookie := cookieNamed(start[0].header, "vigil_oidc")
	hops := r.login(t, b, id, "alice", true)
	cb := hops[len(hops)-1].url
	if got := b.get(t, cb.String()); got[0].status != http.StatusSeeOther {
		t.Fatalf("first callback = %d %s", got[0].status, got[0].body)
	}
	got := b.get(t, cb.String())
	if got[0].status != http.StatusBadRequest || !strings.Contains(got[0].body, "no sign-in was started in this browser") {
		t.Fatalf("replay in the same browser = %d %s", got[0].status, got[0].body)
	}
	thief := r.browser(t)
	vu, _ := url.Parse(r.vigil.URL)
	thief.c.Jar.SetCookies(vu, []*http.Cookie{{Name: flowCookie.Name, Value: flowCookie.Value, Path: "/"}})
	got = thief.get(t, cb.String())
	if got[0].status != http.StatusBadRequest || !strings.Contains(got[0].body, "finished already") {
		t.Fatalf("replay with the flow cookie = %d %s", got[0].status, got[0].body)
	}
	if status, _ := r.me(t, thief); status != http.StatusUnauthorized {
		t.Fatal("a replayed callback gave a session")
	}
}

// TestIDTokenChecks: ID tokens a correct provider would not issue for
// this sign-in — another nonce, audience, issuer or authorized party, an
// expired one, one signed with another key — are refused.
func TestIDTokenChecks(t *testing.T) {
	r := newRig(t, rigOptions{})
	other, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name   string
		mangle func(map[string]any)
		key    *rsa.PrivateKey
		want   string
	}{
		{"nonce", func(c map[string]any) { c["nonce"] = "not-the-nonce" }, nil, "was not issued for this sign-in"},
		{"no nonce", func(c map[string]any) { delete(c, "nonce") }, nil, "was not issued for this sign-in"},
		{"audience", func(c map[string]any) { c["aud"] = []string{"another-client"} }, nil, "did not verify"},
		{"issuer", func(c map[string]any) { c["iss"] = "https://evil.example" }, nil, "did not verify"},
		{"expired", func(c map[string]any) { c["exp"] = time.Now().Add(-time.Hour).Unix() }, nil, "did not verify"},
		{"signature", func(map[string]any) {}, other, "did not verify"},
		{"azp", func(c map[string]any) { c["aud"] = []string{clientID, "another-client"}; c["azp"] = "another-client" }, nil, "issued to another client"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r.idp.setMangle(c.mangle, c.key)
			defer r.idp.setMangle(nil, nil)
			b := r.browser(t)
			hops := r.signIn(t, b, "alice", "")
			last := hops[len(hops)-1]
			if last.url.Path != oidc.CallbackPath || last.status != http.StatusUnauthorized || !strings.Contains(last.body, c.want) {
				t.Fatalf("%s: %s answered %d: %s", c.name, last.url.Path, last.status, last.body)
			}
			if status, _ := r.me(t, b); status != http.StatusUnauthorized {
				t.Fatalf("%s: a bad ID token gave a session", c.name)
			}
		})
	}
	// The same rig, unmangled, still signs people in: the refusals were
	// the tokens', not the rig's.
	b := r.browser(t)
	r.signIn(t, b, "alice", "")
	if status, _ := r.me(t, b); status != 200 {
		t.Fatalf("sign-in after the bad tokens = %d", status)
	}
}

// TestNextStaysLocal: whatever next says, sign-in lands on this server.
func TestNextStaysLocal(t *testing.T) {
	r := newRig(t, rigOptions{})
	for _, next := range []string{"//evil.example", "https://evil.example/", "/\\evil.example", "/\t/evil.example"} {
		b := r.browser(t)
		cb := callbackHop(t, r.signIn(t, b, "alice", next))
		if cb.status != http.StatusSeeOther || cb.location() != "/" {
			t.Errorf("next=%q: callback = %d to %q, want /", next, cb.status, cb.location())
		}
	}
}

// TestProviderError: the provider's refusal of this browser's sign-in
// is shown (as text); one that does not answer this browser's sign-in
// is not shown at all.
func TestProviderError(t *testing.T) {
	r := newRig(t, rigOptions{})
	b := r.browser(t)
	const desc = "%3Cscript%3Ealert(1)%3C/script%3E"
	start, _ := r.startSignIn(t, b, "")
	authz, _ := url.Parse(start[0].location())
	hops := b.get(t, r.vigil.URL+oidc.CallbackPath+"?error=access_denied&error_description="+desc+"&state="+authz.Query().Get("state"))
	last := hops[len(hops)-1]
	if last.status != http.StatusUnauthorized || !strings.Contains(last.body, "did not sign you in: access_denied &lt;script&gt;") {
		t.Fatalf("provider error = %d %s", last.status, last.body)
	}
	r.startSignIn(t, b, "")
	hops = b.get(t, r.vigil.URL+oidc.CallbackPath+"?error=access_denied&error_description=Call+0800+now&state=forged")
	last = hops[len(hops)-1]
	if last.status != http.StatusBadRequest || strings.Contains(last.body, "0800") || !strings.Contains(last.body, "does not belong to the sign-in this browser started") {
		t.Fatalf("forged provider error = %d %s", last.status, last.body)
	}
}

// TestSignInRateLimit: one address starting sign-ins over and over is
// answered 429.
func TestSignInRateLimit(t *testing.T) {
	r := newRig(t, rigOptions{limiter: auth.NewLimiter(time.Minute, 5)})
	b := r.browser(t)
	var got []int
	for range 8 {
		req, _ := http.NewRequest("GET", r.vigil.URL+oidc.StartPath, nil)
		resp, err := b.c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		got = append(got, resp.StatusCode)
		if resp.StatusCode == http.StatusTooManyRequests && resp.Header.Get("Retry-After") == "" {
			t.Error("429 without Retry-After")
		}
	}
	if got[0] != http.StatusFound || got[len(got)-1] != http.StatusTooManyRequests {
		t.Fatalf("statuses = %v, want 302 first and 429 once the burst of 5 is spent", got)
	}
	hops := b.get(t, r.vigil.URL+oidc.CallbackPath+"?code=x&state=y")
	if hops[0].status != http.StatusTooManyRequests {
		t.Fatalf("callback past the limit = %d, want 429", hops[0].status)
	}
}

// TestClientSecretStaysSecret: a provider refusing Vigil's client (a
// wrong secret) fails the sign-in with a page that says what to check;
// neither secret is on the page or in the log.
func TestClientSecretStaysSecret(t *testing.T) {
	idpSecret := "the-provider-expects-this-one-9d2"
	r := newRig(t, rigOptions{idpSecret: idpSecret})
	b := r.browser(t)
	hops := r.signIn(t, b, "alice", "")
	last := hops[len(hops)-1]
	if last.status != http.StatusBadGateway || !strings.Contains(last.body, "client_secret") {
		t.Fatalf("wrong secret = %d %s", last.status, last.body)
	}
	logs := r.logs.String()
	if !strings.Contains(logs, "oidc code exchange failed") || !strings.Contains(logs, "the token endpoint answered") {
		t.Errorf("the failed exchange is not logged with the provider's answer:\n%s", logs)
	}
	for _, s := range []string{clientSecret, idpSecret} {
		if strings.Contains(last.body, s) || strings.Contains(logs, s) {
			t.Errorf("secret %q leaked into the page or the log", s)
		}
	}
}

// TestDiscovery: New fails, in bounded time and with the issuer named,
// when the provider does not answer, answers as another issuer, or the
// secret cannot be read; no error holds the secret.
func TestDiscovery(t *testing.T) {
	key := make([]byte, auth.KeySize)
	sess, _ := auth.NewSessions(key, time.Hour, false, nil)
	t.Setenv(secretEnv, clientSecret)
	cfg := func(issuer string) *config.OIDC {
		return &config.OIDC{Issuer: issuer, ClientID: clientID, ClientSecret: &config.SecretRef{Env: secretEnv},
			RedirectURL: "https://vigil.example/login/oidc/callback", Groups: groups}
	}

	// A listener that accepts and never answers.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			defer c.Close()
		}
	}()
	silent := "http://" + l.Addr().String()
	began := time.Now()
	_, err = oidc.New(context.Background(), cfg(silent), sess, oidc.Options{Key: key, DiscoveryTimeout: 300 * time.Millisecond})
	if took := time.Since(began); took > 5*time.Second {
		t.Errorf("discovery of a silent provider took %s", took)
	}
	if err == nil || !strings.Contains(err.Error(), silent+"/.well-known/openid-configuration") || !strings.Contains(err.Error(), "no answer within 300ms") ||
		!strings.Contains(err.Error(), "auth.oidc.issuer") {
		t.Errorf("silent provider: %v", err)
	}

	d := newIDP(t, people(), clientID, clientSecret, "https://vigil.example/login/oidc/callback")
	opts := oidc.Options{Key: key, HTTPClient: d.srv.Client()}
	_, err = oidc.New(context.Background(), cfg(d.srv.URL+"/tenant"), sess, opts)
	if err == nil || !strings.Contains(err.Error(), d.srv.URL+"/tenant/.well-known") {
		t.Errorf("wrong issuer path: %v", err)
	}
	c := cfg(d.srv.URL)
	c.RedirectURL = "https://vigil.example/callback"
	if _, err = oidc.New(context.Background(), c, sess, opts); err == nil || !strings.Contains(err.Error(), oidc.CallbackPath) {
		t.Errorf("redirect URL on another path: %v", err)
	}
	c = cfg(d.srv.URL)
	c.ClientSecret = &config.SecretRef{Env: "VIGIL_TEST_OIDC_UNSET"}
	if _, err = oidc.New(context.Background(), c, sess, opts); err == nil || !strings.Contains(err.Error(), "VIGIL_TEST_OIDC_UNSET is not set") {
		t.Errorf("unset secret: %v", err)
	}
	p, err := oidc.New(context.Background(), cfg(d.srv.URL), sess, opts)
	if err != nil {
		t.Fatalf("a reachable provider: %v", err)
	}
	if got := p.SignIn(); got.URL != oidc.StartPath || !strings.Contains(got.Label, "127.0.0.1") {
		t.Errorf("sign-in option = %+v", got)
	}
	if _, err := oidc.New(context.Background(), cfg(d.srv.URL), sess, oidc.Options{Key: key[:8]}); err == nil {
		t.Error("a short flow key was accepted")
	}
}
