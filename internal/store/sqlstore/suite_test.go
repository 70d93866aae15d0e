package sqlstore_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/vigil-cspm/vigil/internal/pgtest"
	"github.com/vigil-cspm/vigil/internal/store/postgres"
	"github.com/vigil-cspm/vigil/internal/store/sqlite"

	"github.com/vigil-cspm/vigil/internal/model"
	"github.com/vigil-cspm/vigil/internal/store"
)

// backends opens a fresh, empty store of each kind.
var backends = map[string]func(t *testing.T) store.Store{
	"sqlite": func(t *testing.T) store.Store {
		s, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "vigil.db"))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	},
	"postgres": func(t *testing.T) store.Store {
		srv := pgServer(t)
		dsn, err := srv.NewDatabase(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		s, err := postgres.Open(context.Background(), dsn)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	},
}

// pgServer is the PostgreSQL the package's tests share (stopped in TestMain).
func pgServer(t *testing.T) *pgtest.Server { return pgtest.Shared(t) }

func TestMain(m *testing.M) { pgtest.Main(m) }

// each runs test against every backend.
func each(t *testing.T, test func(t *testing.T, open func(t *testing.T) store.Store)) {
	for name, open := range backends {
		t.Run(name, func(t *testing.T) { test(t, open) })
	}
}

// record is a whole scan in one piece, for recordScan.
type record struct {
	Scan      *model.Scan
	Resources []*model.Resource
	Findings  []model.Finding
	// Rescore, when set, is recorded with Recording.Rescore after the scope.
	Rescore []model.Finding
	store.Finish
}

// recorded is what recordScan changed.
type recorded struct {
	Resolved, Findings []model.Finding
	Opened             int
}

// recordScan stores a scan held whole in memory as one scope.
func recordScan(ctx context.Context, s store.Store, rec record) (recorded, error) {
	r, err := s.Begin(ctx, rec.Scan, nil)
	if err != nil {
		return recorded{}, err
	}
	so, err := r.Scope(ctx, rec.Resources, rec.Findings)
	if err != nil {
		return recorded{}, err
	}
	if rec.Rescore != nil {
		if err := r.Rescore(ctx, rec.Rescore); err != nil {
			return recorded{}, err
		}
	}
	out, err := r.Finish(ctx, rec.Finish)
	if err != nil {
		return recorded{}, err
	}
	return recorded{Resolved: out.Resolved, Findings: so.Findings, Opened: so.Opened}, nil
}

func res(name, ns string) *model.Resource {
	return &model.Resource{ID: "k8s://c/" + ns + "/apps/Deployment/" + name, Type: "k8s.apps.deployment", Provider: "k8s", Account: "c", Namespace: ns, Name: name, Kind: "Deployment", Source: model.Source{Kind: model.SourceLive}}
}

func finding(rule string, r *model.Resource) model.Finding {
	return model.Finding{Fingerprint: model.Fingerprint(rule, r.ID), RuleID: rule, Title: rule, Severity: model.SeverityHigh, Status: model.StatusOpen, Message: rule + " on " + r.Name, Resource: r, Compliance: []model.ComplianceRef{}}
}

func scan(id string, at time.Time, cov ...model.Coverage) *model.Scan {
	st := model.ScanComplete
	for _, c := range cov {
		if c.Status != model.CoverageComplete {
			st = model.ScanPartial
		}
	}
	return &model.Scan{ID: id, Source: "k8s", Account: "c", Status: st, StartedAt: at, FinishedAt: at, Coverage: cov}
}

var (
	full = model.Coverage{Scope: "k8s.apps.deployment", Status: model.CoverageComplete}
	all  = map[string]bool{"r1": true, "r2": true}
)

func TestOnlyEvaluatedRulesResolve(t *testing.T) {
	each(t, func(t *testing.T, open func(t *testing.T) store.Store) {
		ctx := context.Background()
		s := open(t)
		a := res("a", "x")
		if _, err := recordScan(ctx, s, record{Finish: store.Finish{Evaluated: all}, Scan: scan("s1", time.Now(), full), Findings: []model.Finding{finding("r1", a), finding("r2", a)}}); err != nil {
			t.Fatal(err)
		}
		// A scan that evaluated only r2 (--framework) and saw nothing resolves r2 alone.
		out, err := recordScan(ctx, s, record{Finish: store.Finish{Evaluated: map[string]bool{"r2": true}}, Scan: scan("s2", time.Now(), full)})
		if err != nil {
			t.Fatal(err)
		}
		if len(out.Resolved) != 1 || out.Resolved[0].RuleID != "r2" {
			t.Fatalf("resolved %v, want only r2", out.Resolved)
		}
		// A scan that found r1 but hid it (a system object) does not resolve it.
		out, err = recordScan(ctx, s, record{Finish: store.Finish{Evaluated: all, Hidden: map[string]bool{model.Fingerprint("r1", a.ID): true}}, Scan: scan("s3", time.Now(), full)})
		if err != nil {
			t.Fatal(err)
		}
		if len(out.Resolved) != 0 {
			t.Fatalf("a hidden finding was resolved: %v", out.Resolved)
		}
	})
}

