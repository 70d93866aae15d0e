package auth

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"strings"

	"github.com/vigil-cspm/vigil/internal/config"
)

// Tokens recognises API tokens by their SHA-256.
type Tokens struct {
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
func (ts *Tokens) Add(t config.Token, sum [sha256.Size]byte) { ts.byHash[sum] = t }

// Verify returns the principal a presented token stands for, or nil.
func (ts *Tokens) Verify(token string) *Principal {
	if ts == nil || token == "" {
		return nil
	}
	sum := sha256.Sum256([]byte(token))
	// The lookup is by the token's hash: how long it takes says nothing
	// about the token.
	t, ok := ts.byHash[sum]
	if !ok {
		return nil
	}
	return &Principal{Name: t.Name, Via: "token", Role: t.Role, Scope: t.Scope}
}

// Len is how many tokens are known.
func (ts *Tokens) Len() int { return len(ts.byHash) }
