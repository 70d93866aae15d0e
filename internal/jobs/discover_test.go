package jobs

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// accounts is a changing organization: the scopes a DiscoverFunc finds.
type accounts struct {
	mu     sync.Mutex
	scopes []string
	err    error
}

func (a *accounts) set(err error, scopes ...string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.scopes, a.err = scopes, err
}

func (a *accounts) discover(context.Context) ([]string, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	return slices.Clone(a.scopes), a.err
}

// scanned counts the scans of each scope.
type scanned struct {
	mu sync.Mutex
	n  map[string]int
}

func (s *scanned) scan(_ context.Context, ref ScopeRef) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.n == nil {
		s.n = map[string]int{}
	}
	s.n[ref.Scope]++
	return nil
}

func (s *scanned) count(scope string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.n[scope]
}

const (
	acctA = "aws:o-test/111111111111"
	acctB = "aws:o-test/222222222222"
	acctC = "aws:o-test/333333333333"
)

func scopesOf(h ConnectorHealth, retired bool) []string {
	var out []string
	for _, s := range h.Scopes {
		if s.Retired == retired {
			out = append(out, s.Scope)
		}
	}
	return out
}

// TestDiscoveredScopes: a discovering connector lists its scopes at
// start without scanning; a trigger of the whole connector scans each
// scope found by its own job; a scope that disappears is retired — not
// scanned, not triggerable — and a failed discovery keeps the last list
// and says why.
func TestDiscoveredScopes(t *testing.T) {
	each(t, func(t *testing.T, open func(testing.TB, Options) *Engine) {
		ctx := context.Background()
		org := &accounts{}
		org.set(nil, acctC, acctA, acctB, acctA)
		var sc scanned
		opts := fast(sc.scan)
		opts.Connectors = []Connector{{Name: "org", Discover: org.discover}}
		e := open(t, opts)
		start(t, e)

		h := waitHealth(t, e, "org", func(h ConnectorHealth) bool { return h.Discovery != nil && !h.Discovery.At.IsZero() })
		if got := scopesOf(h, false); !slices.Equal(got, []string{acctA, acctB, acctC}) {
			t.Fatalf("discovered scopes %v, want the three accounts once each, sorted", got)
		}
		if !h.LastRun.IsZero() || sc.count(acctA) != 0 {
			t.Fatalf("the start-up discovery scanned: %+v", h)
		}

		// A single account of the connector is a scope like any other.
		q, err := e.Enqueue(ctx, ScopeRef{Connector: "org", Scope: acctB})
		if err != nil || q.Duplicate {
			t.Fatalf("enqueue one account: %+v, %v", q, err)
		}
		waitHealth(t, e, "org", func(h ConnectorHealth) bool { return scopeRuns(h, acctB) == 1 })
		waitFinalized(t, e, q.JobID)
		if sc.count(acctA) != 0 || sc.count(acctC) != 0 {
			t.Fatalf("a one-account trigger scanned others: %v", sc.n)
		}

		// The whole connector: one job per account.
		qs, err := e.EnqueueConnector(ctx, "org")
		if err != nil || len(qs) != 1 || qs[0].Scope != "" {
			t.Fatalf("enqueue the connector: %+v, %v", qs, err)
		}
		waitHealth(t, e, "org", func(h ConnectorHealth) bool {
			return scopeRuns(h, acctA) == 1 && scopeRuns(h, acctB) == 2 && scopeRuns(h, acctC) == 1
		})
		waitFinalizedKind(t, e, KindScanScope)

		// B leaves the organization.
		org.set(nil, acctA, acctC)
		waitFinalizedKind(t, e, KindDiscoverScopes)
		if _, err := e.EnqueueConnector(ctx, "org"); err != nil {
			t.Fatal(err)
		}
		h = waitHealth(t, e, "org", func(h ConnectorHealth) bool { return scopeRuns(h, acctA) == 2 && scopeRuns(h, acctC) == 2 })
		waitFinalizedKind(t, e, KindScanScope)
		if got := scopesOf(h, true); !slices.Equal(got, []string{acctB}) {
			t.Errorf("retired scopes %v, want [%s]", got, acctB)
		}
		if sc.count(acctB) != 2 {
			t.Errorf("the account that left was scanned again: %d scans", sc.count(acctB))
		}
		if _, err := e.Enqueue(ctx, ScopeRef{Connector: "org", Scope: acctB}); err == nil || !strings.Contains(err.Error(), "not one of connector org's discovered scopes") {
			t.Errorf("enqueue a retired account: %v, want an error naming the discovered scopes", err)
		}

		// Organizations fails: the last list stands, the error is shown.
		org.set(errors.New("AccessDeniedException: not the management account"))
		waitFinalizedKind(t, e, KindDiscoverScopes)
		if _, err := e.EnqueueConnector(ctx, "org"); err != nil {
			t.Fatal(err)
		}
		h = waitHealth(t, e, "org", func(h ConnectorHealth) bool {
			return h.Discovery != nil && strings.Contains(h.Discovery.LastError, "AccessDeniedException")
		})
		if got := scopesOf(h, false); !slices.Equal(got, []string{acctA, acctC}) {
			t.Errorf("scopes after a failed discovery %v, want the last good list", got)
		}
		if !strings.Contains(h.LastError, "discover the scopes of connector org") {
			t.Errorf("connector's last error %q does not name the discovery", h.LastError)
		}
		if _, err := e.EnqueueConnector(ctx, "nope"); !errors.Is(err, ErrNoConnector) {
			t.Errorf("enqueue an unknown connector: %v", err)
		}
	})
}

