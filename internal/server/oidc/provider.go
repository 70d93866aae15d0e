package oidc

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	gooidc "github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"github.com/vigil-cspm/vigil/internal/config"
	"github.com/vigil-cspm/vigil/internal/server"
	"github.com/vigil-cspm/vigil/internal/server/auth"
	"github.com/vigil-cspm/vigil/internal/store"
)

// Paths of the sign-in routes.
const (
	StartPath    = "/login/oidc"
	CallbackPath = "/login/oidc/callback"
)

// Options are what New needs besides the configuration and sessions.
type Options struct {
	// Key is the secret the flow cookie's key is derived from: the
	// session signing key (auth.KeySize bytes, the same in every process
	// behind one URL, so a callback may reach another process). Required.
	Key []byte
	// HTTPClient talks to the provider (discovery, keys, token exchange);
	// nil is a client with a 15 s timeout.
	HTTPClient *http.Client
	// DiscoveryTimeout bounds discovery in New; 0 is 10 s.
	DiscoveryTimeout time.Duration
	// Limiter bounds sign-in attempts (starts and callbacks) per client
	// address; nil allows 10 at once, then one every 6 s.
	Limiter *auth.Limiter
	// Audit, when set, records each sign-in and each refusal of a
	// person the provider vouched for (the store's audit log).
	Audit Auditor
	Log   *slog.Logger
	// Now is the clock (nil: time.Now).
	Now func() time.Time
}

// Auditor appends to the audit log; store.ServiceState is one.
type Auditor interface {
	AppendAudit(ctx context.Context, e store.AuditEntry) error
}

// Provider is a configured, discovered OpenID Connect provider.
type Provider struct {
	cfg      *config.OIDC
	sessions *auth.Sessions
	oauth    oauth2.Config
	verifier *gooidc.IDTokenVerifier
	client   *http.Client
	seal     *sealer
	spent    spent
	lim      *auth.Limiter
	audit    Auditor
	log      *slog.Logger
	now      func() time.Time
}

