package scan_test

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/vigil-cspm/vigil/internal/awstest"
	"github.com/vigil-cspm/vigil/internal/benchgen"
	"github.com/vigil-cspm/vigil/internal/inventory"
	"github.com/vigil-cspm/vigil/internal/inventory/awsinv"
	"github.com/vigil-cspm/vigil/internal/kube"
	"github.com/vigil-cspm/vigil/internal/model"
	"github.com/vigil-cspm/vigil/internal/scan"
	"github.com/vigil-cspm/vigil/internal/scan/scantest"
	"github.com/vigil-cspm/vigil/internal/secrets"
	"github.com/vigil-cspm/vigil/internal/store"
	"github.com/vigil-cspm/vigil/internal/store/sqlite"
)

// verdict is what a finding says, without what depends on the scan.
type verdict struct {
	Fingerprint, Rule, Resource, Message, Status string
	Evidence                                     model.Evidence
}

func verdicts(fs []model.Finding) []verdict {
	out := make([]verdict, 0, len(fs))
	for _, f := range fs {
		out = append(out, verdict{f.Fingerprint, f.RuleID, f.Resource.ID, f.Message, f.Status, f.Evidence})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Fingerprint < out[j].Fingerprint })
	return out
}

// same fails unless two scans found the same, and found something.
func same(t *testing.T, what string, want, got []model.Finding) {
	t.Helper()
	w, g := verdicts(want), verdicts(got)
	if len(w) == 0 {
		t.Fatalf("%s: no findings: the comparison proves nothing", what)
	}
	if !reflect.DeepEqual(w, g) {
		for i := range min(len(w), len(g)) {
			if !reflect.DeepEqual(w[i], g[i]) {
				t.Fatalf("%s: finding %d differs:\nwhole:  %+v\nscoped: %+v", what, i, w[i], g[i])
			}
		}
		t.Fatalf("%s: %d findings whole, %d scoped", what, len(w), len(g))
	}
}

// cluster normalizes a generated live cluster of n objects.
func cluster(t *testing.T, n int) []*model.Resource {
	t.Helper()
	norm := kube.NewNormalizer(kube.NewCatalog(), secrets.New())
	var out []*model.Resource
	for i, obj := range benchgen.Objects(n, 3) {
		r, err := norm.Normalize(obj, "c", model.Source{Kind: model.SourceLive})
		if err != nil {
			t.Fatalf("object %d: %v", i, err)
		}
		out = append(out, r)
	}
	return out
}

// byNamespace splits resources into a cluster scope and one scope per
// namespace.
func byNamespace(rs []*model.Resource) []*model.Scope {
	idx := map[string]*model.Scope{}
	var out []*model.Scope
	for _, r := range rs {
		sc, ok := idx[r.Namespace]
		if !ok {
			sc = &model.Scope{Name: "ns " + r.Namespace}
			idx[r.Namespace] = sc
			out = append(out, sc)
		}
		sc.Resources = append(sc.Resources, r)
	}
	return out
}

