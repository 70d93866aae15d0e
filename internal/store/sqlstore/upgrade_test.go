package sqlstore_test

import (
	"context"
	"database/sql"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/vigil-cspm/vigil/internal/model"
	"github.com/vigil-cspm/vigil/internal/pgtest"
	"github.com/vigil-cspm/vigil/internal/store"
	"github.com/vigil-cspm/vigil/internal/store/postgres"
	"github.com/vigil-cspm/vigil/internal/store/sqlite"
)

// TestUpgrade opens, with today's store, databases the store of an
// earlier release wrote (testdata/upgrade: migrations 0001–0004, before
// 0005 and 0006 landed): the pending migrations apply, the data reads
// back as it was written, the new columns hold their defaults, and the
// upgraded store records the next scan.
func TestUpgrade(t *testing.T) {
	ctx := context.Background()
	t.Run("sqlite", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "vigil.db")
		dump, err := os.ReadFile(filepath.Join("testdata", "upgrade", "schema-0004.sqlite.sql"))
		if err != nil {
			t.Fatal(err)
		}
		db, err := sql.Open("sqlite", "file:"+path)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.ExecContext(ctx, string(dump)); err != nil {
			t.Fatalf("load the old store: %v", err)
		}
		checkSchema(t, db, schema{4, 4})
		db.Close()
		s, err := sqlite.Open(ctx, path)
		if err != nil {
			t.Fatalf("open the old store: %v", err)
		}
		defer s.Close()
		checkUpgraded(t, s)
		db, err = sql.Open("sqlite", "file:"+path)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		checkSchema(t, db, latestMigration(t))
	})
	t.Run("postgres", func(t *testing.T) {
		srv := pgServer(t)
		dsn, err := srv.NewDatabase(ctx)
		if err != nil {
			t.Fatal(err)
		}
		bin, _ := pgtest.Binaries()
		// Restored the way docs/operating.md restores a plain dump.
		cmd := exec.Command(filepath.Join(bin, "psql"), "-q", "-v", "ON_ERROR_STOP=1", "-f", filepath.Join("testdata", "upgrade", "schema-0004.postgres.sql"), dsn)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("psql: %v\n%s", err, out)
		}
		db, err := sql.Open("pgx", dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		checkSchema(t, db, schema{4, 4})
		s, err := postgres.Open(ctx, dsn)
		if err != nil {
			t.Fatalf("open the old store: %v", err)
		}
		defer s.Close()
		checkUpgraded(t, s)
		checkSchema(t, db, latestMigration(t))
	})
}

// schema is how many migrations a store has and the newest's number.
type schema struct{ count, newest int }

// latestMigration is the schema of today's store: every migration file.
func latestMigration(t *testing.T) schema {
	files, err := filepath.Glob(filepath.Join("migrations", "*.sql"))
	if err != nil || len(files) == 0 {
		t.Fatalf("migrations: %v", err)
	}
	s := schema{count: len(files)}
	for _, f := range files {
		n, err := strconv.Atoi(strings.SplitN(filepath.Base(f), "_", 2)[0])
		if err != nil {
			t.Fatalf("migration %s: %v", f, err)
		}
		s.newest = max(s.newest, n)
	}
	return s
}

func checkSchema(t *testing.T, db *sql.DB, want schema) {
	t.Helper()
	var got schema
	if err := db.QueryRow(`SELECT COUNT(*), MAX(version) FROM schema_migrations`).Scan(&got.count, &got.newest); err != nil {
		t.Fatal(err)
	}
	if got != want {
		t.Fatalf("%d migrations applied, newest %d; want %d, newest %d", got.count, got.newest, want.count, want.newest)
	}
}

