package exceptions

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/vigil-cspm/vigil/internal/diag"
)

const day = 24 * time.Hour

const good = `version: 1
exceptions:
  - id: legacy-privileged
    rule: k8s-privileged-*
    resource:
      namespace: legacy
      labels: {team: payments}
    reason: vendor agent needs host access (SEC-123)
    owner: team-payments
    approved_by: alice@example.com
    created: 2026-12-01
    expires: 2027-01-15
  - id: a-bucket
    rule: aws-s3-versioning
    resource: {id: "arn:aws:s3:::logs-*", provider: aws, account: "111122223333", region: eu-west-1, type: aws.s3.bucket}
    reason: log bucket, versioning not needed
    owner: platform
    approved_by: bob
    created: 2026-12-01
    expires: 2026-12-31
`

func TestParse(t *testing.T) {
	set, err := Parse("ex.yaml", []byte(good), 90*day)
	if err != nil {
		t.Fatal(err)
	}
	if len(set) != 2 || set[0].ID != "a-bucket" || set[1].ID != "legacy-privileged" {
		t.Fatalf("set %+v, want a-bucket, legacy-privileged by id", set)
	}
	e := set[1]
	if e.Line != 3 || e.File != "ex.yaml" || e.Resource.Labels["team"] != "payments" || e.Resource.Namespace != "legacy" || e.Owner != "team-payments" || e.ApprovedBy != "alice@example.com" {
		t.Errorf("exception %+v", e)
	}
	if !e.Expires.Equal(time.Date(2027, 1, 15, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("expires %v", e.Expires)
	}
}

func TestParseErrors(t *testing.T) {
	item := func(extra string, drop ...string) string {
		lines := []string{"version: 1", "exceptions:", "  - id: x", "    rule: r", "    reason: why", "    owner: o", "    approved_by: a", "    created: 2026-12-01", "    expires: 2027-01-01"}
		var out []string
	next:
		for _, l := range lines {
			for _, d := range drop {
				if strings.HasPrefix(strings.TrimSpace(l), d+":") || strings.HasPrefix(strings.TrimSpace(l), "- "+d+":") {
					continue next
				}
			}
			out = append(out, l)
		}
		return strings.Join(out, "\n") + "\n" + extra
	}
	for _, tc := range []struct {
		name, in string
		want     string // a line of the error
	}{
		{"no expiry", item("", "expires"), "ex.yaml:3: exception \"x\" has no expires date: write expires: YYYY-MM-DD"},
		{"over max ttl", strings.Replace(item(""), "2027-01-01", "2027-12-01", 1), "ex.yaml:3: exception \"x\" lasts 365 days, more than the 90 days exceptions.max_ttl in vigil.yaml allows: set expires on or before 2027-03-01"},
		{"unknown key", item("    severity: high\n"), `ex.yaml:10: unknown key "severity" in an exception`},
		{"unknown selector key", item("    resource: {name: x}\n"), `ex.yaml:10: unknown key "name" in an exception's resource`},
		{"no owner", item("", "owner"), `has no owner`},
		{"bad date", strings.Replace(item(""), "2026-12-01", "1/12/2026", 1), `ex.yaml:8: exception created "1/12/2026" is not a date: write YYYY-MM-DD`},
		{"expires before created", strings.Replace(item(""), "2027-01-01", "2026-11-01", 1), "expires (2026-11-01) on or before it was created"},
		{"duplicate id", item("  - id: x\n    rule: s\n    reason: w\n    owner: o\n    approved_by: a\n    created: 2026-12-01\n    expires: 2027-01-01\n"), `ex.yaml:10: exception id "x" is used twice (first on line 3)`},
		{"no version", strings.TrimPrefix(item(""), "version: 1\n"), "ex.yaml:1: the file has no version"},
		{"version 2", strings.Replace(item(""), "version: 1", "version: 2", 1), "ex.yaml:1: version must be 1"},
		{"everything", item("    resource: {}\n") + "", ""},
		{"syntax", "version: 1\nexceptions: [\n", "ex.yaml:"},
		{"empty", "", "the file is empty"},
		{"not a list", "version: 1\nexceptions: {a: b}\n", "ex.yaml:2: exceptions must be a list"},
		{"all rules everywhere", strings.Replace(item(""), "rule: r", "rule: \"*\"", 1), "excepts every rule on every resource"},
		{"bad id", strings.Replace(item(""), "id: x", "id: a b/c", 1), `exception id "a b/c": use letters`},
		{"labels not a map", item("    resource: {labels: [a]}\n"), "resource labels must be a mapping"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			set, err := Parse("ex.yaml", []byte(tc.in), 90*day)
			if tc.want == "" {
				if err != nil {
					t.Fatalf("unexpected error: %v", err)
				}
				return
			}
			var errs *diag.Errors
			if !errors.As(err, &errs) || set != nil {
				t.Fatalf("got %v, %v; want *diag.Errors and no set", set, err)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error:\n%v\nwant it to contain:\n%s", err, tc.want)
			}
		})
	}
}

func TestCovers(t *testing.T) {
	for _, tc := range []struct {
		g, s string
		want bool
	}{
		{"", "x", true}, {"x", "", false}, {"k8s-*", "k8s-priv*", true}, {"k8s-priv*", "k8s-*", false},
		{"a?c", "a*c", false}, {"a*c", "a?c", true}, {"*", "*", true}, {"abc", "abc", true}, {"ab", "abc", false},
	} {
		if got := covers(tc.g, tc.s); got != tc.want {
			t.Errorf("covers(%q, %q) = %v, want %v", tc.g, tc.s, got, tc.want)
		}
	}
}