// TestScopesAgreeWithWhole: a cluster evaluated namespace by namespace
// gives exactly the findings of the cluster evaluated at once — whether
// the types rules read across namespaces come first as references and
// are declared complete, or nothing is declared and the rules that read
// them wait for the end, in any order of scopes.
func TestScopesAgreeWithWhole(t *testing.T) {
	lib := scantest.Library(t)
	rs := cluster(t, 3000)
	// A binding in one namespace granting a service account of another
	// (cross-namespace reach), so the rules that follow bindings must
	// read other scopes.
	rs = append(rs, &model.Resource{ID: "k8s://c/ops/rbac.authorization.k8s.io/RoleBinding/reach", Type: "k8s.rbac.role_binding", Provider: "k8s", Account: "c",
		Namespace: "ops", Name: "reach", Kind: "RoleBinding", Source: model.Source{Kind: model.SourceLive},
		Attributes: map[string]any{"role_ref": map[string]any{"api_group": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "cluster-admin"},
			"subjects": []any{map[string]any{"kind": "ServiceAccount", "name": "default", "namespace": rs[0].Name}}},
		Relations: []model.Relation{{Type: model.RelBindsRole, Target: "k8s://c/_/rbac.authorization.k8s.io/ClusterRole/cluster-admin"},
			{Type: model.RelBindsSubject, Target: "k8s://c/" + rs[0].Name + "/core/ServiceAccount/default"}}})
	whole := scantest.Findings(t, lib, "k8s", rs)

	related := map[string]bool{}
	for _, typ := range lib.Engine.RelatedTypes() {
		related[typ] = true
	}
	var refs []*model.Resource
	for _, r := range rs {
		if related[r.Type] {
			refs = append(refs, r)
		}
	}
	scopes := byNamespace(rs)
	if len(scopes) < 20 {
		t.Fatalf("only %d scopes", len(scopes))
	}
	t.Run("references first", func(t *testing.T) {
		src := append(scantest.Scopes{{Name: "references", References: refs, Complete: lib.Engine.RelatedTypes()}}, scopes...)
		got, res := scantest.Scan(t, lib, "k8s", src)
		same(t, "references first", whole, got)
		if res.Deferred != 0 {
			t.Errorf("%d resources waited though every related type was complete", res.Deferred)
		}
	})
	t.Run("nothing declared", func(t *testing.T) {
		got, res := scantest.Scan(t, lib, "k8s", scantest.Scopes(scopes))
		same(t, "nothing declared", whole, got)
		if res.Deferred == 0 {
			t.Error("no resource waited for the end, yet no type was declared complete")
		}
	})
	t.Run("stored once", func(t *testing.T) {
		// Resources that waited are stored with their scope, not again
		// with the findings of the end of the scan.
		ctx := context.Background()
		path := filepath.Join(t.TempDir(), "vigil.db")
		st, err := sqlite.Open(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		res, err := scan.Run(ctx, scan.Request{Kind: "k8s", Account: "c", Source: scantest.Scopes(scopes), Library: lib, Store: st})
		if err != nil {
			t.Fatal(err)
		}
		if res.Deferred == 0 {
			t.Fatal("no resource waited for the end")
		}
		db, err := sql.Open("sqlite", path)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		var stored int
		if err := db.QueryRowContext(ctx, "SELECT resources FROM scans WHERE id = ?", res.Scan.ID).Scan(&stored); err != nil {
			t.Fatal(err)
		}
		if stored != res.Resources {
			t.Errorf("the scan stored %d resources, of %d scanned", stored, res.Resources)
		}
	})
	t.Run("declared complete at the end", func(t *testing.T) {
		// A source may declare types complete in any scope: resources
		// that waited before then still get the rules that read them.
		late := slices.Clone(scopes)
		last := *late[len(late)-1]
		last.Complete = lib.Engine.RelatedTypes()
		late[len(late)-1] = &last
		got, res := scantest.Scan(t, lib, "k8s", scantest.Scopes(late))
		same(t, "declared complete at the end", whole, got)
		if res.Deferred == 0 {
			t.Error("no resource waited, yet the types were declared complete only at the end")
		}
	})
	t.Run("reversed", func(t *testing.T) {
		rev := slices.Clone(scopes)
		slices.Reverse(rev)
		got, _ := scantest.Scan(t, lib, "k8s", scantest.Scopes(rev))
		same(t, "reversed", whole, got)
	})
}

// TestAWSScopesAgreeWithWhole: the recorded misconfigured account,
// streamed by the real collectors scope by scope (global services, each
// region), gives the findings of the same account gathered and
// evaluated at once: the trail's bucket (global) and the monitoring
// checks (regional trails, filters, alarms) are read across scopes.
func TestAWSScopesAgreeWithWhole(t *testing.T) {
	lib := scantest.Library(t)
	sc, err := awstest.Load(os.DirFS("../../examples/aws"), "misconfigured")
	if err != nil {
		t.Fatal(err)
	}
	srv := awstest.Start(sc)
	t.Cleanup(srv.Close)
	srv.Env(t)
	newScanner := func() *awsinv.Scanner {
		s, err := awsinv.New(context.Background(), awsinv.Config{Rate: 10000, MaxBackoff: 20 * time.Millisecond}, awsinv.Collectors())
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	gathered, err := inventory.Gather(context.Background(), newScanner())
	if err != nil {
		t.Fatal(err)
	}
	whole := scantest.Findings(t, lib, "aws", gathered.Resources)
	var scopes []string
	names := &names{src: newScanner(), seen: &scopes}
	got, res := scantest.Scan(t, lib, "aws", names)
	same(t, "aws", whole, got)
	if !slices.Contains(scopes, "aws 111111111111 global") || !slices.Contains(scopes, "aws 111111111111/us-east-1") || !slices.Contains(scopes, "aws 111111111111/eu-west-1") {
		t.Errorf("scopes %v: want the account's global services and each region apart", scopes)
	}
	if res.Deferred == 0 {
		t.Error("no resource waited for the types other scopes deliver")
	}
}

// names records the names of the scopes a source emits.
type names struct {
	src  inventory.Source
	seen *[]string
}

func (n *names) Scopes(ctx context.Context, emit func(*model.Scope) error) error {
	return n.src.Scopes(ctx, func(sc *model.Scope) error {
		*n.seen = append(*n.seen, sc.Name)
		return emit(sc)
	})
}

// failing emits its scopes, then fails.
type failing struct{ scopes scantest.Scopes }

func (f failing) Scopes(ctx context.Context, emit func(*model.Scope) error) error {
	if err := f.scopes.Scopes(ctx, emit); err != nil {
		return err
	}
	return errors.New("the source broke")
}

// TestStoreScopeByScope: a scan is stored scope by scope; a finding not
// seen again resolves only when the next scan finishes and covered it;
// a scan whose source fails is stored as failed and resolves nothing;
// every scan records the library's version and hash.
func TestStoreScopeByScope(t *testing.T) {
	lib := scantest.Library(t)
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "vigil.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	priv := func(ns string) *model.Resource {
		return &model.Resource{ID: "k8s://c/" + ns + "/core/Pod/p", Type: "k8s.core.pod", Provider: "k8s", Account: "c", Namespace: ns, Name: "p", Kind: "Pod",
			Source: model.Source{Kind: model.SourceLive},
			Attributes: map[string]any{"pod_spec": map[string]any{"containers": []any{map[string]any{"name": "c", "image": "x@sha256:" + strings.Repeat("a", 64),
				"security_context": map[string]any{"privileged": true}}}}}}
	}
	cov := func(ns string) model.Coverage {
		return model.Coverage{Scope: "k8s.core.pod@" + ns, Status: model.CoverageComplete}
	}
	run := func(src inventory.Source) (*scan.Result, error) {
		return scan.Run(ctx, scan.Request{Kind: "k8s", Account: "c", Source: src, Library: lib, Store: st})
	}
	res, err := run(scantest.Scopes{{Name: "a", Resources: []*model.Resource{priv("a")}, Coverage: []model.Coverage{cov("a")}},
		{Name: "b", Resources: []*model.Resource{priv("b")}, Coverage: []model.Coverage{cov("b")}}})
	if err != nil {
		t.Fatal(err)
	}
	open := func() []string {
		fs, err := st.Findings(ctx, store.Query{Status: model.StatusOpen, RuleID: "k8s-privileged-container"})
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, f := range fs {
			out = append(out, f.Resource.Namespace)
		}
		sort.Strings(out)
		return out
	}
	if got := open(); !slices.Equal(got, []string{"a", "b"}) || res.Opened == 0 {
		t.Fatalf("open after the first scan: %v (opened %d)", got, res.Opened)
	}
	// The pod in b is gone, but the source fails before the scan ends.
	_, err = run(failing{scantest.Scopes{{Name: "a", Resources: []*model.Resource{priv("a")}, Coverage: []model.Coverage{cov("a")}},
		{Name: "b", Coverage: []model.Coverage{cov("b")}}}})
	if err == nil || !strings.Contains(err.Error(), "the source broke") {
		t.Fatalf("failing source: %v", err)
	}
	if got := open(); !slices.Equal(got, []string{"a", "b"}) {
		t.Fatalf("a scan that did not finish resolved findings: open %v", got)
	}
	scans, err := st.Scans(ctx, 1)
	if err != nil || len(scans) != 1 || scans[0].Status != model.ScanFailed {
		t.Fatalf("the failed scan is stored as %+v (%v)", scans, err)
	}
	res, err = run(scantest.Scopes{{Name: "a", Resources: []*model.Resource{priv("a")}, Coverage: []model.Coverage{cov("a")}},
		{Name: "b", Coverage: []model.Coverage{cov("b")}}})
	if err != nil {
		t.Fatal(err)
	}
	if got := open(); !slices.Equal(got, []string{"a"}) || len(res.Resolved) == 0 {
		t.Fatalf("after the pod in b is gone: open %v, %d resolved", got, len(res.Resolved))
	}
	for _, f := range res.Resolved {
		if f.Resource.Namespace != "b" {
			t.Errorf("resolved %s on %s, which is still there", f.RuleID, f.Resource.ID)
		}
	}
	scans, err = st.Scans(ctx, 1)
	if err != nil || len(scans) != 1 {
		t.Fatal(scans, err)
	}
	if s := scans[0]; s.RulesVersion != "test" || !strings.HasPrefix(s.RulesHash, "sha256:") || s.RulesHash != lib.Hash || s.Status != model.ScanComplete {
		t.Errorf("stored scan %+v: want the library's version and hash %s", s, lib.Hash)
	}
}

// TestLibraryHash: the hash names the rules loaded, users' own included.
func TestLibraryHash(t *testing.T) {
	base := scantest.Library(t)
	dir := t.TempDir()
	rule := `# METADATA
# title: Teams label their namespaces
# description: Every namespace names the team that owns it.
# custom:
#   id: custom-team-label
#   severity: low
#   resource_types: [k8s.core.namespace]
#   remediation: Add a team label.
package vigil.rules.custom.team_label

import rego.v1

deny contains "no team label" if not input.labels.team
`
	if err := os.WriteFile(filepath.Join(dir, "team.rego"), []byte(rule), 0o600); err != nil {
		t.Fatal(err)
	}
	withUser, err := scan.LoadLibrary(context.Background(), scan.LibraryOptions{PolicyDirs: []string{dir}, Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	again, err := scan.LoadLibrary(context.Background(), scan.LibraryOptions{Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	if base.Hash == withUser.Hash || base.Hash != again.Hash {
		t.Errorf("hashes: library %s, again %s, with a user rule %s", base.Hash, again.Hash, withUser.Hash)
	}
}

// TestFindingsStreamScopeByScope: the sink receives each scope's
// findings as the scope is done, not all at the end.
func TestFindingsStreamScopeByScope(t *testing.T) {
	lib := scantest.Library(t)
	scopes := byNamespace(cluster(t, 600))
	var batches []int
	sink := sinkFunc(func(fs []model.Finding) error { batches = append(batches, len(fs)); return nil })
	_, err := scan.Run(context.Background(), scan.Request{Kind: "k8s", Account: "c", Source: scantest.Scopes(scopes), Library: lib, Sink: sink})
	if err != nil {
		t.Fatal(err)
	}
	nonEmpty := 0
	for _, n := range batches {
		if n > 0 {
			nonEmpty++
		}
	}
	if nonEmpty < 3 {
		t.Errorf("findings came in %d non-empty batches (%v) over %d scopes", nonEmpty, batches, len(scopes))
	}
}

type sinkFunc func([]model.Finding) error

func (f sinkFunc) Findings(fs []model.Finding) error { return f(fs) }

// TestOrganizationAgreesWithAccounts: an organization scanned with
// --org, account by account and region by region, finds exactly what
// scanning each of its accounts on its own finds.
func TestOrganizationAgreesWithAccounts(t *testing.T) {
	lib := scantest.Library(t)
	e := awstest.Estate{Account: "100000000000", Regions: []string{"us-east-1", "eu-west-1"}, Resources: 400, Accounts: 3}
	srv := awstest.Start(e.Scenario())
	e.Register(srv)
	t.Cleanup(srv.Close)
	srv.Env(t)
	fast := awsinv.Config{Rate: 1e6, Burst: 1e6, InFlight: 64, MaxBackoff: 20 * time.Millisecond}
	run := func(cfg awsinv.Config) []model.Finding {
		s, err := awsinv.New(context.Background(), cfg, awsinv.Collectors())
		if err != nil {
			t.Fatal(err)
		}
		fs, res := scantest.Scan(t, lib, "aws", s)
		if res.Scan.Status != model.ScanComplete {
			t.Fatalf("scan %s: %+v", res.Scan.Status, res.Scan.Coverage)
		}
		return fs
	}
	org := fast
	org.Org, org.RoleName = true, awstest.MemberRole
	got := run(org)
	var each []model.Finding
	for _, a := range e.Scenario().Accounts {
		t.Setenv("AWS_ACCESS_KEY_ID", awstest.AccessKeyFor(a.ID))
		each = append(each, run(fast)...)
	}
	same(t, "organization", each, got)
	accounts := map[string]bool{}
	for _, f := range got {
		accounts[f.Resource.Account] = true
	}
	if len(accounts) != 3 {
		t.Errorf("findings in %d accounts, want 3", len(accounts))
	}
}
