package awsinv

import (
	"context"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/vigil-cspm/vigil/internal/awstest"
	"github.com/vigil-cspm/vigil/internal/inventory"
	"github.com/vigil-cspm/vigil/internal/model"
)

// scenarios is the directory of replay scenarios (also vigil demo data).
var scenarios = filepath.Join("..", "..", "..", "examples", "aws")

// replay starts the server for a scenario and points the SDK at it.
func replay(t *testing.T, name string) *awstest.Server {
	t.Helper()
	sc, err := awstest.Load(os.DirFS(scenarios), name)
	if err != nil {
		t.Fatal(err)
	}
	srv := awstest.Start(sc)
	t.Cleanup(srv.Close)
	srv.Env(t)
	return srv
}

// serveEstate serves a generated estate for the test or benchmark and
// points the SDK at it.
func serveEstate(tb testing.TB, e awstest.Estate) *awstest.Server {
	tb.Helper()
	srv := awstest.Start(e.Scenario())
	e.Register(srv)
	tb.Cleanup(srv.Close)
	srv.Env(tb)
	return srv
}

// scan collects with test-speed retry settings. The coverage it returns
// is per account and region: the type-wide records the scan adds at the
// end are tested on their own (TestTypeCoverage).
func scan(t *testing.T, cfg Config) (*Scanner, inventory.Result) {
	t.Helper()
	s, res := scanAll(t, cfg)
	var cov []model.Coverage
	for _, c := range res.Coverage {
		if strings.Contains(c.Scope, "@") {
			cov = append(cov, c)
		}
	}
	res.Coverage = cov
	return s, res
}

