package auth

import (
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// Limiter bounds attempts per key (a client address): sign-in attempts
// and failed authentications. It forgets keys idle for an hour and holds
// at most maxKeys, so a flood of addresses cannot grow it without bound.
type Limiter struct {
	mu    sync.Mutex
	every time.Duration
	burst int
	keys  map[string]*limited
}

type limited struct {
	lim  *rate.Limiter
	seen time.Time
}

const maxKeys = 10000

// NewLimiter allows burst attempts at once and one more every every.
func NewLimiter(every time.Duration, burst int) *Limiter {
	return &Limiter{every: every, burst: burst, keys: map[string]*limited{}}
}

// Allow spends one attempt of key; false means wait.
func (l *Limiter) Allow(key string) bool {
	now := time.Now()
	l.mu.Lock()
	defer l.mu.Unlock()
	k, ok := l.keys[key]
	if !ok {
		if len(l.keys) >= maxKeys {
			l.sweep(now)
		}
		if len(l.keys) >= maxKeys {
			return false
		}
		k = &limited{lim: rate.NewLimiter(rate.Every(l.every), l.burst)}
		l.keys[key] = k
	}
	k.seen = now
	return k.lim.AllowN(now, 1)
}

// Blocked reports whether key has no attempt left now, without
// spending one: a blocked client is refused before its credentials are
// checked, so a correct guess does not get through either.
func (l *Limiter) Blocked(key string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	k, ok := l.keys[key]
	return ok && k.lim.TokensAt(time.Now()) < 1
}

func (l *Limiter) sweep(now time.Time) {
	for key, k := range l.keys {
		if now.Sub(k.seen) > time.Hour {
			delete(l.keys, key)
		}
	}
}
