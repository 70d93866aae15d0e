package exceptions

import (
	"errors"
	"testing"
	"time"

	"github.com/vigil-cspm/vigil/internal/diag"
)

// FuzzParseExceptions: Parse never panics; it returns either a set whose
// every exception is complete and within the maximum TTL, or *Errors
// with at least one located mistake and no set.
func FuzzParseExceptions(f *testing.F) {
	f.Add([]byte(good))
	for _, s := range []string{
		"version: 1\nexceptions: []\n",
		"version: 1\nexceptions:\n  - id: a\n    rule: '*'\n    resource: {labels: {a: b}, tags: {c: d}}\n    reason: r\n    owner: o\n    approved_by: a\n    created: 2026-01-01\n    expires: 2026-02-01\n",
		"version: 1\nexceptions: &a [*a]\n",
		"{version: 1, exceptions: [{id: x}]}",
		"version: 1\n---\nversion: 1\n",
		"- a\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		set, err := Parse("ex.yaml", data, 90*24*time.Hour)
		if err != nil {
			var errs *diag.Errors
			if !errors.As(err, &errs) || len(errs.List) == 0 || set != nil {
				t.Fatalf("error %v: want *diag.Errors with a mistake and no set", err)
			}
			for _, e := range errs.List {
				if e.File != "ex.yaml" || e.Message == "" {
					t.Fatalf("mistake %+v has no file or message", e)
				}
			}
			return
		}
		ids := map[string]bool{}
		for _, e := range set {
			if e.ID == "" || e.Rule == "" || e.Reason == "" || e.Owner == "" || e.ApprovedBy == "" || ids[e.ID] {
				t.Fatalf("accepted an incomplete or repeated exception %+v", e)
			}
			ids[e.ID] = true
			if !e.Expires.After(e.Created) || e.Expires.Sub(e.Created) > 90*24*time.Hour {
				t.Fatalf("accepted dates %v – %v", e.Created, e.Expires)
			}
		}
	})
}
