package oidc_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"html/template"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	jose "github.com/go-jose/go-jose/v4"
	"github.com/zitadel/oidc/v3/example/server/storage"
	zoidc "github.com/zitadel/oidc/v3/pkg/oidc"
	"github.com/zitadel/oidc/v3/pkg/op"
)

// idp is a real OpenID Connect provider on loopback (zitadel's op
// package over its example in-memory storage), serving discovery, keys,
// authorize and token over TLS, with a login form for its users. Its
// users carry the claims the tests give them; mangle, when set, rewrites
// the claims of the next ID tokens it issues and signs them again (with
// the provider's key, or signWith) — to make tokens a correct provider
// would not.
type idp struct {
	srv    *httptest.Server
	st     *storage.Storage
	users  idpUsers
	mu     sync.Mutex
	mangle func(claims map[string]any)
	// signWith signs mangled tokens instead of the provider's key.
	signWith *rsa.PrivateKey
}

// idpUser is a user of the test provider; claims go into its ID tokens.
type idpUser struct {
	storage.User
	claims map[string]any
}

type idpUsers map[string]*idpUser

func (u idpUsers) GetUserByID(id string) *storage.User {
	if x, ok := u[id]; ok {
		return &x.User
	}
	return nil
}

func (u idpUsers) GetUserByUsername(name string) *storage.User { return u.GetUserByID(name) }

func (u idpUsers) ExampleClientID() string { return "service" }

// claimStorage puts each user's e-mail and claims in its ID tokens.
type claimStorage struct {
	*storage.Storage
	users idpUsers
}

func (s *claimStorage) SetUserinfoFromRequest(ctx context.Context, info *zoidc.UserInfo, req op.IDTokenRequest, scopes []string) error {
	if err := s.Storage.SetUserinfoFromRequest(ctx, info, req, scopes); err != nil {
		return err
	}
	u, ok := s.users[req.GetSubject()]
	if !ok {
		return fmt.Errorf("no user %s", req.GetSubject())
	}
	info.Email, info.EmailVerified = u.Email, zoidc.Bool(true)
	for k, v := range u.claims {
		info.AppendClaims(k, v)
	}
	return nil
}

const idpPassword = "correct-horse"

// newIDP starts a provider with users, knowing one web client
// (clientID, secret) that may redirect to redirectURL.
func newIDP(t *testing.T, users idpUsers, clientID, secret, redirectURL string) *idp {
	t.Helper()
	for id, u := range users {
		u.ID, u.Username, u.Password = id, id, idpPassword
		if u.Email == "" {
			u.Email = id + "@example.com"
		}
	}
	d := &idp{users: users}
	var handler http.Handler
	d.srv = httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { handler.ServeHTTP(w, r) }))
	t.Cleanup(d.srv.Close)
	d.st = storage.NewStorageWithClients(users, map[string]*storage.Client{clientID: storage.WebClient(clientID, secret, redirectURL)})
	var key [32]byte
	_, _ = rand.Read(key[:])
	provider, err := op.NewProvider(&op.Config{CryptoKey: key, CodeMethodS256: true, AuthMethodPost: true},
		&claimStorage{Storage: d.st, users: users}, op.StaticIssuer(d.srv.URL))
	if err != nil {
		t.Fatal(err)
	}
	callback := op.AuthCallbackURL(provider)
	mux := http.NewServeMux()
	mux.Handle("/login/username", op.NewIssuerInterceptor(provider.IssuerFromRequest).HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			_ = loginForm.Execute(w, r.URL.Query().Get("authRequestID"))
			return
		}
		if err := d.st.CheckUsernamePassword(r.FormValue("username"), r.FormValue("password"), r.FormValue("id")); err != nil {
			http.Error(w, err.Error(), http.StatusUnauthorized)
			return
		}
		http.Redirect(w, r, callback(r.Context(), r.FormValue("id")), http.StatusFound)
	}))
	mux.Handle("/", d.mangling(provider))
	handler = mux
	return d
}

var loginForm = template.Must(template.New("login").Parse(`<!doctype html><html><head><title>Test provider</title></head><body>
<form method="post" action="/login/username"><input type="hidden" name="id" value="{{.}}">
<label>User <input id="username" name="username"></label> <label>Password <input id="password" type="password" name="password"></label>
<button id="submit" type="submit">Sign in</button></form></body></html>`))

// setMangle makes the provider rewrite the claims of the ID tokens it
// issues (nil: stop).
func (d *idp) setMangle(f func(map[string]any), signWith *rsa.PrivateKey) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.mangle, d.signWith = f, signWith
}

// mangling passes the token endpoint's answers through mangle.
func (d *idp) mangling(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		d.mu.Lock()
		mangle, signWith := d.mangle, d.signWith
		d.mu.Unlock()
		if mangle == nil || r.URL.Path != "/oauth/token" {
			next.ServeHTTP(w, r)
			return
		}
		rec := httptest.NewRecorder()
		next.ServeHTTP(rec, r)
		var body map[string]any
		if rec.Code != http.StatusOK || json.Unmarshal(rec.Body.Bytes(), &body) != nil {
			copyResponse(w, rec)
			return
		}
		if raw, ok := body["id_token"].(string); ok {
			body["id_token"] = d.resign(r.Context(), raw, mangle, signWith)
		}
		b, _ := json.Marshal(body)
		rec.Body = bytes.NewBuffer(b)
		rec.Header().Del("Content-Length")
		copyResponse(w, rec)
	})
}

func copyResponse(w http.ResponseWriter, rec *httptest.ResponseRecorder) {
	for k, v := range rec.Header() {
		w.Header()[k] = v
	}
	w.WriteHeader(rec.Code)
	_, _ = w.Write(rec.Body.Bytes())
}

// resign decodes a token's claims, changes them and signs them again.
func (d *idp) resign(ctx context.Context, raw string, mangle func(map[string]any), signWith *rsa.PrivateKey) string {
	parts := strings.Split(raw, ".")
	payload, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		panic(err)
	}
	var claims map[string]any
	if err := json.Unmarshal(payload, &claims); err != nil {
		panic(err)
	}
	mangle(claims)
	sk, err := d.st.SigningKey(ctx)
	if err != nil {
		panic(err)
	}
	key := any(sk.Key())
	if signWith != nil {
		key = signWith
	}
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.RS256, Key: key},
		(&jose.SignerOptions{}).WithType("JWT").WithHeader("kid", sk.ID()))
	if err != nil {
		panic(err)
	}
	b, _ := json.Marshal(claims)
	jws, err := signer.Sign(b)
	if err != nil {
		panic(err)
	}
	s, err := jws.CompactSerialize()
	if err != nil {
		panic(err)
	}
	return s
}