// checkUpgraded reads what the old release wrote through today's store.
func checkUpgraded(t *testing.T, s store.Store) {
	t.Helper()
	ctx := context.Background()
	day0 := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	api, cart, site := "k8s://prod/shop/apps/Deployment/api", "k8s://prod/shop/apps/Deployment/cart", "k8s://prod/web/apps/Deployment/site"

	scans, err := s.Scans(ctx, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(scans) != 2 || scans[0].ID != "scan-2" || scans[0].RulesHash != "sha256:0004" || !scans[1].FinishedAt.Equal(day0) || !scans[0].Covered("k8s.apps.deployment", "shop") {
		t.Fatalf("scans %+v", scans)
	}
	fs, err := s.Findings(ctx, store.Query{})
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]model.Finding{}
	for _, f := range fs {
		byID[f.Fingerprint] = f
	}
	fa, fb, fc := byID[model.Fingerprint("k8s-privileged", api)], byID[model.Fingerprint("k8s-host-pid", cart)], byID[model.Fingerprint("k8s-privileged", site)]
	if len(fs) != 3 || fa.Status != model.StatusOpen || fc.Status != model.StatusOpen || fb.Status != model.StatusResolved {
		t.Fatalf("findings %+v", fs)
	}
	if fa.Risk == nil || fa.Risk.Score != 72 || len(fa.Risk.Path) != 2 || !fa.FirstSeen.Equal(day0) || fb.Severity != model.SeverityMedium || fb.ResolvedAt == nil || !fb.ResolvedAt.Equal(day0.Add(24*time.Hour)) {
		t.Errorf("finding fields changed in the upgrade: api %+v, cart %+v", fa, fb)
	}
	// 0006's column: no change time was recorded before it.
	if fa.Resource == nil || fa.Resource.Changed != nil || fa.Resource.Labels["team"] != "shop" {
		t.Errorf("api's resource after the upgrade: %+v", fa.Resource)
	}
	events, err := s.History(ctx, "")
	if err != nil || len(events) != 4 {
		t.Fatalf("history %v %+v, want 3 opened and 1 resolved", err, events)
	}
	ex, err := s.Exceptions(ctx)
	if err != nil || len(ex.Records) != 1 || ex.Records[0].ID != "EX-1" || ex.Records[0].Owner != "web" || ex.Records[0].Origin != store.ExceptionFromFile {
		t.Fatalf("exceptions %v %+v", err, ex)
	}
	exh, err := s.ExceptionHistory(ctx, "EX-1")
	if err != nil || len(exh) != 1 || exh[0].Event != store.ExceptionAdded {
		t.Fatalf("exception history %v %+v", err, exh)
	}
	// 0006's column: resources stored before it have no first sighting.
	inv, err := s.Resources(ctx)
	if err != nil || len(inv) != 2 {
		t.Fatalf("inventory %v %+v", err, inv)
	}
	for _, r := range inv {
		if !r.FirstSeen.IsZero() || !r.LastSeen.Equal(day0.Add(24*time.Hour)) {
			t.Errorf("resource %s: first seen %v, last seen %v", r.ID, r.FirstSeen, r.LastSeen)
		}
	}
	// 0005's and 0006's tables start empty and take rows.
	if runs, err := s.ReportRuns(ctx, time.Time{}); err != nil || len(runs) != 0 {
		t.Errorf("report runs %v %+v", err, runs)
	}
	if err := s.Mark(ctx, store.Mark{Fingerprint: fc.Fingerprint, Kind: store.MarkFalsePositive, By: "ana", Reason: "legacy", At: day0.Add(72 * time.Hour)}); err != nil {
		t.Fatal(err)
	}
	if err := s.RecordReport(ctx, store.ReportRun{Kind: store.ReportCompliance, Framework: "cis-kubernetes-1.12", At: day0.Add(72 * time.Hour)}); err != nil {
		t.Fatal(err)
	}
	// The next scan sees api only: site's finding resolves, api's stays.
	a := res("api", "shop")
	a.ID, a.Account = api, "prod"
	next := scan("scan-3", day0.Add(96*time.Hour), full)
	next.Account = "prod"
	out, err := recordScan(ctx, s, record{Scan: next, Resources: []*model.Resource{a}, Findings: []model.Finding{finding("k8s-privileged", a)},
		Finish: store.Finish{Evaluated: map[string]bool{"k8s-privileged": true, "k8s-host-pid": true}}})
	if err != nil {
		t.Fatalf("scan after the upgrade: %v", err)
	}
	if len(out.Resolved) != 1 || out.Resolved[0].Fingerprint != fc.Fingerprint || out.Opened != 0 || !out.Findings[0].FirstSeen.Equal(day0) {
		t.Errorf("scan after the upgrade: resolved %+v, opened %d", out.Resolved, out.Opened)
	}
}
