package server

import "testing"

// TestSafeNext: only local paths survive; every way of naming another
// host, including the ones browsers repair into one, gives "/".
func TestSafeNext(t *testing.T) {
	keep := []string{"/", "/dash", "/findings?severity=high&owner=pay", "/a/b#frag"}
	for _, n := range keep {
		if got := SafeNext(n); got != n {
			t.Errorf("SafeNext(%q) = %q, want it kept", n, got)
		}
	}
	drop := []string{"", "dash", "//evil.example", "///evil.example", "/\\evil.example", "\\\\evil.example",
		"https://evil.example/", "javascript:alert(1)", "/\t/evil.example", "/\n/evil.example", "/\r//evil.example",
		" //evil.example", "/\x7f", "/%2F%2Fevil.example"}
	for _, n := range drop {
		if got := SafeNext(n); got != "/" {
			t.Errorf("SafeNext(%q) = %q, want /", n, got)
		}
	}
}

// FuzzSafeNext: whatever next is, the result is a path on this server.
func FuzzSafeNext(f *testing.F) {
	for _, s := range []string{"/dash", "//x", "/\\x", "/\t/x", "https://x", "/a?b=//c"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, next string) {
		got := SafeNext(next)
		if got != "/" && got != next {
			t.Fatalf("SafeNext(%q) = %q: neither kept nor /", next, got)
		}
		if len(got) > 1 && (got[1] == '/' || got[1] == '\\') {
			t.Fatalf("SafeNext(%q) = %q: names another host", next, got)
		}
		for _, c := range got {
			if c < 0x20 || c == 0x7f || c == '\\' {
				t.Fatalf("SafeNext(%q) = %q: holds %q", next, got, c)
			}
		}
	})
}