// New reads the client secret, discovers the provider at cfg.Issuer
// (within Options.DiscoveryTimeout) and returns the Provider. Errors name
// the issuer and what to check; they never hold the secret.
func New(ctx context.Context, cfg *config.OIDC, sessions *auth.Sessions, opts Options) (*Provider, error) {
	switch {
	case cfg == nil:
		return nil, errors.New("oidc: no auth.oidc configuration")
	case sessions == nil:
		return nil, errors.New("oidc: no sessions to issue")
	case len(opts.Key) < auth.KeySize:
		return nil, fmt.Errorf("oidc: the flow key is shorter than %d bytes: pass the session signing key", auth.KeySize)
	case len(cfg.Groups) == 0:
		return nil, errors.New("oidc: auth.oidc.groups is empty: map at least one group to a role, or nobody can sign in")
	}
	if opts.Log == nil {
		opts.Log = slog.New(slog.DiscardHandler)
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.HTTPClient == nil {
		opts.HTTPClient = &http.Client{Timeout: 15 * time.Second}
	}
	if opts.DiscoveryTimeout <= 0 {
		opts.DiscoveryTimeout = 10 * time.Second
	}
	if opts.Limiter == nil {
		opts.Limiter = auth.NewLimiter(6*time.Second, 10)
	}
	redirect, err := url.Parse(cfg.RedirectURL)
	if err != nil || !redirect.IsAbs() || redirect.Path != CallbackPath {
		return nil, fmt.Errorf("oidc: auth.oidc.redirect_url %q must be this server's absolute URL ending in %s (and be registered with the provider as the redirect URI)", cfg.RedirectURL, CallbackPath)
	}
	secret, err := cfg.ClientSecret.Resolve(opts.Log)
	if err != nil {
		// Resolve's error names the reference, never the value.
		return nil, fmt.Errorf("oidc: client_secret: %w", err)
	}
	claim := cfg.GroupsClaim
	if claim == "" {
		claim = "groups"
	}

	dctx, cancel := context.WithTimeout(gooidc.ClientContext(ctx, opts.HTTPClient), opts.DiscoveryTimeout)
	defer cancel()
	disc, err := gooidc.NewProvider(dctx, cfg.Issuer)
	if err != nil {
		why := err.Error()
		if dctx.Err() != nil && ctx.Err() == nil {
			why = fmt.Sprintf("no answer within %s", opts.DiscoveryTimeout)
		}
		return nil, fmt.Errorf("oidc: discover the provider at %s/.well-known/openid-configuration: %s (check that auth.oidc.issuer is the provider's issuer URL exactly as it publishes it, and that this host can reach it)",
			strings.TrimSuffix(cfg.Issuer, "/"), why)
	}
	seal, err := newSealer(opts.Key, redirect.Scheme == "https")
	if err != nil {
		return nil, fmt.Errorf("oidc: %w", err)
	}
	p := &Provider{
		cfg:      &config.OIDC{Issuer: cfg.Issuer, ClientID: cfg.ClientID, RedirectURL: cfg.RedirectURL, GroupsClaim: claim, Groups: cfg.Groups},
		sessions: sessions,
		oauth: oauth2.Config{ClientID: cfg.ClientID, ClientSecret: secret, Endpoint: disc.Endpoint(),
			RedirectURL: cfg.RedirectURL, Scopes: scopes(disc, claim)},
		verifier: disc.Verifier(&gooidc.Config{ClientID: cfg.ClientID, Now: opts.Now}),
		client:   opts.HTTPClient,
		seal:     seal,
		lim:      opts.Limiter,
		audit:    opts.Audit,
		log:      opts.Log,
		now:      opts.Now,
	}
	for _, w := range widening(cfg.Groups) {
		opts.Log.Warn("oidc groups grant one role with scopes on different keys; a person in both sees their merged scope, which can be more than either grants",
			"groups", w)
	}
	return p, nil
}

// scopes are the scopes asked for: openid, and email, profile and the
// groups claim's name where the provider lists them (or lists none).
func scopes(disc *gooidc.Provider, claim string) []string {
	var d struct {
		Supported []string `json:"scopes_supported"`
	}
	_ = disc.Claims(&d)
	out := []string{gooidc.ScopeOpenID}
	for _, s := range []string{"email", "profile"} {
		if len(d.Supported) == 0 || slices.Contains(d.Supported, s) {
			out = append(out, s)
		}
	}
	if slices.Contains(d.Supported, claim) {
		out = append(out, claim)
	}
	return out
}

// Routes are the sign-in routes; neither needs a principal.
func (p *Provider) Routes() []server.Route {
	return []server.Route{
		{Method: "GET", Path: StartPath, Need: auth.NeedNothing, Summary: "Start signing in with the OIDC provider", Handler: p.start},
		{Method: "GET", Path: CallbackPath, Need: auth.NeedNothing, Summary: "Finish signing in with the OIDC provider", Handler: p.callback},
	}
}

// SignIn is the sign-in page's option for this provider.
func (p *Provider) SignIn() server.SignInOption {
	label := "Sign in with your identity provider"
	if u, err := url.Parse(p.cfg.Issuer); err == nil && u.Host != "" {
		label = "Sign in with " + u.Hostname()
	}
	return server.SignInOption{Label: label, URL: StartPath}
}

// start sends the browser to the provider, keeping state, nonce, the
// PKCE verifier and next in the flow cookie.
func (p *Provider) start(w http.ResponseWriter, r *http.Request) {
	if !p.allow(w, r) {
		return
	}
	f := flow{State: random(32), Nonce: random(32), Verifier: oauth2.GenerateVerifier(),
		Next: server.SafeNext(r.URL.Query().Get("next")), Expires: p.now().Add(flowTTL).Unix()}
	p.seal.set(w, f)
	http.Redirect(w, r, p.oauth.AuthCodeURL(f.State, oauth2.S256ChallengeOption(f.Verifier), gooidc.Nonce(f.Nonce)), http.StatusFound)
}

// callback finishes a sign-in: the flow cookie, the state, the code
// exchange, the ID token, the groups; then a session.
func (p *Provider) callback(w http.ResponseWriter, r *http.Request) {
	if !p.allow(w, r) {
		return
	}
	p.seal.clear(w)
	q := r.URL.Query()
	f, err := p.seal.read(r, p.now())
	if err != nil {
		p.refuse(w, r, http.StatusBadRequest, "Signing in could not be finished: "+err.Error()+".",
			"Start again from the sign-in page, in the same browser, and finish within 10 minutes.", err.Error())
		return
	}
	if subtle.ConstantTimeCompare([]byte(q.Get("state")), []byte(f.State)) != 1 {
		p.refuse(w, r, http.StatusBadRequest, "Signing in could not be finished: the answer from the identity provider does not belong to the sign-in this browser started.",
			"Start again from the sign-in page.", "state mismatch")
		return
	}
	// The provider's own refusal is shown only once the state shows it
	// answers this browser's sign-in: anyone can link to the callback.
	if e := q.Get("error"); e != "" {
		p.refuse(w, r, http.StatusUnauthorized, "The identity provider did not sign you in: "+clip(e+" "+q.Get("error_description"), 300),
			"Try again; if it keeps happening, ask an administrator to check that Vigil's client is allowed to sign in users there.", "provider error")
		return
	}
	if !p.spent.spend(f.State, time.Unix(f.Expires, 0), p.now()) {
		p.refuse(w, r, http.StatusBadRequest, "Signing in could not be finished: this sign-in was finished already.",
			"Start again from the sign-in page.", "replayed callback")
		return
	}
	code := q.Get("code")
	if code == "" {
		p.refuse(w, r, http.StatusBadRequest, "Signing in could not be finished: the identity provider sent no authorization code.",
			"Start again from the sign-in page.", "no code")
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), 20*time.Second)
	defer cancel()
	ctx = gooidc.ClientContext(context.WithValue(ctx, oauth2.HTTPClient, p.client), p.client)
	tok, err := p.oauth.Exchange(ctx, code, oauth2.VerifierOption(f.Verifier))
	if err != nil {
		p.log.Warn("oidc code exchange failed", "issuer", p.cfg.Issuer, "err", exchangeError(err))
		p.refuse(w, r, http.StatusBadGateway, "Signing in could not be finished: the identity provider did not accept Vigil's request for your tokens.",
			"Try again; if it keeps happening, ask an administrator to check auth.oidc.client_id, client_secret and redirect_url against the provider (the service's log has the provider's answer).", "code exchange failed")
		return
	}
	raw, _ := tok.Extra("id_token").(string)
	if raw == "" {
		p.refuse(w, r, http.StatusBadGateway, "Signing in could not be finished: the identity provider sent no ID token.",
			"Ask an administrator to check that the provider's client for Vigil is an OpenID Connect client.", "no id_token")
		return
	}
	idt, err := p.verifier.Verify(ctx, raw)
	if err != nil {
		p.log.Warn("oidc ID token refused", "issuer", p.cfg.Issuer, "err", err.Error())
		p.refuse(w, r, http.StatusUnauthorized, "Signing in could not be finished: the identity provider's ID token did not verify.",
			"Try again; if it keeps happening, ask an administrator to check the service's log and auth.oidc.issuer and client_id.", "id token: "+err.Error())
		return
	}
	if subtle.ConstantTimeCompare([]byte(idt.Nonce), []byte(f.Nonce)) != 1 {
		p.refuse(w, r, http.StatusUnauthorized, "Signing in could not be finished: the ID token was not issued for this sign-in.",
			"Start again from the sign-in page.", "nonce mismatch")
		return
	}
	var claims map[string]json.RawMessage
	if err := idt.Claims(&claims); err != nil {
		p.refuse(w, r, http.StatusBadGateway, "Signing in could not be finished: the ID token's claims are not a JSON object.",
			"Ask an administrator to check the provider.", "claims")
		return
	}
	if azp := str(claims["azp"]); azp != "" && azp != p.cfg.ClientID {
		p.refuse(w, r, http.StatusUnauthorized, "Signing in could not be finished: the ID token was issued to another client.",
			"Ask an administrator to check auth.oidc.client_id.", "azp mismatch")
		return
	}
	name := personName(claims, idt.Subject)
	groups, err := groupsOf(claims, p.cfg.GroupsClaim)
	if err != nil {
		p.record(r, name, "", http.StatusForbidden, "refused: groups claim")
		p.refuse(w, r, http.StatusForbidden, "You signed in as "+name+", but Vigil cannot tell your groups: "+err.Error()+".",
			"Ask an administrator to fix the provider's groups claim; Vigil grants roles only by group.", "groups claim")
		return
	}
	grant, matched, ok := grantFor(groups, p.cfg.Groups)
	if !ok {
		p.record(r, name, "", http.StatusForbidden, "refused: in no configured group")
		p.refuse(w, r, http.StatusForbidden, fmt.Sprintf("You signed in as %s, but none of your groups (claim %q: %s) gives a role in Vigil.", name, p.cfg.GroupsClaim, listed(groups)),
			"Ask an administrator to map one of your groups to a role under serve.auth.oidc.groups (the ci role is never granted to people).", "no configured group")
		return
	}
	p.sessions.Issue(w, &auth.Principal{Name: name, Via: "session", Role: grant.Role, Scope: grant.Scope})
	p.log.Info("oidc sign-in", "name", name, "role", string(grant.Role), "groups", strings.Join(matched, ","), "remote", remote(r))
	p.record(r, name, grant.Role, http.StatusSeeOther, "signed in; groups: "+strings.Join(matched, ","))
	http.Redirect(w, r, server.SafeNext(f.Next), http.StatusSeeOther)
}

