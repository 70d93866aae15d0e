package server

import (
	"net/url"
	"strings"
)

// SafeNext keeps a post-sign-in redirect on this server: next is used
// only when it is a local path ("/findings?sev=high"); an absolute URL,
// a scheme-relative one ("//evil.example", "/\evil.example") or one
// holding control characters (which browsers drop, turning "/\t/evil"
// into "//evil") gives "/".
func SafeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.ContainsAny(next, "\\") {
		return "/"
	}
	for _, c := range next {
		if c < 0x20 || c == 0x7f {
			return "/"
		}
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || !strings.HasPrefix(u.Path, "/") || strings.HasPrefix(u.Path, "//") {
		return "/"
	}
	return next
}