func TestLifecycle(t *testing.T) {
	each(t, func(t *testing.T, open func(t *testing.T) store.Store) {
		ctx := context.Background()
		s := open(t)
		a, b := res("a", "x"), res("b", "y")
		t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

		out, err := recordScan(ctx, s, record{Finish: store.Finish{Evaluated: all}, Scan: scan("s1", t0, full), Resources: []*model.Resource{a, b}, Findings: []model.Finding{finding("r1", a), finding("r1", b)}})
		if err != nil {
			t.Fatal(err)
		}
		if out.Opened != 2 || len(out.Resolved) != 0 {
			t.Fatalf("scan 1: opened %d resolved %d, want 2, 0", out.Opened, len(out.Resolved))
		}

		// A partial scan that could not list deployments resolves nothing.
		denied := model.Coverage{Scope: "k8s.apps.deployment", Status: model.CoverageDenied, Reason: "forbidden"}
		out, err = recordScan(ctx, s, record{Finish: store.Finish{Evaluated: all}, Scan: scan("s2", t0.Add(time.Hour), denied)})
		if err != nil {
			t.Fatal(err)
		}
		if len(out.Resolved) != 0 {
			t.Fatalf("uncovered scan resolved %d findings", len(out.Resolved))
		}

		// Deployments covered in namespace x only: b (in y) stays open; a is seen.
		t2 := t0.Add(2 * time.Hour)
		onlyX := model.Coverage{Scope: "k8s.apps.deployment@x", Status: model.CoverageComplete}
		out, err = recordScan(ctx, s, record{Finish: store.Finish{Evaluated: all}, Scan: scan("s3", t2, denied, onlyX), Resources: []*model.Resource{a}, Findings: []model.Finding{finding("r1", a)}})
		if err != nil {
			t.Fatal(err)
		}
		if len(out.Resolved) != 0 || !out.Findings[0].FirstSeen.Equal(t0) || !out.Findings[0].LastSeen.Equal(t2) {
			t.Fatalf("scan 3: resolved %d, first %v last %v", len(out.Resolved), out.Findings[0].FirstSeen, out.Findings[0].LastSeen)
		}

		// A full scan without b's finding resolves exactly that one.
		t3 := t0.Add(3 * time.Hour)
		out, err = recordScan(ctx, s, record{Finish: store.Finish{Evaluated: all}, Scan: scan("s4", t3, full), Resources: []*model.Resource{a, b}, Findings: []model.Finding{finding("r1", a)}})
		if err != nil {
			t.Fatal(err)
		}
		if len(out.Resolved) != 1 || out.Resolved[0].Resource.Name != "b" {
			t.Fatalf("scan 4 resolved %v, want b", out.Resolved)
		}
		stillOpen, _ := s.Findings(ctx, store.Query{Status: model.StatusOpen})
		resolved, _ := s.Findings(ctx, store.Query{Status: model.StatusResolved})
		if len(stillOpen) != 1 || len(resolved) != 1 || resolved[0].ResolvedAt == nil || !resolved[0].ResolvedAt.Equal(t3) {
			t.Fatalf("open %d resolved %d (%v)", len(stillOpen), len(resolved), resolved)
		}

		// It comes back: reopened, first_seen kept, history appended.
		t4 := t0.Add(4 * time.Hour)
		out, err = recordScan(ctx, s, record{Finish: store.Finish{Evaluated: all}, Scan: scan("s5", t4, full), Resources: []*model.Resource{a, b}, Findings: []model.Finding{finding("r1", a), finding("r1", b)}})
		if err != nil {
			t.Fatal(err)
		}
		if out.Opened != 1 {
			t.Fatalf("scan 5 opened %d, want 1 (b reopened)", out.Opened)
		}
		h, err := s.History(ctx, model.Fingerprint("r1", b.ID))
		if err != nil {
			t.Fatal(err)
		}
		var events []string
		for _, e := range h {
			events = append(events, e.Event)
		}
		if len(events) != 3 || events[0] != store.EventOpened || events[1] != store.EventResolved || events[2] != store.EventReopened {
			t.Fatalf("history = %v, want opened, resolved, reopened", events)
		}
		scans, _ := s.Scans(ctx, 10)
		if len(scans) != 5 || scans[0].ID != "s5" {
			t.Fatalf("scans = %d, newest %s", len(scans), scans[0].ID)
		}
	})
}

