package pgtest

import (
	"context"
	"os"
	"sync"
	"testing"
)

// shared is the one server a test binary's packages use.
var shared struct {
	once sync.Once
	srv  *Server
	err  error
}

// Shared returns the test process's PostgreSQL server, started on first
// use (Require decides whether a missing install skips or fails);
// StopShared, or Main, stops it.
func Shared(tb testing.TB) *Server {
	tb.Helper()
	bin := Require(tb)
	shared.once.Do(func() { shared.srv, shared.err = Start(context.Background(), bin) })
	if shared.err != nil {
		tb.Fatalf("start PostgreSQL: %v", shared.err)
	}
	return shared.srv
}

// Database is the DSN of a fresh, empty database on the shared server.
func Database(tb testing.TB) string {
	tb.Helper()
	dsn, err := Shared(tb).NewDatabase(context.Background())
	if err != nil {
		tb.Fatal(err)
	}
	return dsn
}

// StopShared stops the shared server if it was started.
func StopShared() {
	if shared.srv != nil {
		shared.srv.Stop()
	}
}

// Main runs a package's tests, stops the shared server and exits: the
// whole TestMain of a package that needs nothing else.
func Main(m *testing.M) {
	code := m.Run()
	StopShared()
	os.Exit(code)
}
