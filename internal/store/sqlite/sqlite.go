// Package sqlite is the embedded default store: one SQLite file (pure Go
// driver, WAL journal, one connection), migrations (package sqlstore's) applied on open. The queries are package sqlstore's.
package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"

	_ "modernc.org/sqlite" // registers the "sqlite" driver

	"github.com/vigil-cspm/vigil/internal/store/sqlstore"
)

// Open opens (creating if needed) the database file at path and applies
// pending migrations.
func Open(ctx context.Context, path string) (*sqlstore.Store, error) {
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return nil, fmt.Errorf("create store directory %s: %w", dir, err)
		}
	}
	// _txlock=immediate: every transaction takes the write lock when it
	// begins, waiting up to busy_timeout. A deferred one that reads
	// first (a scope of findings only) and writes after the job engine's
	// own connection committed fails at once with "database is locked",
	// which no timeout retries (TestTwoWriters).
	dsn := "file:" + path + "?_pragma=journal_mode(WAL)&_pragma=busy_timeout(10000)&_pragma=foreign_keys(1)&_pragma=synchronous(NORMAL)&_txlock=immediate"
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	db.SetMaxOpenConns(1)
	s, err := sqlstore.New(ctx, db, sqlstore.Dialect{Name: "sqlite", SerialPrimaryKey: "INTEGER PRIMARY KEY AUTOINCREMENT", TextIndex: sqlstore.TextFTS5})
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("open store %s: %w (if the file is not a Vigil store, pass another --store path)", path, err)
	}
	return s, nil
}
