package awsinv

import (
	"context"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/vigil-cspm/vigil/internal/inventory"
	"github.com/vigil-cspm/vigil/internal/model"
)

func ids(res inventory.Result) []string {
	out := make([]string, 0, len(res.Resources))
	for _, r := range res.Resources {
		out = append(out, r.ID)
	}
	sort.Strings(out)
	return out
}

func TestThrottlingLosesNothing(t *testing.T) {
	replay(t, "misconfigured")
	_, calm := scan(t, Config{})
	srv := replay(t, "throttled")
	s, res := scan(t, Config{})
	if srv.Faults()["throttle"] == 0 {
		t.Fatal("the scenario injected no throttling")
	}
	if res.Status != model.ScanComplete {
		for _, c := range res.Coverage {
			if c.Status != model.CoverageComplete {
				t.Errorf("coverage %+v", c)
			}
		}
	}
	if got, want := ids(res), ids(calm); !slices.Equal(got, want) {
		t.Errorf("throttled scan collected %d resources, calm scan %d:\n%v\n%v", len(got), len(want), got, want)
	}
	throttled := 0
	for _, h := range s.Health() {
		throttled += h.Throttled
	}
	if throttled == 0 {
		t.Errorf("health counts no throttled call: %+v", s.Health())
	}
}

func TestAccessDeniedIsPartial(t *testing.T) {
	replay(t, "denied")
	_, res := scan(t, Config{})
	if res.Status != model.ScanPartial {
		t.Fatalf("status %s, want partial", res.Status)
	}
	var bucketCov *model.Coverage
	for i, c := range res.Coverage {
		if c.Scope == "aws.s3.bucket@111111111111" {
			bucketCov = &res.Coverage[i]
		}
	}
	if bucketCov == nil || bucketCov.Status != model.CoverageDenied || bucketCov.API != "s3:GetBucketPolicy" || bucketCov.Account != "111111111111" {
		t.Fatalf("bucket coverage %+v", bucketCov)
	}
	b := byID(res)["arn:aws:s3:::public-assets"]
	if b == nil {
		t.Fatal("buckets must still be collected when one call is denied")
	}
	if u, _ := b.Attributes["unread"].([]any); !slices.Contains(u, any("policy")) {
		t.Errorf("unread %v, want policy", b.Attributes["unread"])
	}
	if _, ok := b.Attributes["acl"]; !ok {
		t.Error("the bucket's other attributes should still be read")
	}
}

func TestOrganization(t *testing.T) {
	srv := replay(t, "organization")
	s, res := scan(t, Config{Org: true, RoleName: "VigilAudit", ExternalID: "vigil-ext-1", Services: []string{"s3"}})
	if s.Account() != "o-vigil0example" {
		t.Errorf("account key %q", s.Account())
	}
	accounts := map[string]bool{}
	for _, r := range res.Resources {
		accounts[r.Account] = true
	}
	for _, a := range []string{"111111111111", "333333333333", "444444444444"} {
		if !accounts[a] {
			t.Errorf("no resource of account %s", a)
		}
	}
	if b := byID(res)["arn:aws:s3:::sandbox-scratch-444444444444"]; b == nil || b.Account != "444444444444" {
		t.Errorf("member bucket: %+v", b)
	}
	cov := map[string]model.Coverage{}
	for _, c := range res.Coverage {
		cov[c.Scope] = c
	}
	if c := cov["aws@555555555555"]; c.Status != model.CoverageSkipped || !strings.Contains(c.Reason, "suspended") {
		t.Errorf("suspended account: %+v", c)
	}
	if c := cov["aws@666666666666"]; c.Status != model.CoverageDenied || c.API != "sts:AssumeRole" {
		t.Errorf("account without the role: %+v", c)
	}
	if res.Status != model.ScanPartial {
		t.Errorf("status %s, want partial (one account could not be assumed)", res.Status)
	}
	if srv.Calls()["organizations:ListAccounts"] < 2 {
		t.Errorf("ListAccounts should page: %v", srv.Calls())
	}
	// The wrong external ID is refused.
	_, bad := scan(t, Config{Org: true, RoleName: "VigilAudit", ExternalID: "wrong", Services: []string{"s3"}})
	if c := coverageOf(bad, "aws@333333333333"); c.Status != model.CoverageDenied {
		t.Errorf("wrong external id: %+v", c)
	}
}

