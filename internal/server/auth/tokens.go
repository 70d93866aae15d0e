package auth

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"strings"
	"sync"

	"github.com/vigil-cspm/vigil/internal/config"
)

// Tokens recognises API tokens by their SHA-256.
type Tokens struct {
	mu     sync.RWMutex
	byHash map[[sha256.Size]byte]config.Token
}

// LoadTokens reads the configured tokens; hash files are read relative
// to the configuration (resolve). The error names the token and file.
func LoadTokens(ts []config.Token, resolve func(string) string) (*Tokens, error) {
	out := &Tokens{byHash: map[[sha256.Size]byte]config.Token{}}
	for _, t := range ts {
		hexSum := t.SHA256
		if t.HashFile != "" {
			path := resolve(t.HashFile)
			b, err := os.ReadFile(path)
			if err != nil {
				return nil, fmt.Errorf("token %s: read hash_file: %w (write the token's SHA-256 there: printf %%s \"$TOKEN\" | sha256sum)", t.Name, err)
			}
			hexSum, _, _ = strings.Cut(strings.TrimSpace(string(b)), " ")
		}
		sum, err := hex.DecodeString(hexSum)
		if err != nil || len(sum) != sha256.Size {
			return nil, fmt.Errorf("token %s: the hash is not a SHA-256 in hex (64 hex digits; printf %%s \"$TOKEN\" | sha256sum)", t.Name)
		}
		var k [sha256.Size]byte
		copy(k[:], sum)
		if prev, dup := out.byHash[k]; dup {
			return nil, fmt.Errorf("tokens %s and %s have the same hash: give each its own token", prev.Name, t.Name)
		}
		out.byHash[k] = t
	}
	return out, nil
}

// Add registers a token by its SHA-256 (the demo's generated tokens).
func (ts *Tokens) Add(t config.Token, sum [sha256.Size]byte) {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	ts.byHash[sum] = t
}

// Replace makes ts recognise exactly other's tokens (a reloaded
// configuration): requests already authenticated keep their principal.
func (ts *Tokens) Replace(other *Tokens) {
	other.mu.RLock()
	m := other.byHash
	other.mu.RUnlock()
	ts.mu.Lock()
	defer ts.mu.Unlock()
	ts.byHash = m
}

// Verify returns the principal a presented token stands for, or nil.
func (ts *Tokens) Verify(token string) *Principal {
	if ts == nil || token == "" {
		return nil
	}
	sum := sha256.Sum256([]byte(token))
	// The lookup is by the token's hash: how long it takes says nothing
	// about the token.
	ts.mu.RLock()
	t, ok := ts.byHash[sum]
	ts.mu.RUnlock()
	if !ok {
		return nil
	}
	return &Principal{Name: t.Name, Via: "token", Role: t.Role, Scope: t.Scope}
}

// Len is how many tokens are known.
func (ts *Tokens) Len() int {
	ts.mu.RLock()
	defer ts.mu.RUnlock()
	return len(ts.byHash)
}