// TestDiscoveredScopesOnSchedule: a scheduled discovering connector that
// runs on start scans every scope it finds, each once.
func TestDiscoveredScopesOnSchedule(t *testing.T) {
	each(t, func(t *testing.T, open func(testing.TB, Options) *Engine) {
		org := &accounts{}
		org.set(nil, acctA, acctB)
		var sc scanned
		opts := fast(sc.scan)
		opts.Connectors = []Connector{{Name: "org", Discover: org.discover, Schedule: Schedule{Every: time.Hour, RunOnStart: true}}}
		e := open(t, opts)
		start(t, e)
		h := waitHealth(t, e, "org", func(h ConnectorHealth) bool { return scopeRuns(h, acctA) == 1 && scopeRuns(h, acctB) == 1 })
		if h.NextRun.IsZero() || h.Discovery.NextRun.IsZero() {
			t.Errorf("no next run in %+v", h)
		}
		for _, s := range h.Scopes {
			if !s.NextRun.Equal(h.Discovery.NextRun) {
				t.Errorf("scope %s next run %s, want the discovery's %s", s.Scope, s.NextRun, h.Discovery.NextRun)
			}
		}
	})
}

func TestDiscoverAndListIsAnError(t *testing.T) {
	_, err := OpenSQLite(context.Background(), t.TempDir()+"/v.db", Options{Scan: func(context.Context, ScopeRef) error { return nil },
		Connectors: []Connector{{Name: "org", Scopes: []string{acctA}, Discover: (&accounts{}).discover}}})
	if err == nil || !strings.Contains(err.Error(), "both lists and discovers") {
		t.Fatalf("open: %v", err)
	}
}

func scopeRuns(h ConnectorHealth, scope string) int64 {
	for _, s := range h.Scopes {
		if s.Scope == scope {
			return s.Runs
		}
	}
	return 0
}

// waitFinalizedKind waits until no job of kind is queued or running,
// so that the next trigger is not a duplicate.
func waitFinalizedKind(t *testing.T, e *Engine, kind string) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for {
		var n int
		if err := e.db.QueryRow(`SELECT COUNT(*) FROM river_job WHERE kind = '` + kind + `' AND finalized_at IS NULL`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d %s jobs still queued after 60 s", n, kind)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestTwoRunnersNeverScanAnAccountTwice: two engines on one database
// (two processes of the service) both trigger a discovering connector
// again and again; no scope is ever scanned by both at once, and every
// scope is scanned.
func TestTwoRunnersNeverScanAnAccountTwice(t *testing.T) {
	for _, backend := range []string{"sqlite", "postgres"} {
		t.Run(backend, func(t *testing.T) {
			ctx := context.Background()
			var openTwice func(opts Options) *Engine
			switch backend {
			case "sqlite":
				path := t.TempDir() + "/vigil.db"
				openTwice = func(opts Options) *Engine {
					e, err := OpenSQLite(ctx, path, opts)
					if err != nil {
						t.Fatal(err)
					}
					t.Cleanup(func() { e.Close() })
					return e
				}
			default:
				dsn, err := pgServer(t).NewDatabase(ctx)
				if err != nil {
					t.Fatal(err)
				}
				openTwice = func(opts Options) *Engine {
					e, err := OpenPostgres(ctx, dsn, opts)
					if err != nil {
						t.Fatal(err)
					}
					t.Cleanup(func() { e.Close() })
					return e
				}
			}
			org := &accounts{}
			org.set(nil, acctA, acctB, acctC)
			var mu sync.Mutex
			running, most, scans := map[string]int{}, 0, map[string]int{}
			scanFn := func(ctx context.Context, ref ScopeRef) error {
				mu.Lock()
				running[ref.Scope]++
				most = max(most, running[ref.Scope])
				scans[ref.Scope]++
				mu.Unlock()
				time.Sleep(50 * time.Millisecond)
				mu.Lock()
				running[ref.Scope]--
				mu.Unlock()
				return nil
			}
			var engines []*Engine
			for range 2 {
				opts := fast(scanFn)
				opts.Connectors = []Connector{{Name: "org", Discover: org.discover}}
				e := openTwice(opts)
				start(t, e)
				engines = append(engines, e)
			}
			waitHealth(t, engines[0], "org", func(h ConnectorHealth) bool { return len(h.Scopes) == 3 })
			var wg sync.WaitGroup
			for _, e := range engines {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for range 20 {
						if _, err := e.EnqueueConnector(ctx, "org"); err != nil {
							t.Error(err)
						}
						for _, s := range []string{acctA, acctB, acctC} {
							if _, err := e.Enqueue(ctx, ScopeRef{Connector: "org", Scope: s}); err != nil {
								t.Error(err)
							}
						}
						time.Sleep(25 * time.Millisecond)
					}
				}()
			}
			wg.Wait()
			waitFinalizedKind(t, engines[0], KindDiscoverScopes)
			waitFinalizedKind(t, engines[0], KindScanScope)
			mu.Lock()
			defer mu.Unlock()
			if most != 1 {
				t.Errorf("a scope was scanned %d times at once", most)
			}
			for _, s := range []string{acctA, acctB, acctC} {
				if scans[s] == 0 {
					t.Errorf("scope %s never scanned: %v", s, scans)
				}
			}
			t.Logf("scans per scope: %v", scans)
		})
	}
}