func TestOtherAccountUntouched(t *testing.T) {
	each(t, func(t *testing.T, open func(t *testing.T) store.Store) {
		ctx := context.Background()
		s := open(t)
		a := res("a", "x")
		if _, err := recordScan(ctx, s, record{Finish: store.Finish{Evaluated: all}, Scan: scan("s1", time.Now(), full), Findings: []model.Finding{finding("r1", a)}}); err != nil {
			t.Fatal(err)
		}
		other := scan("s2", time.Now(), full)
		other.Account = "another-cluster"
		out, err := recordScan(ctx, s, record{Finish: store.Finish{Evaluated: all}, Scan: other})
		if err != nil {
			t.Fatal(err)
		}
		if len(out.Resolved) != 0 {
			t.Fatal("a scan of another cluster resolved this cluster's finding")
		}
	})
}

func TestReopenExistingFile(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "v.db")
	s, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := recordScan(ctx, s, record{Finish: store.Finish{Evaluated: all}, Scan: scan("s1", time.Now(), full), Findings: []model.Finding{finding("r1", res("a", "x"))}}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s, err = sqlite.Open(ctx, path)
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	defer s.Close()
	fs, _ := s.Findings(ctx, store.Query{})
	if len(fs) != 1 {
		t.Fatalf("after reopen: %d findings, want 1", len(fs))
	}
}

