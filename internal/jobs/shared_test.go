package jobs

import (
	"context"
	"fmt"
	"path/filepath"
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
