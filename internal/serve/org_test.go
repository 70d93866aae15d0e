package serve_test

import (
	"context"
	"errors"
	"os"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/vigil-cspm/vigil/internal/awstest"
	"github.com/vigil-cspm/vigil/internal/inventory/awsinv"
	"github.com/vigil-cspm/vigil/internal/jobs"
	"github.com/vigil-cspm/vigil/internal/model"
	"github.com/vigil-cspm/vigil/internal/pgtest"
	"github.com/vigil-cspm/vigil/internal/scan"
	"github.com/vigil-cspm/vigil/internal/serve"
	"github.com/vigil-cspm/vigil/internal/store"
	"github.com/vigil-cspm/vigil/internal/store/postgres"
)

func TestMain(m *testing.M) {
	code := m.Run()
	pgtest.StopShared()
	os.Exit(code)
}

// onBothStores runs test with service options over a fresh SQLite store
// and over a fresh PostgreSQL database.
func onBothStores(t *testing.T, test func(t *testing.T, opts func() serve.Options)) {
	t.Run("sqlite", func(t *testing.T) {
		opts := options(t)
		test(t, func() serve.Options { return opts })
	})
	t.Run("postgres", func(t *testing.T) {
		sqlite := options(t) // the library and defaults
		ctx := context.Background()
		dsn, err := pgtest.Shared(t).NewDatabase(ctx)
		if err != nil {
			t.Fatal(err)
		}
		st, err := postgres.Open(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		sqlite.Store, sqlite.DSN = st, dsn
		test(t, func() serve.Options { return sqlite })
	})
}

// organization is the recorded demo organization: management account
// 111111111111, members 333333333333 and 444444444444 with the audit
// role, 555555555555 suspended, 666666666666 without the role. edit
// changes the scenario before it is served.
func organization(t *testing.T, edit func(*awstest.Scenario)) *awstest.Server {
	t.Helper()
	sc, err := awstest.Load(os.DirFS("../../examples"), "aws/organization")
	if err != nil {
		t.Fatal(err)
	}
	if edit != nil {
		edit(sc)
	}
	srv := awstest.Start(sc)
	t.Cleanup(srv.Close)
	return srv
}

const (
	mgmt    = "111111111111"
	work    = "333333333333"
	sandbox = "444444444444"
	norole  = "666666666666"
)

func acctScope(a string) string { return "aws:" + serve.DemoOrganization + "/" + a }

// openAWS returns the fingerprints of the open AWS findings, sorted.
func openAWS(t *testing.T, st store.Store) []string {
	t.Helper()
	fs, err := st.Findings(context.Background(), store.Query{Status: model.StatusOpen, Source: "aws"})
	if err != nil {
		t.Fatal(err)
	}
	out := make([]string, 0, len(fs))
	for _, f := range fs {
		out = append(out, f.Fingerprint)
	}
	sort.Strings(out)
	return out
}

// scopeHealth returns a connector's scope health.
func scopeHealth(h jobs.ConnectorHealth, scope string) jobs.ScopeHealth {
	for _, s := range h.Scopes {
		if s.Scope == scope {
			return s
		}
	}
	return jobs.ScopeHealth{}
}

// runOrg runs a service with the organization connector against srv,
// triggers the whole connector and waits until done accepts its health.
func runOrg(t *testing.T, opts serve.Options, srv *awstest.Server, done func(jobs.ConnectorHealth) bool) (*running, jobs.ConnectorHealth) {
	t.Helper()
	conn := serve.OrgConnectorForTest("org", srv.URL, awstest.AccessKeyFor(mgmt))
	opts.Connectors = []serve.Connector{conn}
	opts.Jobs = jobs.Options{MaxAttempts: 1, PollInterval: 50 * time.Millisecond}
	r := run(t, opts)
	// The start-up discovery lists the accounts; then every account.
	r.waitHealth(t, func(h jobs.ConnectorHealth) bool { return h.Discovery != nil && !h.Discovery.At.IsZero() }, "org")
	qs, err := r.svc.Engine().EnqueueConnector(context.Background(), "org")
	if err != nil || len(qs) != 1 {
		t.Fatalf("trigger the organization: %+v, %v", qs, err)
	}
	h := r.waitHealth(t, done, "org")["org"]
	// The service's view (coverage and calls per scope) of that state.
	hs, err := r.svc.Health(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range hs {
		if x.Connector == "org" {
			h = x
		}
	}
	return r, h
}

// TestOrganizationScopePerAccount: an organization connector scans each
// active member account as its own scope and stores each as its own scan;
// findings stored earlier by a whole-organization scan are taken over by
// the accounts' scans, neither lost nor wrongly resolved; a member whose
// role is denied fails alone with the reason and keeps its findings open;
// an account that leaves the organization is no longer scanned and its
// findings stay open.
func TestOrganizationScopePerAccount(t *testing.T) {
	onBothStores(t, func(t *testing.T, opts func() serve.Options) {
		ctx := context.Background()
		o := opts()
		st := o.Store
		srv := organization(t, nil)

		// The whole organization scanned the way the service did before
		// accounts were scopes: one scan stored under the organization.
		sc, err := awsinv.New(ctx, awsinv.Config{Endpoint: srv.URL, HomeRegion: "us-east-1",
			Credentials: aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) {
				return aws.Credentials{AccessKeyID: awstest.AccessKeyFor(mgmt), SecretAccessKey: "replay-secret"}, nil
			}),
			Org: true, RoleName: serve.DemoRole, ExternalID: serve.DemoExternalID}, awsinv.Collectors())
		if err != nil {
			t.Fatal(err)
		}
		res, err := scan.Run(ctx, scan.Request{Kind: "aws", Account: serve.DemoOrganization, Source: sc, Library: o.Library, Store: st})
		if err != nil {
			t.Fatal(err)
		}
		whole := openAWS(t, st)
		if res.Scan.Status != model.ScanComplete && res.Scan.Status != model.ScanPartial || len(whole) < 50 {
			t.Fatalf("whole-organization scan: status %s, %d open findings", res.Scan.Status, len(whole))
		}

		// Per account: three scans, one failure, the same findings.
		r, h := runOrg(t, o, srv, func(h jobs.ConnectorHealth) bool {
			return !scopeHealth(h, acctScope(mgmt)).LastSuccess.IsZero() && !scopeHealth(h, acctScope(work)).LastSuccess.IsZero() &&
				!scopeHealth(h, acctScope(sandbox)).LastSuccess.IsZero() && scopeHealth(h, acctScope(norole)).LastError != ""
		})
		var got []string
		for _, s := range h.Scopes {
			got = append(got, s.Scope)
		}
		if want := []string{acctScope(mgmt), acctScope(work), acctScope(sandbox), acctScope(norole)}; !slices.Equal(got, want) {
			t.Errorf("scopes %v, want the four active accounts (not the suspended one) %v", got, want)
		}
		denied := scopeHealth(h, acctScope(norole))
		if !strings.Contains(denied.LastError, "account "+norole) || !strings.Contains(denied.LastError, "sts:AssumeRole") && !strings.Contains(denied.LastError, "assume arn:aws:iam::"+norole+":role/"+serve.DemoRole) {
			t.Errorf("the denied account's error %q does not say which account and why", denied.LastError)
		}
		for _, a := range []string{mgmt, work, sandbox} {
			s := scopeHealth(h, acctScope(a))
			if s.CoveragePercent == nil || *s.CoveragePercent <= 0 || len(s.Services) == 0 {
				t.Errorf("scope %s health lacks its coverage and calls: %+v", s.Scope, s)
			}
		}
		if h.CoveragePercent == nil || len(h.Services) == 0 || len(h.Recent) < 3 || h.Failing {
			t.Errorf("connector health does not sum its accounts: %+v", h)
		}
		scans, err := st.Scans(ctx, 20)
		if err != nil {
			t.Fatal(err)
		}
		stored := map[string]int{}
		for _, s := range scans {
			if s.Source == "aws" && s.Status != model.ScanFailed && !s.FinishedAt.IsZero() {
				stored[s.Account]++
			}
		}
		for _, a := range []string{mgmt, work, sandbox, serve.DemoOrganization} {
			if stored[a] != 1 {
				t.Errorf("finished AWS scans per account %v: want one each of the three readable accounts and the earlier organization's", stored)
				break
			}
		}
		if after := openAWS(t, st); !slices.Equal(after, whole) {
			t.Errorf("open findings after the per-account scans differ from the whole organization's: %d vs %d\n%s", len(after), len(whole), diff(whole, after))
		}
		// Each account's findings are its own now: scans of the account
		// may resolve them, those of another may not.
		for _, a := range []string{mgmt, work, sandbox} {
			fs, err := st.Findings(ctx, store.Query{Status: model.StatusOpen, Source: "aws", Account: a})
			if err != nil || len(fs) == 0 {
				t.Errorf("open findings of account %s: %d, %v", a, len(fs), err)
			}
		}
		if left, err := st.Findings(ctx, store.Query{Status: model.StatusOpen, Source: "aws", Account: serve.DemoOrganization}); err != nil || len(left) > 0 {
			t.Errorf("%d open findings still stored under the organization (%v)", len(left), err)
		}
		r.stop()

		// Account 333 loses the audit role, 444 leaves the organization.
		srv2 := organization(t, func(sc *awstest.Scenario) {
			var keep []awstest.Account
			for _, a := range sc.Accounts {
				if a.ID == work {
					a.Roles = nil
				}
				if a.ID != sandbox {
					keep = append(keep, a)
				}
			}
			sc.Accounts = keep
		})
		r, h = runOrg(t, opts(), srv2, func(h jobs.ConnectorHealth) bool {
			return scopeHealth(h, acctScope(mgmt)).Runs == 2 && scopeHealth(h, acctScope(work)).Failures == 1
		})
		if s := scopeHealth(h, acctScope(sandbox)); !s.Retired || s.Runs != 1 {
			t.Errorf("the account that left: %+v, want retired after its one run", s)
		}
		if _, err := r.svc.Engine().Enqueue(ctx, jobs.ScopeRef{Connector: "org", Scope: acctScope(sandbox)}); !errors.Is(err, jobs.ErrUnknownScope) {
			t.Errorf("a manual scan of the account that left: %v, want ErrUnknownScope", err)
		}
		if s := scopeHealth(h, acctScope(work)); !strings.Contains(s.LastError, "account "+work) || s.Retired {
			t.Errorf("the account whose role went: %+v", s)
		}
		if after := openAWS(t, st); !slices.Equal(after, whole) {
			t.Errorf("open findings after a denied account and one that left differ: %d vs %d\n%s", len(after), len(whole), diff(whole, after))
		}
	})
}

