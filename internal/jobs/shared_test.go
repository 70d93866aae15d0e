package jobs

import (
	"context"
	"fmt"
	"log/slog"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/vigil-cspm/vigil/internal/model"
	"github.com/vigil-cspm/vigil/internal/store"
	"github.com/vigil-cspm/vigil/internal/store/postgres"
	"github.com/vigil-cspm/vigil/internal/store/sqlite"
)

// TestSharesTheStoreDatabase: the engine and the store live in one
// database (file or DSN), each with its own migrations, and scans run as
// jobs write the store while River uses the same database.
func TestSharesTheStoreDatabase(t *testing.T) {
	ctx := context.Background()
	for _, backend := range []string{"sqlite", "postgres"} {
		t.Run(backend, func(t *testing.T) {
			var dsn string
			var s store.Store
			var err error
			if backend == "sqlite" {
				dsn = filepath.Join(t.TempDir(), "vigil.db")
				s, err = sqlite.Open(ctx, dsn)
			} else {
				if dsn, err = pgServer(t).NewDatabase(ctx); err != nil {
					t.Fatal(err)
				}
				s, err = postgres.Open(ctx, dsn)
			}
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { s.Close() })
			scopes := []string{"aws:111111111111/eu-west-1", "aws:111111111111/us-east-1", "aws:111111111111/global"}
			opts := fast(func(ctx context.Context, ref ScopeRef) error { return recordScan(ctx, s, ref) })
			opts.Connectors = []Connector{{Name: "prod", Scopes: scopes}}
			e, err := Open(ctx, dsn, opts)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { e.Close() })
			start(t, e)
			for _, sc := range scopes {
				if _, err := e.Enqueue(ctx, ScopeRef{Connector: "prod", Scope: sc}); err != nil {
					t.Fatal(err)
				}
			}
			h := waitHealth(t, e, "prod", func(h ConnectorHealth) bool {
				return runs(h, scopes[0])+runs(h, scopes[1])+runs(h, scopes[2]) == 3
			})
			if h.LastError != "" {
				t.Errorf("a scan failed: %+v", h)
			}
			got, err := s.Scans(ctx, 10)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != 3 {
				t.Fatalf("store holds %d scans, want 3: %+v", len(got), got)
			}
		})
	}
}

// recordScan stores a one-resource scan of ref, as the real scan would.
func recordScan(ctx context.Context, s store.Store, ref ScopeRef) error {
	now := time.Now().UTC()
	sc := &model.Scan{ID: ref.Scope, Source: "aws", Account: "111111111111", Status: model.ScanComplete, StartedAt: now}
	rec, err := s.Begin(ctx, sc, map[string][]string{})
	if err != nil {
		return err
	}
	r := &model.Resource{ID: fmt.Sprintf("arn:aws:s3:::bucket-%s", ref.Scope[len(ref.Scope)-4:]), Type: "aws.s3.bucket", Provider: "aws",
		Account: "111111111111", Name: "bucket", Attributes: map[string]any{}, Source: model.Source{Kind: model.SourceLive}}
	if _, err := rec.Scope(ctx, []*model.Resource{r}, nil); err != nil {
		return err
	}
	sc.FinishedAt = time.Now().UTC()
	_, err = rec.Finish(ctx, store.Finish{})
	return err
}

// BenchmarkScanScopeJobsWithStore runs scans that store 1,000 resources
// each (attributes of about 1.5 KB, 4 workers) through the engine while
// River shares the store's database: whether River and the store's
// writes get in each other's way. Each iteration scans 8 scopes; a
// failed scan fails the benchmark.
func BenchmarkScanScopeJobsWithStore(b *testing.B) {
	const scopes, perScope = 8, 1000
	ctx := context.Background()
	for _, backend := range []string{"sqlite", "postgres"} {
		b.Run(backend, func(b *testing.B) {
			var dsn string
			var s store.Store
			var err error
			if backend == "sqlite" {
				dsn = filepath.Join(b.TempDir(), "vigil.db")
				s, err = sqlite.Open(ctx, dsn)
			} else {
				if dsn, err = pgServer(b).NewDatabase(ctx); err != nil {
					b.Fatal(err)
				}
				s, err = postgres.Open(ctx, dsn)
			}
			if err != nil {
				b.Fatal(err)
			}
			defer s.Close()
			done := make(chan error, scopes)
			logged := &errorLog{}
			opts := Options{Logger: slog.New(logged), PollInterval: 50 * time.Millisecond, MaxAttempts: 1, Scan: func(ctx context.Context, ref ScopeRef) error {
				err := storeScope(ctx, s, ref, perScope)
				done <- err
				return err
			}}
			e, err := Open(ctx, dsn, opts)
			if err != nil {
				b.Fatal(err)
			}
			defer e.Close()
			if err := e.Start(ctx); err != nil {
				b.Fatal(err)
			}
			defer e.Stop(ctx, time.Minute)
			n := 0
			b.ReportAllocs()
			start := time.Now()
			for b.Loop() {
				for range scopes {
					n++
					if _, err := e.Enqueue(ctx, ScopeRef{Connector: "bench", Scope: fmt.Sprintf("aws:%012d/eu-west-1", n)}); err != nil {
						b.Fatal(err)
					}
				}
				for range scopes {
					if err := <-done; err != nil {
						b.Fatalf("scan: %v", err)
					}
				}
			}
			b.ReportMetric(float64(n)/time.Since(start).Seconds(), "scopes/s")
			if msg := logged.first.Load(); msg != nil {
				b.Fatalf("River or the engine logged an error while scans wrote the store: %s", *msg)
			}
		})
	}
}

// errorLog keeps the first error-level record logged.
type errorLog struct{ first atomic.Pointer[string] }

func (l *errorLog) Enabled(_ context.Context, lv slog.Level) bool { return lv >= slog.LevelError }
func (l *errorLog) Handle(_ context.Context, r slog.Record) error {
	msg := r.Message
	r.Attrs(func(a slog.Attr) bool { msg += " " + a.String(); return true })
	l.first.CompareAndSwap(nil, &msg)
	return nil
}
func (l *errorLog) WithAttrs([]slog.Attr) slog.Handler { return l }
func (l *errorLog) WithGroup(string) slog.Handler      { return l }

// storeScope stores a scan of ref with n resources.
func storeScope(ctx context.Context, s store.Store, ref ScopeRef, n int) error {
	sc := &model.Scan{ID: ref.Scope, Source: "aws", Account: ref.Scope[4:16], Status: model.ScanComplete, StartedAt: time.Now().UTC()}
	rec, err := s.Begin(ctx, sc, map[string][]string{})
	if err != nil {
		return err
	}
	rs := make([]*model.Resource, n)
	for i := range rs {
		attrs := map[string]any{"instance_type": "m5.large"}
		for j := range 25 {
			attrs[fmt.Sprintf("field_%02d", j)] = map[string]any{"value": fmt.Sprintf("value-%d-%d", i, j), "enabled": j%2 == 0}
		}
		rs[i] = &model.Resource{ID: fmt.Sprintf("arn:aws:ec2:eu-west-1:%s:instance/i-%08d", sc.Account, i), Type: "aws.ec2.instance", Provider: "aws",
			Account: sc.Account, Region: "eu-west-1", Name: fmt.Sprintf("i-%08d", i), Attributes: attrs, Source: model.Source{Kind: model.SourceLive}}
	}
	if _, err := rec.Scope(ctx, rs, nil); err != nil {
		return err
	}
	sc.FinishedAt = time.Now().UTC()
	_, err = rec.Finish(ctx, store.Finish{})
	return err
}
