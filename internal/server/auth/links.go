package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"sync"
	"time"
)

// Links are one-time sign-in links: a random token that, redeemed once
// before it expires, signs its holder in as the principal it was made
// for. `vigil serve` prints one for an admin at start.
type Links struct {
	mu      sync.Mutex
	pending map[[sha256.Size]byte]link
	now     func() time.Time
}

type link struct {
	p       Principal
	expires time.Time
}

// NewLinks makes an empty set of links.
func NewLinks(now func() time.Time) *Links {
	if now == nil {
		now = time.Now
	}
	return &Links{pending: map[[sha256.Size]byte]link{}, now: now}
}

// New returns a token that signs in as p once within ttl.
func (l *Links) New(p Principal, ttl time.Duration) string {
	var b [32]byte
	_, _ = rand.Read(b[:])
	tok := base64.RawURLEncoding.EncodeToString(b[:])
	l.mu.Lock()
	defer l.mu.Unlock()
	l.pending[sha256.Sum256([]byte(tok))] = link{p: p, expires: l.now().Add(ttl)}
	return tok
}

// Redeem spends token and returns its principal, or nil when it is
// unknown, spent or expired.
func (l *Links) Redeem(token string) *Principal {
	k := sha256.Sum256([]byte(token))
	l.mu.Lock()
	defer l.mu.Unlock()
	ln, ok := l.pending[k]
	delete(l.pending, k)
	if !ok || !l.now().Before(ln.expires) {
		return nil
	}
	p := ln.p
	p.Via = "session"
	return &p
}
