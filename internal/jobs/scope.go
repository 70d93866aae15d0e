package jobs

import (
	"fmt"
	"strings"
	"unicode"
)

// maxScopeLen bounds a scope string: scopes come from configuration and
// the API and are stored in every job's arguments.
const maxScopeLen = 512

// ScopeRef names one scope of one connector: the unit a ScanScope job
// scans.
type ScopeRef struct {
	// Connector is the configured connector's name ("prod-aws").
	Connector string `json:"connector" river:"unique"`
	// Scope is "<kind>:<path>": "aws:111111111111/eu-west-1",
	// "aws:o-a1b2c3d4e5/111111111111" (an organization's account),
	// "k8s:prod/ns/shop", "k8s:prod/cluster".
	Scope string `json:"scope" river:"unique"`
}

// String is "connector scope", for logs.
func (r ScopeRef) String() string { return r.Connector + " " + r.Scope }

// Kind is the scope's source kind, the text before the first colon.
func (r ScopeRef) Kind() string {
	k, _, _ := strings.Cut(r.Scope, ":")
	return k
}

// ParseScope checks a scope string of connector and returns the
// reference. The error says what is wrong and what a scope looks like.
func ParseScope(connector, scope string) (ScopeRef, error) {
	if err := checkName(connector); err != nil {
		return ScopeRef{}, fmt.Errorf("connector %q: %w", connector, err)
	}
	kind, path, ok := strings.Cut(scope, ":")
	const want = `(want "<kind>:<path>", like "aws:111111111111/eu-west-1", "aws:o-a1b2c3d4e5/111111111111" or "k8s:prod/ns/shop")`
	switch {
	case !ok:
		return ScopeRef{}, fmt.Errorf("scope %q of connector %s has no kind %s", scope, connector, want)
	case len(scope) > maxScopeLen:
		return ScopeRef{}, fmt.Errorf("scope of connector %s is %d bytes long, more than %d", connector, len(scope), maxScopeLen)
	case path == "":
		return ScopeRef{}, fmt.Errorf("scope %q of connector %s has an empty path %s", scope, connector, want)
	}
	if err := checkName(kind); err != nil {
		return ScopeRef{}, fmt.Errorf("scope %q of connector %s: kind: %w %s", scope, connector, err, want)
	}
	for _, c := range path {
		if c == unicode.ReplacementChar || unicode.IsSpace(c) || !unicode.IsPrint(c) {
			return ScopeRef{}, fmt.Errorf("scope %q of connector %s has a space, control or invalid character in its path %s", scope, connector, want)
		}
	}
	return ScopeRef{Connector: connector, Scope: scope}, nil
}

// checkName accepts a letter followed by letters, digits, '-', '_' and
// '.', at most 63 of them.
func checkName(s string) error {
	if s == "" {
		return fmt.Errorf("is empty")
	}
	if len(s) > 63 {
		return fmt.Errorf("is longer than 63 characters")
	}
	for i, c := range s {
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z':
		case i > 0 && (c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.'):
		default:
			return fmt.Errorf("must be a letter then letters, digits, '-', '_' or '.'")
		}
	}
	return nil
}
