package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Check is what verifying a copy of the store found.
type Check struct {
	// Path is the copy.
	Path string `json:"path"`
	// Bytes is its size.
	Bytes int64 `json:"bytes"`
	// Schema is the newest migration applied to it.
	Schema int `json:"schema"`
	// Integrity is SQLite's integrity_check verdict: "ok".
	Integrity string `json:"integrity"`
	// Rows counts each table's rows.
	Rows []TableRows `json:"tables"`
}

// TableRows is how many rows one table holds.
type TableRows struct {
	Table string `json:"table"`
	Rows  int64  `json:"rows"`
}

// Backup writes a consistent copy of the store file src to dest while
// other connections (scans, the service) may keep writing: VACUUM INTO
// reads one snapshot of the database in a single read transaction. The
// copy is written beside dest, verified (Verify), then renamed over
// dest, so dest is either the old file or a checked new one. src is not
// migrated: a backup taken before an upgrade holds the old schema.
func Backup(ctx context.Context, src, dest string) (*Check, error) {
	if _, err := os.Stat(src); err != nil {
		return nil, fmt.Errorf("back up store %s: %w (give the store's path with --store)", src, err)
	}
	if same(src, dest) {
		return nil, fmt.Errorf("back up store %s: the backup would overwrite the store; give another --output", src)
	}
	if fi, err := os.Stat(dest); err == nil && !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("back up store %s: %s is not a regular file; give a file path (or - for stdout)", src, dest)
	}
	db, err := sql.Open("sqlite", "file:"+src+"?_pragma=busy_timeout(10000)")
	if err != nil {
		return nil, fmt.Errorf("open store %s: %w", src, err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	if _, err := schemaOf(ctx, db); err != nil {
		return nil, fmt.Errorf("back up store %s: %w", src, err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(dest), ".vigil-backup-*")
	if err != nil {
		return nil, fmt.Errorf("back up store %s to %s: %w", src, dest, err)
	}
	tmpName := tmp.Name()
	tmp.Close()
	// VACUUM INTO writes only to a file that does not exist (or is empty).
	os.Remove(tmpName)
	defer os.Remove(tmpName)
	if _, err := db.ExecContext(ctx, `VACUUM INTO ?`, tmpName); err != nil {
		return nil, fmt.Errorf("back up store %s: %w", src, err)
	}
	c, err := Verify(ctx, tmpName)
	if err != nil {
		return nil, err
	}
	if err := os.Chmod(tmpName, 0o600); err != nil {
		return nil, fmt.Errorf("back up store %s to %s: %w", src, dest, err)
	}
	if err := os.Rename(tmpName, dest); err != nil {
		return nil, fmt.Errorf("back up store %s to %s: %w", src, dest, err)
	}
	c.Path = dest
	return c, nil
}

// same reports whether a and b name the same file.
func same(a, b string) bool {
	fa, errA := os.Stat(a)
	fb, errB := os.Stat(b)
	return errA == nil && errB == nil && os.SameFile(fa, fb)
}

// Verify opens a copy of a store read-only and checks it: SQLite's
// integrity check passes, it holds Vigil's schema, and every table can
// be counted.
func Verify(ctx context.Context, path string) (*Check, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("verify backup: %w", err)
	}
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		return nil, fmt.Errorf("verify backup %s: %w", path, err)
	}
	defer db.Close()
	c := &Check{Path: path, Bytes: fi.Size()}
	rows, err := db.QueryContext(ctx, `PRAGMA integrity_check`)
	if err != nil {
		return nil, fmt.Errorf("verify backup %s: %w", path, err)
	}
	var verdict []string
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			rows.Close()
			return nil, fmt.Errorf("verify backup %s: %w", path, err)
		}
		verdict = append(verdict, v)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("verify backup %s: %w", path, err)
	}
	c.Integrity = strings.Join(verdict, "; ")
	if c.Integrity != "ok" {
		return nil, fmt.Errorf("verify backup %s: integrity check: %s", path, c.Integrity)
	}
	if c.Schema, err = schemaOf(ctx, db); err != nil {
		return nil, fmt.Errorf("verify backup %s: %w", path, err)
	}
	tables, err := db.QueryContext(ctx, `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("verify backup %s: %w", path, err)
	}
	var names []string
	for tables.Next() {
		var n string
		if err := tables.Scan(&n); err != nil {
			tables.Close()
			return nil, fmt.Errorf("verify backup %s: %w", path, err)
		}
		names = append(names, n)
	}
	tables.Close()
	sort.Strings(names)
	for _, n := range names {
		var count int64
		// n comes from sqlite_master; quoted as an identifier.
		if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM "`+strings.ReplaceAll(n, `"`, `""`)+`"`).Scan(&count); err != nil {
			return nil, fmt.Errorf("verify backup %s: count %s: %w", path, n, err)
		}
		c.Rows = append(c.Rows, TableRows{Table: n, Rows: count})
	}
	return c, nil
}

// schemaOf is the newest migration applied to db, or an error when db
// is not a Vigil store.
func schemaOf(ctx context.Context, db *sql.DB) (int, error) {
	var v sql.NullInt64
	if err := db.QueryRowContext(ctx, `SELECT MAX(version) FROM schema_migrations`).Scan(&v); err != nil {
		if strings.Contains(err.Error(), "no such table") {
			return 0, errors.New("not a Vigil store (it has no schema_migrations table)")
		}
		return 0, err
	}
	if !v.Valid {
		return 0, errors.New("not a Vigil store (no migration was ever applied)")
	}
	return int(v.Int64), nil
}
