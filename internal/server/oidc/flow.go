package oidc

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/http"
	"sync"
	"time"
)

// flow is what a sign-in carries from its start to its callback, in the
// browser's flow cookie.
type flow struct {
	State    string `json:"s"`
	Nonce    string `json:"n"`
	Verifier string `json:"v"`
	Next     string `json:"x,omitempty"`
	Expires  int64  `json:"e"`
}

// flowTTL is how long a person has to sign in at the provider.
const flowTTL = 10 * time.Minute

// maxFlowCookie bounds the cookie read back; a real one is ~300 bytes.
const maxFlowCookie = 4096

// sealer encrypts and authenticates flow cookies (AES-256-GCM).
type sealer struct {
	aead   cipher.AEAD
	name   string
	secure bool
}

// newSealer derives the cookie key from key with a label of its own, so
// the flow cookie and the session cookie never share a key.
func newSealer(key []byte, secure bool) (*sealer, error) {
	m := hmac.New(sha256.New, key)
	m.Write([]byte("vigil-oidc-flow-v1"))
	block, err := aes.NewCipher(m.Sum(nil))
	if err != nil {
		return nil, err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	name := "vigil_oidc"
	if secure {
		name = "__Host-vigil_oidc"
	}
	return &sealer{aead: aead, name: name, secure: secure}, nil
}

// set writes f as the flow cookie.
func (s *sealer) set(w http.ResponseWriter, f flow) {
	plain, _ := json.Marshal(f)
	nonce := make([]byte, s.aead.NonceSize())
	_, _ = rand.Read(nonce)
	sealed := s.aead.Seal(nonce, nonce, plain, []byte(s.name))
	http.SetCookie(w, &http.Cookie{Name: s.name, Value: base64.RawURLEncoding.EncodeToString(sealed), Path: "/",
		MaxAge: int(flowTTL / time.Second), HttpOnly: true, Secure: s.secure, SameSite: http.SameSiteLaxMode})
}

// clear removes the flow cookie.
func (s *sealer) clear(w http.ResponseWriter) {
	http.SetCookie(w, &http.Cookie{Name: s.name, Value: "", Path: "/", MaxAge: -1, HttpOnly: true, Secure: s.secure, SameSite: http.SameSiteLaxMode})
}

// Why a flow cookie is not accepted.
var (
	errNoFlow      = errors.New("no sign-in was started in this browser")
	errBadFlow     = errors.New("the sign-in cookie does not verify")
	errExpiredFlow = errors.New("the sign-in took longer than 10 minutes")
)

// read returns the flow of r's cookie.
func (s *sealer) read(r *http.Request, now time.Time) (flow, error) {
	c, err := r.Cookie(s.name)
	if err != nil || c.Value == "" {
		return flow{}, errNoFlow
	}
	return s.open(c.Value, now)
}

// open decrypts and checks a flow cookie's value.
func (s *sealer) open(v string, now time.Time) (flow, error) {
	if len(v) > maxFlowCookie {
		return flow{}, errBadFlow
	}
	sealed, err := base64.RawURLEncoding.DecodeString(v)
	if err != nil || len(sealed) < s.aead.NonceSize()+s.aead.Overhead() {
		return flow{}, errBadFlow
	}
	n := s.aead.NonceSize()
	plain, err := s.aead.Open(nil, sealed[:n], sealed[n:], []byte(s.name))
	if err != nil {
		return flow{}, errBadFlow
	}
	var f flow
	if json.Unmarshal(plain, &f) != nil || f.State == "" || f.Nonce == "" || f.Verifier == "" {
		return flow{}, errBadFlow
	}
	if !now.Before(time.Unix(f.Expires, 0)) {
		return flow{}, errExpiredFlow
	}
	return f, nil
}

// spent remembers the states of finished callbacks until their flows
// would have expired, so a callback replayed with its cookie is refused
// before the provider is asked. It holds at most maxSpent states.
type spent struct {
	mu     sync.Mutex
	states map[[sha256.Size]byte]time.Time
}

const maxSpent = 100000

// spend records state; false means it was spent already (or too many
// sign-ins are in flight to remember another).
func (s *spent) spend(state string, expires, now time.Time) bool {
	k := sha256.Sum256([]byte(state))
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.states == nil {
		s.states = map[[sha256.Size]byte]time.Time{}
	}
	if _, ok := s.states[k]; ok {
		return false
	}
	if len(s.states) >= maxSpent {
		for key, exp := range s.states {
			if !now.Before(exp) {
				delete(s.states, key)
			}
		}
		if len(s.states) >= maxSpent {
			return false
		}
	}
	s.states[k] = expires
	return true
}

// random is n random bytes, URL-safe base64.
func random(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}
