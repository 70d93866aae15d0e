package jobs

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/vigil-cspm/vigil/internal/pgtest"
)

// backends opens an engine of each kind on a fresh database.
var backends = map[string]func(tb testing.TB, opts Options) *Engine{
	"sqlite": func(tb testing.TB, opts Options) *Engine {
		e, err := OpenSQLite(context.Background(), filepath.Join(tb.TempDir(), "vigil.db"), opts)
		if err != nil {
			tb.Fatal(err)
		}
		tb.Cleanup(func() { e.Close() })
		return e
	},
	"postgres": func(tb testing.TB, opts Options) *Engine {
		dsn, err := pgServer(tb).NewDatabase(context.Background())
		if err != nil {
			tb.Fatal(err)
		}
		e, err := OpenPostgres(context.Background(), dsn, opts)
		if err != nil {
			tb.Fatal(err)
		}
		tb.Cleanup(func() { e.Close() })
		return e
	},
}

// pgServer is the PostgreSQL the package's tests share.
func pgServer(tb testing.TB) *pgtest.Server { return pgtest.Shared(tb) }

// TestMain stops the shared PostgreSQL and then checks that no engine
// left a goroutine behind (Stop and Close end River's).
func TestMain(m *testing.M) {
	code := m.Run()
	pgtest.StopShared()
	if code == 0 {
		if err := goleak.Find(); err != nil {
			fmt.Fprintln(os.Stderr, err)
			code = 1
		}
	}
	os.Exit(code)
}

// each runs test against every backend.
func each(t *testing.T, test func(t *testing.T, open func(tb testing.TB, opts Options) *Engine)) {
	for _, name := range []string{"sqlite", "postgres"} {
		t.Run(name, func(t *testing.T) { test(t, backends[name]) })
	}
}

// start starts e and stops it when the test ends.
func start(t *testing.T, e *Engine) {
	t.Helper()
	if err := e.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if err := e.Stop(ctx, 10*time.Second); err != nil {
			t.Errorf("stop: %v", err)
		}
	})
}

// waitHealth polls the engine's health until ok accepts connector's, or
// fails the test after a generous deadline (the machine is shared).
func waitHealth(t *testing.T, e *Engine, connector string, ok func(ConnectorHealth) bool) ConnectorHealth {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	var last ConnectorHealth
	for {
		hs, err := e.Health(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		for _, h := range hs {
			if h.Connector == connector {
				last = h
				if ok(h) {
					return h
				}
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("health of %s never reached the expected state; last: %+v", connector, last)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// fast are options for tests: quick polling and retries.
func fast(scan ScanFunc) Options {
	return Options{Scan: scan, PollInterval: 20 * time.Millisecond, RetryBase: 50 * time.Millisecond, RetryMax: time.Second}
}

// waitFinalized waits until River has moved job id to a final state
// (completed, discarded, cancelled): River finalizes a job shortly after
// its worker returns, and until then the scope stays taken.
func waitFinalized(t *testing.T, e *Engine, id int64) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for {
		j, err := e.client.JobGet(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		if j.FinalizedAt != nil {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("job %d never finalized: state %s", id, j.State)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
