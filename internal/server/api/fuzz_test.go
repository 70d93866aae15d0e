package api

import (
	"errors"
	"net/url"
	"testing"
	"time"

	"github.com/vigil-cspm/vigil/internal/model"
	"github.com/vigil-cspm/vigil/internal/store"
)

// FuzzFindingFilter: any query string is a filter or an input error
// with a hint; never a panic. A filter's digest does not depend on its
// cursor or limit.
func FuzzFindingFilter(f *testing.F) {
	for _, s := range []string{"", "status=open,excepted&min_severity=high&sort=due&limit=10", "rule=a&rule=b", "q=%00", "limit=-1", "account=1&cluster=c",
		"status=all&framework=cis-aws-7.0&q=bucket&overdue=true", "label=team=web,env", "sort=age&cursor=abc"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		v, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		for _, combos := range []bool{false, true} {
			ff, err := parseFindingFilter(v, combos)
			if err != nil {
				var in *inputError
				if !errors.As(err, &in) || in.msg == "" || in.hint == "" {
					t.Fatalf("error %v is not an input error with a hint", err)
				}
				continue
			}
			if ff.Limit < 1 || ff.Limit > maxLimit || ff.Sort == "" {
				t.Fatalf("filter %+v out of range", ff)
			}
			d := ff.digest()
			ff.Limit, ff.Cursor = 1, "x"
			if ff.digest() != d {
				t.Fatal("the digest depends on the limit or cursor")
			}
		}
		if rf, err := parseResourceFilter(v); err == nil && (rf.Limit < 1 || rf.Limit > maxLimit) {
			t.Fatalf("resource filter %+v out of range", rf)
		}
	})
}

// FuzzCursor: any cursor string decodes or is an input error; what
// decodes is in range; an encoded cursor decodes to itself.
func FuzzCursor(f *testing.F) {
	good := encodeCursor(cursor{Q: "q1", Key: &store.FindingKey{Risk: 5, Severity: model.SeverityHigh, FirstSeen: time.Unix(1e9, 5).UTC(), Fingerprint: "ab"}})
	for _, s := range []string{good, "", "e30", "eyJ2IjoxfQ", "%%%", "eyJ2IjoxLCJxIjoicTEiLCJrIjp7InMiOiJodWdlIn19"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := decodeCursor(s, "q1")
		if err != nil {
			var in *inputError
			if !errors.As(err, &in) || in.hint == "" {
				t.Fatalf("error %v is not an input error with a hint", err)
			}
			return
		}
		if c == nil {
			if s != "" {
				t.Fatal("a non-empty cursor decoded to nothing")
			}
			return
		}
		if c.Q != "q1" || c.Key != nil && (c.Key.Severity < model.SeverityInfo || c.Key.Severity > model.SeverityCritical) {
			t.Fatalf("cursor %+v out of range", c)
		}
		again, err := decodeCursor(encodeCursor(*c), "q1")
		same := func(a, b *store.FindingKey) bool {
			return a == nil && b == nil || a != nil && b != nil && a.Risk == b.Risk && a.Severity == b.Severity && a.Fingerprint == b.Fingerprint && a.FirstSeen.Equal(b.FirstSeen)
		}
		if err != nil || again.Q != c.Q || again.ID != c.ID || again.NoDue != c.NoDue || !again.Due.Equal(c.Due) || !same(again.Key, c.Key) {
			t.Fatalf("re-encoded cursor %+v decodes to %+v, %v", c, again, err)
		}
	})
}