// scanAll is scan with every coverage record.
func scanAll(t *testing.T, cfg Config) (*Scanner, inventory.Result) {
	t.Helper()
	if cfg.MaxBackoff == 0 {
		cfg.MaxBackoff = 20 * time.Millisecond
	}
	if cfg.Rate == 0 {
		cfg.Rate = 10000
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	s, err := New(ctx, cfg, Collectors())
	if err != nil {
		t.Fatal(err)
	}
	res, err := inventory.Gather(ctx, s)
	if err != nil {
		t.Fatal(err)
	}
	return s, res
}

func byID(res inventory.Result) map[string]*model.Resource {
	out := map[string]*model.Resource{}
	for _, r := range res.Resources {
		out[r.ID] = r
	}
	return out
}

func TestMisconfiguredS3(t *testing.T) {
	srv := replay(t, "misconfigured")
	_, res := scan(t, Config{Services: []string{"s3"}})
	if m := srv.Misses(); len(m) > 0 {
		t.Fatalf("requests without a recorded response:\n%s", strings.Join(m, "\n"))
	}
	rs := byID(res)
	b := rs["arn:aws:s3:::public-assets"]
	if b == nil {
		ids := make([]string, 0, len(rs))
		for id := range rs {
			ids = append(ids, id)
		}
		sort.Strings(ids)
		t.Fatalf("public-assets not collected; got %v", ids)
	}
	a := b.Attributes
	if b.Region != "eu-west-1" || b.Account != "111111111111" || b.Labels["team"] != "web" {
		t.Errorf("bucket identity: region %q account %q labels %v", b.Region, b.Account, b.Labels)
	}
	if a["public"] != true {
		t.Errorf("public-assets should be public: %v", a)
	}
	if acl := a["acl"].(map[string]any); acl["public_acl"] != true {
		t.Errorf("acl should be public: %v", acl)
	}
	pol := a["policy"].(map[string]any)
	if pol["analysis"].(map[string]any)["public"] != true {
		t.Errorf("policy analysis: %v", pol["analysis"])
	}
	if res.Status != model.ScanComplete {
		t.Errorf("status %s, coverage %v", res.Status, res.Coverage)
	}
	var scopes []string
	for _, c := range res.Coverage {
		scopes = append(scopes, c.Scope+"="+c.Status)
	}
	sort.Strings(scopes)
	want := "aws.s3.account_settings@111111111111=complete aws.s3.bucket@111111111111=complete"
	if got := strings.Join(scopes, " "); got != want {
		t.Errorf("coverage %s, want %s", got, want)
	}
}

func TestHardenedS3(t *testing.T) {
	srv := replay(t, "hardened")
	_, res := scan(t, Config{Services: []string{"s3"}})
	if m := srv.Misses(); len(m) > 0 {
		t.Fatalf("requests without a recorded response:\n%s", strings.Join(m, "\n"))
	}
	b := byID(res)["arn:aws:s3:::secure-data-222222222222"]
	if b == nil {
		t.Fatal("bucket not collected")
	}
	a := b.Attributes
	if a["public"] != false || a["secure_transport_required"] != true {
		t.Errorf("public %v, secure transport %v", a["public"], a["secure_transport_required"])
	}
	if v := a["versioning"].(map[string]any); v["status"] != "Enabled" || v["mfa_delete"] != "Enabled" {
		t.Errorf("versioning %v", v)
	}
	eff := a["effective_public_access_block"].(map[string]any)
	for _, k := range []string{"block_public_acls", "ignore_public_acls", "block_public_policy", "restrict_public_buckets"} {
		if eff[k] != true {
			t.Errorf("effective block %s = %v", k, eff[k])
		}
	}
	if _, ok := a["unread"]; ok {
		t.Errorf("nothing should be unread: %v", a["unread"])
	}
}

// checkDeclared fails when an operation the scan started needs an IAM
// action that neither the given collectors nor the runner declare.
func checkDeclared(t *testing.T, s *Scanner, cs []Collector) {
	t.Helper()
	allowed := map[string]bool{}
	for _, a := range Actions(cs, false) {
		allowed[a] = true
	}
	for op := range s.Operations() {
		if a := Action(op); !allowed[a] {
			t.Errorf("operation %s needs %s, which none of the collectors lists", op, a)
		}
	}
}

// TestTagsFromTaggingAPI: resources whose own APIs return no tags get
// them from one Resource Groups Tagging API call per region.
func TestTagsFromTaggingAPI(t *testing.T) {
	srv := replay(t, "misconfigured")
	_, res := scan(t, Config{Services: []string{"lambda"}})
	fn := byID(res)["arn:aws:lambda:us-east-1:111111111111:function:public-api"]
	if fn == nil {
		t.Fatal("function not collected")
	}
	if fn.Labels["team"] != "payments" || fn.Labels["criticality"] != "high" {
		t.Errorf("labels %v", fn.Labels)
	}
	// Read lazily, at most once per region: eu-west-1 has no function,
	// so only us-east-1 asks.
	if n := srv.Calls()["tagging:GetResources"]; n != 1 {
		t.Errorf("GetResources called %d times, want 1", n)
	}
}

// TestTypeCoverage: once every account and region was read, the scan
// says which types were read in full everywhere (what framework reports
// ask); a type denied in one region is not among them, and when an
// account could not be read at all, none is.
func TestTypeCoverage(t *testing.T) {
	typeWide := func(res inventory.Result) map[string]bool {
		out := map[string]bool{}
		for _, c := range res.Coverage {
			if !strings.Contains(c.Scope, "@") {
				if c.Status != model.CoverageComplete {
					t.Errorf("type-wide record %+v", c)
				}
				out[c.Scope] = true
			}
		}
		return out
	}
	replay(t, "denied")
	_, res := scanAll(t, Config{})
	got := typeWide(res)
	if !got["aws.ec2.instance"] || got["aws.kms.key"] || got["aws.s3.bucket"] {
		t.Errorf("denied scenario: type-wide %v; want ec2 instances, not KMS keys or S3 buckets (denied)", got)
	}
	replay(t, "organization")
	_, res = scanAll(t, Config{Org: true, RoleName: "VigilAudit", ExternalID: "vigil-ext"})
	if got := typeWide(res); len(got) != 0 {
		t.Errorf("organization with an unreadable member: type-wide %v, want none", got)
	}
}