// record appends a sign-in or a refusal to the audit log, if there is one.
func (p *Provider) record(r *http.Request, name string, role config.Role, status int, detail string) {
	if p.audit == nil {
		return
	}
	e := store.AuditEntry{At: p.now().UTC(), Actor: name, Via: "oidc", Role: string(role), Action: "GET " + CallbackPath,
		Target: p.cfg.Issuer, Status: status, Remote: remote(r), Detail: clip(detail, 500)}
	if err := p.audit.AppendAudit(context.WithoutCancel(r.Context()), e); err != nil {
		p.log.Error("audit log write failed", "action", e.Action, "actor", e.Actor, "err", err)
	}
}

// allow spends one sign-in attempt of the client's address, answering
// 429 when none is left.
func (p *Provider) allow(w http.ResponseWriter, r *http.Request) bool {
	if p.lim.Allow(remote(r)) {
		return true
	}
	w.Header().Set("Retry-After", "10")
	p.refuse(w, r, http.StatusTooManyRequests, "Too many sign-in attempts from this address.", "Wait a minute and try again.", "rate limited")
	return false
}

// refuse answers with the refusal page and logs why.
func (p *Provider) refuse(w http.ResponseWriter, r *http.Request, status int, problem, hint, reason string) {
	p.log.Warn("oidc sign-in refused", "reason", reason, "status", status, "remote", remote(r))
	renderRefusal(w, status, problem, hint)
}