// TestOrganizationAccounts: Accounts narrows an organization scan to
// the accounts named, wherever they fall in ListAccounts' pages, and
// says which named accounts the organization does not scan or have;
// Members lists every account with its state.
func TestOrganizationAccounts(t *testing.T) {
	replay(t, "organization")
	for _, tc := range []struct {
		accounts []string
		want     []string // accounts with resources
		missing  string   // an account reported as not in the organization
	}{
		{[]string{"111111111111"}, []string{"111111111111"}, ""},
		{[]string{"444444444444"}, []string{"444444444444"}, ""},
		{[]string{"333333333333", "999999999999"}, []string{"333333333333"}, "999999999999"},
	} {
		_, res := scan(t, Config{Org: true, RoleName: "VigilAudit", ExternalID: "vigil-ext-1", Services: []string{"s3"}, Accounts: tc.accounts})
		got := map[string]bool{}
		for _, r := range res.Resources {
			got[r.Account] = true
		}
		if len(got) != len(tc.want) || !got[tc.want[0]] {
			t.Errorf("accounts %v: resources of %v, want %v", tc.accounts, got, tc.want)
		}
		for _, c := range res.Coverage {
			if c.Account != "" && !slices.Contains(tc.accounts, c.Account) {
				t.Errorf("accounts %v: coverage of another account %+v", tc.accounts, c)
			}
		}
		if tc.missing != "" {
			if c := coverageOf(res, "aws@"+tc.missing); c.Status != model.CoverageError || !strings.Contains(c.Reason, "not in the organization") {
				t.Errorf("accounts %v: %s should be reported missing: %+v", tc.accounts, tc.missing, c)
			}
		}
	}
	// A suspended account named is skipped, not also missing.
	_, res := scan(t, Config{Org: true, RoleName: "VigilAudit", Services: []string{"s3"}, Accounts: []string{"555555555555"}})
	if len(res.Coverage) != 1 || res.Coverage[0].Status != model.CoverageSkipped {
		t.Errorf("a named suspended account: %+v", res.Coverage)
	}

	s, err := New(context.Background(), Config{Org: true, MaxBackoff: 20 * time.Millisecond}, Collectors())
	if err != nil {
		t.Fatal(err)
	}
	ms, err := s.Members(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var active, inactive []string
	for _, m := range ms {
		if m.Active {
			active = append(active, m.ID)
		} else {
			inactive = append(inactive, m.ID+" "+m.State)
		}
	}
	if !slices.Equal(active, []string{"111111111111", "333333333333", "444444444444", "666666666666"}) || !slices.Equal(inactive, []string{"555555555555 suspended"}) {
		t.Errorf("members: active %v, inactive %v", active, inactive)
	}
	if _, err := (&Scanner{}).Members(context.Background()); err == nil {
		t.Error("Members outside organization mode should fail")
	}
}

// TestMembersListedOnce: a scanner lists the organization once, however
// often it is asked (the service asks for peers, then scans).
func TestMembersListedOnce(t *testing.T) {
	srv := replay(t, "organization")
	s, err := New(context.Background(), Config{Org: true, RoleName: "VigilAudit", ExternalID: "vigil-ext-1", Services: []string{"s3"}, Accounts: []string{"333333333333"}}, Collectors())
	if err != nil {
		t.Fatal(err)
	}
	first, err := s.Members(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	first[0].ID = "changed by the caller"
	again, err := s.Members(context.Background())
	if err != nil || len(again) != len(first) || again[0].ID == first[0].ID {
		t.Fatalf("second Members: %v, %v; want the same list, unchanged by the first caller", again, err)
	}
	if _, err := inventory.Gather(context.Background(), s); err != nil {
		t.Fatal(err)
	}
	// One pass: the replay server pages five accounts two at a time.
	if n := srv.Calls()["organizations:ListAccounts"]; n != 3 {
		t.Errorf("ListAccounts was called %d times, want the 3 pages of one listing", n)
	}
}

func coverageOf(res inventory.Result, scope string) model.Coverage {
	for _, c := range res.Coverage {
		if c.Scope == scope {
			return c
		}
	}
	return model.Coverage{}
}

func TestDisabledRegionIsRecorded(t *testing.T) {
	replay(t, "misconfigured")
	_, res := scan(t, Config{Regions: []string{"eu-west-1", "ap-east-1"}})
	c := coverageOf(res, "aws@111111111111/ap-east-1")
	if c.Status != model.CoverageSkipped || !strings.Contains(c.Reason, "not enabled") {
		t.Errorf("disabled region: %+v", c)
	}
}

// TestReadOnlyAndDeclared runs every scenario and checks each operation
// the collectors started: it must be a read and its IAM action must be
// in the policy `vigil aws permissions` prints.
func TestReadOnlyAndDeclared(t *testing.T) {
	policy := map[string]bool{}
	for _, a := range Actions(Collectors(), true) {
		policy[a] = true
	}
	reads := []string{"List", "Get", "Describe", "GenerateCredentialReport", "Lookup", "BatchGet", "AssumeRole"}
	seen := 0
	for _, sc := range []struct {
		name string
		cfg  Config
	}{
		{"misconfigured", Config{}},
		{"hardened", Config{}},
		{"organization", Config{Org: true, RoleName: "VigilAudit", ExternalID: "vigil-ext-1"}},
	} {
		replay(t, sc.name)
		s, _ := scan(t, sc.cfg)
		for op := range s.Operations() {
			seen++
			name := op[strings.LastIndex(op, ":")+1:]
			if !slices.ContainsFunc(reads, func(p string) bool { return strings.HasPrefix(name, p) }) {
				t.Errorf("%s: %s is not a read-only operation", sc.name, op)
			}
			if act := Action(op); !policy[act] {
				t.Errorf("%s: %s needs %s, which `vigil aws permissions` does not grant; add it to the collector's Actions", sc.name, op, act)
			}
		}
	}
	if seen < 10 {
		t.Fatalf("only %d operations observed", seen)
	}
	for a := range policy {
		verb := a[strings.Index(a, ":")+1:]
		if !slices.ContainsFunc(reads, func(p string) bool { return strings.HasPrefix(verb, p) }) && verb != "GET" {
			t.Errorf("policy grants %s, which is not read-only", a)
		}
	}
}

func TestCollectorPanicIsACoverageRecord(t *testing.T) {
	replay(t, "misconfigured")
	boom := Collector{Service: "s3", Global: true, Types: []string{"aws.s3.account_settings"},
		Collect: func(context.Context, *Session) error { panic("unexpected shape") }}
	ctx := context.Background()
	s, err := New(ctx, Config{MaxBackoff: time.Millisecond}, []Collector{boom})
	if err != nil {
		t.Fatal(err)
	}
	res, err := inventory.Gather(ctx, s)
	if err != nil {
		t.Fatal(err)
	}
	if c := coverageOf(res, "aws.s3.account_settings@111111111111"); c.Status != model.CoverageError || !strings.Contains(c.Reason, "unexpectedly") {
		t.Errorf("coverage %+v", c)
	}
}
