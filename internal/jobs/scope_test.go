package jobs

import (
	"strings"
	"testing"
)

func TestParseScope(t *testing.T) {
	for _, tc := range []struct {
		connector, scope string
		err              string // substring; "" for valid
	}{
		{"prod-aws", "aws:111111111111/eu-west-1", ""},
		{"prod-org", "aws:o-a1b2c3d4e5/111111111111", ""}, // an organization's account
		{"prod", "k8s:prod/ns/shop", ""},
		{"Prod.EU", "k8s:prod/cluster", ""},
		{"", "aws:1/x", "connector \"\": is empty"},
		{"1prod", "aws:1/x", "must be a letter"},
		{"prod", "aws", "has no kind"},
		{"prod", "aws:", "empty path"},
		{"prod", ":x", "kind: is empty"},
		{"prod", "a ws:x", "must be a letter"},
		{"prod", "aws:1/eu west", "space, control or invalid"},
		{"prod", "aws:1/\x00", "space, control or invalid"},
		{"prod", "aws:\xff", "space, control or invalid"},
		{"prod", "aws:" + strings.Repeat("x", maxScopeLen), "bytes long"},
	} {
		ref, err := ParseScope(tc.connector, tc.scope)
		switch {
		case tc.err == "" && err != nil:
			t.Errorf("%q %q: %v", tc.connector, tc.scope, err)
		case tc.err == "" && (ref.Connector != tc.connector || ref.Scope != tc.scope):
			t.Errorf("%q %q: got %+v", tc.connector, tc.scope, ref)
		case tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)):
			t.Errorf("%q %q: error %v, want one containing %q", tc.connector, tc.scope, err, tc.err)
		}
	}
	if k := (ScopeRef{Scope: "aws:1/x"}).Kind(); k != "aws" {
		t.Errorf("kind %q", k)
	}
}

// FuzzParseScope: scopes come from configuration and the API. Parsing
// never panics; an accepted scope keeps its text and is accepted again.
func FuzzParseScope(f *testing.F) {
	for _, s := range []string{"aws:111111111111/eu-west-1", "k8s:prod/ns/shop", "x", ":", "aws:", "a:b c", "a:\xff"} {
		f.Add("prod", s)
	}
	f.Fuzz(func(t *testing.T, connector, scope string) {
		ref, err := ParseScope(connector, scope)
		if err != nil {
			if err.Error() == "" {
				t.Fatal("empty error")
			}
			return
		}
		if ref.Connector != connector || ref.Scope != scope || ref.Kind() == "" || len(scope) > maxScopeLen {
			t.Fatalf("accepted %q %q as %+v", connector, scope, ref)
		}
		if _, err := ParseScope(ref.Connector, ref.Scope); err != nil {
			t.Fatalf("accepted %q %q once, then: %v", connector, scope, err)
		}
	})
}