// exchangeError describes a failed code exchange without the request
// that carried the secret: the provider's error code and description.
func exchangeError(err error) string {
	var re *oauth2.RetrieveError
	if errors.As(err, &re) {
		s := fmt.Sprintf("the token endpoint answered %d", re.Response.StatusCode)
		if re.ErrorCode != "" {
			s += ": " + re.ErrorCode
		}
		if re.ErrorDescription != "" {
			s += " (" + clip(re.ErrorDescription, 200) + ")"
		}
		return s
	}
	return err.Error()
}

// personName is the e-mail address the provider vouches for, else the
// subject.
func personName(claims map[string]json.RawMessage, subject string) string {
	email := str(claims["email"])
	// Some providers send email_verified as a string.
	if v := strings.Trim(string(claims["email_verified"]), `"`); email != "" && v != "false" {
		return clip(email, 200)
	}
	return clip(subject, 200)
}

// str is a JSON string's value, or "".
func str(raw json.RawMessage) string {
	var s string
	_ = json.Unmarshal(raw, &s)
	return s
}

// listed shows a person's groups: at most 10, or "none".
func listed(groups []string) string {
	if len(groups) == 0 {
		return "none"
	}
	shown := groups
	more := ""
	if len(shown) > 10 {
		shown, more = shown[:10], fmt.Sprintf(" and %d more", len(groups)-10)
	}
	q := make([]string, len(shown))
	for i, g := range shown {
		q[i] = clip(g, 80)
	}
	return strings.Join(q, ", ") + more
}

// clip shortens s to n bytes at a rune boundary.
func clip(s string, n int) string {
	s = strings.TrimSpace(s)
	if len(s) <= n {
		return s
	}
	for n > 0 && !isRuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}

func isRuneStart(b byte) bool { return b&0xC0 != 0x80 }

// remote is the client's address without the port.
func remote(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}