func TestNotAStore(t *testing.T) {
	path := filepath.Join(t.TempDir(), "junk.db")
	if err := os.WriteFile(path, []byte("this is not sqlite"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := sqlite.Open(context.Background(), path); err == nil {
		t.Fatal("Open of a non-database file succeeded")
	}
}

// TestScopesInBatches: a scan written in scopes larger than a
// statement's batch of rows, with a resource and a finding repeated
// within a scope, stores every resource and finding once, opens each
// once, and the next scan that finishes without them resolves them all.
func TestScopesInBatches(t *testing.T) {
	each(t, func(t *testing.T, open func(t *testing.T) store.Store) {
		s := open(t)
		ctx := context.Background()
		var rs []*model.Resource
		var fs []model.Finding
		for i := range 250 {
			r := res(fmt.Sprintf("d%03d", i), "x")
			rs = append(rs, r)
			if i%2 == 0 {
				fs = append(fs, finding("r1", r))
			}
		}
		rs = append(rs, rs[240]) // in the same statement as its original
		fs = append(fs, fs[3])
		t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
		rec, err := s.Begin(ctx, scan("s1", t0, full), map[string][]string{})
		if err != nil {
			t.Fatal(err)
		}
		var opened int
		for _, part := range [][2]int{{0, 120}, {120, len(rs)}} {
			var pf []model.Finding
			for _, f := range fs {
				if id := f.Resource.Name; id >= rs[part[0]].Name && (part[1] == len(rs) || id < rs[part[1]].Name) {
					pf = append(pf, f)
				}
			}
			out, err := rec.Scope(ctx, rs[part[0]:part[1]], pf)
			if err != nil {
				t.Fatal(err)
			}
			opened += out.Opened
		}
		if _, err := rec.Finish(ctx, store.Finish{Evaluated: all}); err != nil {
			t.Fatal(err)
		}
		got, err := s.Findings(ctx, store.Query{Status: model.StatusOpen})
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 125 || opened != 125 {
			t.Fatalf("%d open, %d opened; want 125 each", len(got), opened)
		}
		out, err := recordScan(ctx, s, record{Finish: store.Finish{Evaluated: all}, Scan: scan("s2", t0.Add(time.Hour), full)})
		if err != nil {
			t.Fatal(err)
		}
		if len(out.Resolved) != 125 {
			t.Errorf("%d resolved, want 125", len(out.Resolved))
		}
	})
}

// TestRiskStored: a finding's risk and a combination's members come back
// as they were written, and a later scan's score replaces the earlier.
func TestRiskStored(t *testing.T) {
	each(t, func(t *testing.T, open func(t *testing.T) store.Store) {
		ctx := context.Background()
		s := open(t)
		day0 := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
		f := finding("r1", res("a", "shop"))
		f.Risk = &model.Risk{Score: 72, Factors: []model.RiskFactor{{Name: "severity", Points: 40, Detail: "high"}, {Name: "exposure", Points: 32, Detail: "a LoadBalancer Service selects it"}},
			Path: []string{"internet", "k8s://c/shop/core/Service/web", f.Resource.ID}}
		f.Members = []string{"aaa", "bbb"}
		plain := finding("r2", res("b", "shop"))
		if _, err := recordScan(ctx, s, record{Finish: store.Finish{Evaluated: all}, Scan: scan("s1", day0, full), Findings: []model.Finding{f, plain}}); err != nil {
			t.Fatal(err)
		}
		got, err := s.Findings(ctx, store.Query{RuleID: "r1"})
		if err != nil || len(got) != 1 {
			t.Fatalf("findings %v, %v", got, err)
		}
		if g := got[0]; g.Risk == nil || g.Risk.Score != 72 || len(g.Risk.Factors) != 2 || g.Risk.Factors[1].Detail != f.Risk.Factors[1].Detail || len(g.Risk.Path) != 3 || strings.Join(g.Members, ",") != "aaa,bbb" {
			t.Fatalf("stored risk %+v members %v, want %+v %v", g.Risk, g.Members, f.Risk, f.Members)
		}
		if got, _ := s.Findings(ctx, store.Query{RuleID: "r2"}); len(got) != 1 || got[0].Risk != nil || got[0].Members != nil {
			t.Fatalf("unscored finding came back with %+v", got)
		}
		f.Risk = &model.Risk{Score: 40, Factors: f.Risk.Factors[:1]}
		if _, err := recordScan(ctx, s, record{Finish: store.Finish{Evaluated: all}, Scan: scan("s2", day0.AddDate(0, 0, 1), full), Findings: []model.Finding{f, plain}}); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.Findings(ctx, store.Query{RuleID: "r1"}); len(got) != 1 || got[0].Risk.Score != 40 || len(got[0].Risk.Path) != 0 {
			t.Fatalf("after rescoring %+v", got[0].Risk)
		}
		// Stored unscored, then scored at the end of the scan (Rescore),
		// as the pipeline does; another finding's risk is untouched.
		unscored, scored := f, plain
		unscored.Risk = nil
		scored.Risk = &model.Risk{Score: 55, Factors: []model.RiskFactor{{Name: "severity", Points: 30}, {Name: "privilege", Points: 25, Detail: "admin"}}}
		if _, err := recordScan(ctx, s, record{Finish: store.Finish{Evaluated: all}, Scan: scan("s3", day0.AddDate(0, 0, 2), full), Findings: []model.Finding{unscored, plain}, Rescore: []model.Finding{scored}}); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.Findings(ctx, store.Query{RuleID: "r2"}); len(got) != 1 || got[0].Risk == nil || got[0].Risk.Score != 55 || got[0].Risk.Factors[1].Detail != "admin" {
			t.Fatalf("rescored r2 %+v", got)
		}
		if got, _ := s.Findings(ctx, store.Query{RuleID: "r1"}); len(got) != 1 || got[0].Risk != nil {
			t.Fatalf("r1 stored unscored came back with %+v", got[0].Risk)
		}
	})
}

// TestResource: the inventory gives back a stored resource whole — its
// labels, attributes and relations — and nil for one it never held.
func TestResource(t *testing.T) {
	each(t, func(t *testing.T, open func(t *testing.T) store.Store) {
		ctx := context.Background()
		s := open(t)
		r := res("web", "shop")
		r.Labels = map[string]string{"team": "shop"}
		r.Attributes = map[string]any{"replicas": float64(2)}
		r.Relations = []model.Relation{{Type: model.RelUsesServiceAcct, Target: "k8s://c/shop/core/ServiceAccount/web"}}
		if _, err := recordScan(ctx, s, record{Finish: store.Finish{Evaluated: all}, Scan: scan("s1", time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC), full), Resources: []*model.Resource{r}}); err != nil {
			t.Fatal(err)
		}
		got, err := s.Resource(ctx, r.ID)
		if err != nil || got == nil {
			t.Fatalf("Resource = %v, %v", got, err)
		}
		if got.Name != "web" || got.Labels["team"] != "shop" || got.Attributes["replicas"] != float64(2) || len(got.Relations) != 1 || got.Relations[0] != r.Relations[0] {
			t.Errorf("stored resource %+v, want %+v", got, r)
		}
		if got, err := s.Resource(ctx, "k8s://c/shop/apps/Deployment/nosuch"); got != nil || err != nil {
			t.Errorf("unknown resource = %v, %v; want nil, nil", got, err)
		}
	})
}
