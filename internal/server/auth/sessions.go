package auth

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/vigil-cspm/vigil/internal/config"
)

// Sessions issues and reads signed session cookies.
type Sessions struct {
	key    []byte
	ttl    time.Duration
	secure bool
	now    func() time.Time
}

// KeySize is the length of a session signing key.
const KeySize = 32

// NewSessions signs with key (KeySize random bytes, shared by every
// process on the store); cookies last ttl; secure marks them HTTPS-only
// (and names them __Host-vigil_session).
func NewSessions(key []byte, ttl time.Duration, secure bool, now func() time.Time) (*Sessions, error) {
	if len(key) < KeySize {
		return nil, errors.New("session key is shorter than 32 bytes")
	}
	if now == nil {
		now = time.Now
	}
	return &Sessions{key: key, ttl: ttl, secure: secure, now: now}, nil
}

// CookieName is the session cookie's name.
func (s *Sessions) CookieName() string {
	if s.secure {
		return "__Host-vigil_session"
	}
	return "vigil_session"
}

type claim struct {
	Name    string       `json:"n"`
	Role    config.Role  `json:"r"`
	Scope   config.Scope `json:"s,omitzero"`
	Expires int64        `json:"e"`
}

// Issue sets a session cookie for p.
func (s *Sessions) Issue(w http.ResponseWriter, p *Principal) {
	exp := s.now().Add(s.ttl)
	payload, _ := json.Marshal(claim{Name: p.Name, Role: p.Role, Scope: p.Scope, Expires: exp.Unix()})
	body := base64.RawURLEncoding.EncodeToString(payload)
	http.SetCookie(w, &http.Cookie{
		Name: s.CookieName(), Value: body + "." + s.sign(body), Path: "/", Expires: exp,
		HttpOnly: true, Secure: s.secure, SameSite: http.SameSiteLaxMode,
	})
}

// Clear removes the session cookie.
func (s *Sessions) Clear(w http.ResponseWriter) {
	http.SetCookie(w, &http.Cookie{Name: s.CookieName(), Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, Secure: s.secure, SameSite: http.SameSiteLaxMode})
}

// Read returns the principal of r's session cookie, or nil when there is
// none, it does not verify, or it has expired.
func (s *Sessions) Read(r *http.Request) *Principal {
	c, err := r.Cookie(s.CookieName())
	if err != nil {
		return nil
	}
	return s.verify(c.Value)
}

func (s *Sessions) verify(v string) *Principal {
	body, sig, ok := strings.Cut(v, ".")
	if !ok || !hmac.Equal([]byte(sig), []byte(s.sign(body))) {
		return nil
	}
	payload, err := base64.RawURLEncoding.DecodeString(body)
	if err != nil {
		return nil
	}
	var c claim
	if json.Unmarshal(payload, &c) != nil || c.Name == "" || !s.now().Before(time.Unix(c.Expires, 0)) {
		return nil
	}
	return &Principal{Name: c.Name, Via: "session", Role: c.Role, Scope: c.Scope}
}

func (s *Sessions) sign(body string) string {
	m := hmac.New(sha256.New, s.key)
	m.Write([]byte("vigil-session-v1."))
	m.Write([]byte(body))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}
