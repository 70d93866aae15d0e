// Package postgres is the store for teams and scale: PostgreSQL through
// pgx, with the same tables and queries as the embedded SQLite store
// (package sqlstore) and its own migration files.
package postgres

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver

	"github.com/vigil-cspm/vigil/internal/store/sqlstore"
)

// Open connects to the database at dsn (postgres://user:pass@host/db?…)
// and applies pending migrations.
func Open(ctx context.Context, dsn string) (*sqlstore.Store, error) {
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, fmt.Errorf("open store %s: %w", Redact(dsn), err)
	}
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("connect to store %s: %w (check the address, credentials and that the database exists)", Redact(dsn), err)
	}
	s, err := sqlstore.New(ctx, db, sqlstore.Dialect{Name: "postgres", SerialPrimaryKey: "BIGSERIAL PRIMARY KEY", Dollar: true, TextIndex: sqlstore.TextTrigram})
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("open store %s: %w", Redact(dsn), err)
	}
	return s, nil
}

// Redact hides the password of a DSN for messages.
func Redact(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil || u.User == nil {
		return dsn
	}
	if _, ok := u.User.Password(); ok {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	return u.String()
}
