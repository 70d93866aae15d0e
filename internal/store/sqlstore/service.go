package sqlstore

import (
	"context"
	"database/sql"
	"encoding/base64"
	"errors"
	"fmt"
	"time"

	"github.com/vigil-cspm/vigil/internal/store"
)

var _ store.ServiceState = (*Store)(nil)

// AppendAudit implements store.ServiceState.
func (s *Store) AppendAudit(ctx context.Context, e store.AuditEntry) error {
	_, err := s.db.ExecContext(ctx, s.q(`INSERT INTO audit_log (at, actor, via, role, action, target, status, remote, detail) VALUES (?,?,?,?,?,?,?,?,?)`),
		ts(e.At), e.Actor, e.Via, e.Role, e.Action, e.Target, e.Status, e.Remote, e.Detail)
	if err != nil {
		return fmt.Errorf("append to the audit log: %w", err)
	}
	return nil
}

// AuditLog implements store.ServiceState.
func (s *Store) AuditLog(ctx context.Context, since time.Time, limit int) ([]store.AuditEntry, error) {
	query, args := `SELECT at, actor, via, role, action, target, status, remote, detail FROM audit_log WHERE at >= ? ORDER BY seq DESC`, []any{ts(since)}
	if limit > 0 {
		query, args = query+` LIMIT ?`, append(args, limit)
	}
	rows, err := s.db.QueryContext(ctx, s.q(query), args...)
	if err != nil {
		return nil, fmt.Errorf("read the audit log: %w", err)
	}
	defer rows.Close()
	var out []store.AuditEntry
	for rows.Next() {
		var e store.AuditEntry
		var at string
		if err := rows.Scan(&at, &e.Actor, &e.Via, &e.Role, &e.Action, &e.Target, &e.Status, &e.Remote, &e.Detail); err != nil {
			return nil, err
		}
		e.At = parseTS(at)
		out = append(out, e)
	}
	return out, rows.Err()
}

// Secret implements store.ServiceState. The first process to insert
// wins; the others read what it wrote.
func (s *Store) Secret(ctx context.Context, name string, fresh func() ([]byte, error)) ([]byte, error) {
	read := func() ([]byte, error) {
		var v string
		err := s.db.QueryRowContext(ctx, s.q(`SELECT value FROM service_secrets WHERE name = ?`), name).Scan(&v)
		if err != nil {
			return nil, err
		}
		return base64.StdEncoding.DecodeString(v)
	}
	v, err := read()
	if err == nil || !errors.Is(err, sql.ErrNoRows) {
		return v, wrapSecret(name, err)
	}
	b, err := fresh()
	if err != nil {
		return nil, wrapSecret(name, err)
	}
	if _, err := s.db.ExecContext(ctx, s.q(`INSERT INTO service_secrets (name, value) VALUES (?,?) ON CONFLICT (name) DO NOTHING`),
		name, base64.StdEncoding.EncodeToString(b)); err != nil {
		return nil, wrapSecret(name, err)
	}
	v, err = read()
	return v, wrapSecret(name, err)
}

func wrapSecret(name string, err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("service secret %s: %w", name, err)
}

// RecordCheck implements store.ServiceState.
func (s *Store) RecordCheck(ctx context.Context, c store.Check) error {
	_, err := s.db.ExecContext(ctx, s.q(`INSERT INTO iac_checks (id, repo, ref, commit_sha, at, doc) VALUES (?,?,?,?,?,?)`),
		c.ID, c.Repo, c.Ref, c.Commit, ts(c.At), c.Doc)
	if err != nil {
		return fmt.Errorf("record the check of %s@%s: %w", c.Repo, c.Ref, err)
	}
	return nil
}

// Check implements store.ServiceState.
func (s *Store) Check(ctx context.Context, id string) (*store.Check, error) {
	var c store.Check
	var at string
	err := s.db.QueryRowContext(ctx, s.q(`SELECT id, repo, ref, commit_sha, at, doc FROM iac_checks WHERE id = ?`), id).
		Scan(&c.ID, &c.Repo, &c.Ref, &c.Commit, &at, &c.Doc)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read check %s: %w", id, err)
	}
	c.At = parseTS(at)
	return &c, nil
}

// AdoptAccount implements store.ServiceState.
func (s *Store) AdoptAccount(ctx context.Context, source, from, to string) (int64, error) {
	if from == to {
		return 0, nil
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, s.q(`UPDATE resources SET account = ? WHERE source = ? AND account = ? AND scope_account = ?`), to, source, from, to); err != nil {
		return 0, fmt.Errorf("move the %s resources of account %s from %s: %w", source, to, from, err)
	}
	res, err := tx.ExecContext(ctx, s.q(`UPDATE findings SET account = ? WHERE source = ? AND account = ? AND scope_account = ?`), to, source, from, to)
	if err != nil {
		return 0, fmt.Errorf("move the %s findings of account %s from %s: %w", source, to, from, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, err
	}
	if err := tx.Commit(); err != nil {
		return 0, fmt.Errorf("move the %s findings of account %s from %s: %w", source, to, from, err)
	}
	return n, nil
}