// diff lists fingerprints in only one of two sorted lists.
func diff(a, b []string) string {
	var out []string
	for _, x := range a {
		if !slices.Contains(b, x) {
			out = append(out, "- "+x)
		}
	}
	for _, x := range b {
		if !slices.Contains(a, x) {
			out = append(out, "+ "+x)
		}
	}
	return strings.Join(out, "\n")
}

// peerRule is a user's rule that reads other accounts' resources: a
// bucket is flagged when a bucket of another account is in the index.
const peerRule = `# METADATA
# title: Another account's bucket is visible
# description: Test rule reading resources of other accounts.
# custom:
#   id: test-peer-bucket
#   severity: low
#   resource_types: [aws.s3.bucket]
#   related_types: [aws.s3.bucket]
#   remediation: none
package test.peer_bucket

import rego.v1

deny contains {"msg": "a bucket of another account is visible", "path": "name"} if {
	some b in vigil.resources("aws.s3.bucket")
	b.account != input.account
}
`

// TestOrganizationAccountsReadEachOther: a rule reading other accounts'
// resources sees, in an account's scan, the other accounts' resources as
// their last scans stored them — so once every account has been scanned,
// it judges as the organization-wide scan did.
func TestOrganizationAccountsReadEachOther(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(dir+"/peer.rego", []byte(peerRule), 0o600); err != nil {
		t.Fatal(err)
	}
	lib, err := scan.LoadLibrary(context.Background(), scan.LibraryOptions{PolicyDirs: []string{dir}, Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	onBothStores(t, func(t *testing.T, opts func() serve.Options) {
		ctx := context.Background()
		o := opts()
		o.Library = lib
		srv := organization(t, nil)
		twice := func(h jobs.ConnectorHealth) bool {
			for _, a := range []string{mgmt, work, sandbox} {
				if s := scopeHealth(h, acctScope(a)); s.Runs-s.Failures < 2 {
					return false
				}
			}
			return true
		}
		r, _ := runOrg(t, o, srv, func(h jobs.ConnectorHealth) bool {
			return scopeHealth(h, acctScope(mgmt)).Runs > 0 && scopeHealth(h, acctScope(work)).Runs > 0 && scopeHealth(h, acctScope(sandbox)).Runs > 0
		})
		// A second round: every account now reads the others' first.
		for deadline := time.Now().Add(90 * time.Second); ; time.Sleep(300 * time.Millisecond) {
			hs, err := r.svc.Engine().Health(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if twice(hs[0]) {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("the accounts were not scanned twice in 90 s: %+v", hs[0])
			}
			if _, err := r.svc.Engine().EnqueueConnector(ctx, "org"); err != nil {
				t.Fatal(err)
			}
		}
		recs, err := o.Store.Resources(ctx)
		if err != nil {
			t.Fatal(err)
		}
		flagged := map[string]bool{}
		fs, err := o.Store.Findings(ctx, store.Query{Status: model.StatusOpen, RuleID: "test-peer-bucket"})
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range fs {
			flagged[f.Resource.ID] = true
		}
		accounts := map[string]bool{}
		for _, rec := range recs {
			if rec.Type != "aws.s3.bucket" {
				continue
			}
			accounts[rec.Account] = true
			if !flagged[rec.ID] {
				t.Errorf("bucket %s of %s does not see the other accounts' buckets", rec.ID, rec.Account)
			}
		}
		if len(accounts) < 3 || len(fs) == 0 {
			t.Errorf("buckets in %d accounts, %d findings: the test needs buckets in several accounts", len(accounts), len(fs))
		}
	})
}
