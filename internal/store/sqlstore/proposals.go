package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/vigil-cspm/vigil/internal/store"
)

var _ store.ExceptionWorkflow = (*Store)(nil)

// Proposals implements store.ExceptionWorkflow.
func (s *Store) Proposals(ctx context.Context) ([]store.Proposal, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, status, doc, proposed_by, proposed_at, decided_by, decided_at, note, version FROM exception_proposals ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("list exception proposals: %w", err)
	}
	defer rows.Close()
	var out []store.Proposal
	for rows.Next() {
		var p store.Proposal
		var at, decided string
		if err := rows.Scan(&p.ID, &p.Status, &p.Doc, &p.ProposedBy, &at, &p.DecidedBy, &decided, &p.Note, &p.Version); err != nil {
			return nil, err
		}
		p.ProposedAt = parseTS(at)
		if decided != "" {
			p.DecidedAt = parseTS(decided)
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// inTx runs fn in a transaction, committed when fn succeeds.
func (s *Store) inTx(ctx context.Context, what string, fn func(tx *sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		if errors.Is(err, store.ErrConflict) || errors.Is(err, store.ErrNotFound) {
			return err
		}
		return fmt.Errorf("%s: %w", what, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("%s: commit: %w", what, err)
	}
	return nil
}

// exists reports whether query finds a row.
func exists(ctx context.Context, tx *sql.Tx, query string, args ...any) (bool, error) {
	var one int
	err := tx.QueryRowContext(ctx, query, args...).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return err == nil, err
}

// Propose implements store.ExceptionWorkflow.
func (s *Store) Propose(ctx context.Context, p store.Proposal) error {
	return s.inTx(ctx, "propose exception "+p.ID, func(tx *sql.Tx) error {
		taken, err := exists(ctx, tx, s.q(`SELECT 1 FROM exceptions WHERE id = ?`), p.ID)
		if err != nil || taken {
			return errOr(err, fmt.Errorf("exception %s is in the set already: %w", p.ID, store.ErrConflict))
		}
		// ON CONFLICT: of two proposals of one id at once, the second
		// inserts nothing and is told so.
		res, err := tx.ExecContext(ctx, s.q(`INSERT INTO exception_proposals (id, status, doc, proposed_by, proposed_at, decided_by, decided_at, note, version)
VALUES (?,?,?,?,?,'','',?,1) ON CONFLICT (id) DO NOTHING`), p.ID, store.ProposalPending, p.Doc, p.ProposedBy, ts(p.ProposedAt), p.Note)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return errOr(err, fmt.Errorf("a proposal with id %s exists already: %w", p.ID, store.ErrConflict))
		}
		return nil
	})
}

func errOr(err, otherwise error) error {
	if err != nil {
		return err
	}
	return otherwise
}

// decide moves a pending proposal at d.Version to status, or says why not.
func (s *Store) decide(ctx context.Context, tx *sql.Tx, d store.Decision, status string) error {
	res, err := tx.ExecContext(ctx, s.q(`UPDATE exception_proposals SET status = ?, decided_by = ?, decided_at = ?, note = CASE WHEN ? = '' THEN note ELSE ? END, version = version + 1
WHERE id = ? AND status = ? AND version = ?`), status, d.By, ts(d.At), d.Note, d.Note, d.ID, store.ProposalPending, d.Version)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n == 1 {
		return err
	}
	var cur string
	var version int64
	err = tx.QueryRowContext(ctx, s.q(`SELECT status, version FROM exception_proposals WHERE id = ?`), d.ID).Scan(&cur, &version)
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("no proposal %s: %w", d.ID, store.ErrNotFound)
	}
	if err != nil {
		return err
	}
	if cur != store.ProposalPending {
		return fmt.Errorf("proposal %s is %s already: %w", d.ID, cur, store.ErrConflict)
	}
	return fmt.Errorf("proposal %s is at version %d, not %d: %w", d.ID, version, d.Version, store.ErrConflict)
}

// Approve implements store.ExceptionWorkflow.
func (s *Store) Approve(ctx context.Context, d store.Decision, rec store.ExceptionRecord) error {
	return s.inTx(ctx, "approve exception "+d.ID, func(tx *sql.Tx) error {
		if err := s.decide(ctx, tx, d, store.ProposalApproved); err != nil {
			return err
		}
		if err := s.bumpExceptions(ctx, tx, -1); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, s.q(`INSERT INTO exceptions (id, rule, owner, expires, doc, origin) VALUES (?,?,?,?,?,?) ON CONFLICT (id) DO NOTHING`),
			rec.ID, rec.Rule, rec.Owner, ts(rec.Expires), rec.Doc, store.ExceptionFromAPI)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return errOr(err, fmt.Errorf("exception %s is in the set already: %w", rec.ID, store.ErrConflict))
		}
		_, err = tx.ExecContext(ctx, s.q(`INSERT INTO exception_events (exception_id, at, event, before_doc, after_doc) VALUES (?,?,?,'',?)`),
			rec.ID, ts(d.At), store.ExceptionAdded, rec.Doc)
		return err
	})
}

// Reject implements store.ExceptionWorkflow.
func (s *Store) Reject(ctx context.Context, d store.Decision) error {
	return s.inTx(ctx, "reject exception "+d.ID, func(tx *sql.Tx) error {
		return s.decide(ctx, tx, d, store.ProposalRejected)
	})
}

// Revoke implements store.ExceptionWorkflow.
func (s *Store) Revoke(ctx context.Context, d store.Decision) error {
	return s.inTx(ctx, "revoke exception "+d.ID, func(tx *sql.Tx) error {
		var doc string
		err := tx.QueryRowContext(ctx, s.q(`SELECT doc FROM exceptions WHERE id = ?`), d.ID).Scan(&doc)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("no exception %s in the set: %w", d.ID, store.ErrNotFound)
		}
		if err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, s.q(`DELETE FROM exceptions WHERE id = ? AND doc = ?`), d.ID, doc)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return errOr(err, fmt.Errorf("exception %s changed while being revoked: %w", d.ID, store.ErrConflict))
		}
		if err := s.bumpExceptions(ctx, tx, -1); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, s.q(`INSERT INTO exception_events (exception_id, at, event, before_doc, after_doc) VALUES (?,?,?,?,'')`),
			d.ID, ts(d.At), store.ExceptionRemoved, doc); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, s.q(`UPDATE exception_proposals SET status = ?, decided_by = ?, decided_at = ?, note = ?, version = version + 1 WHERE id = ? AND status = ?`),
			store.ProposalRevoked, d.By, ts(d.At), d.Note, d.ID, store.ProposalApproved)
		return err
	})
}
