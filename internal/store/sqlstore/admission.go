package sqlstore

import (
	"context"
	"fmt"

	"github.com/vigil-cspm/vigil/internal/store"
)

var _ store.AdmissionLog = (*Store)(nil)

// RecordDecision implements store.AdmissionLog.
func (s *Store) RecordDecision(ctx context.Context, d store.AdmissionDecision) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	allowed := 0
	if d.Allowed {
		allowed = 1
	}
	res, err := tx.ExecContext(ctx, s.q(`INSERT INTO admission_decisions (uid, at, cluster, operation, kind, namespace, name, username, allowed, reason, message, received)
		VALUES (?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT (uid) DO NOTHING`),
		d.UID, ts(d.At), d.Cluster, d.Operation, d.Kind, d.Namespace, d.Name, d.User, allowed, d.Reason, d.Message, ts(d.Received))
	if err != nil {
		return fmt.Errorf("record admission decision %s: %w", d.UID, err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return err // stored before: a retried send
	}
	for _, v := range d.Verdicts {
		if _, err := tx.ExecContext(ctx, s.q(`INSERT INTO admission_verdicts (uid, fingerprint, rule_id, severity, mode, result) VALUES (?,?,?,?,?,?)
			ON CONFLICT (uid, fingerprint) DO NOTHING`), d.UID, v.Fingerprint, v.RuleID, v.Severity, v.Mode, v.Result); err != nil {
			return fmt.Errorf("record admission decision %s: %w", d.UID, err)
		}
	}
	return tx.Commit()
}

// AdmissionDecisions implements store.AdmissionLog.
func (s *Store) AdmissionDecisions(ctx context.Context, q store.AdmissionQuery) ([]store.AdmissionDecision, error) {
	limit := q.Limit
	if limit <= 0 {
		limit = 100
	}
	query := `SELECT uid, at, cluster, operation, kind, namespace, name, username, allowed, reason, message, received FROM admission_decisions`
	args := []any{}
	if q.Fingerprint != "" {
		query += ` WHERE uid IN (SELECT uid FROM admission_verdicts WHERE fingerprint = ?)`
		args = append(args, q.Fingerprint)
	}
	query += ` ORDER BY at DESC, uid LIMIT ?`
	args = append(args, limit)
	rows, err := s.db.QueryContext(ctx, s.q(query), args...)
	if err != nil {
		return nil, fmt.Errorf("list admission decisions: %w", err)
	}
	var out []store.AdmissionDecision
	index := map[string]int{}
	for rows.Next() {
		var d store.AdmissionDecision
		var at, received string
		var allowed int
		if err := rows.Scan(&d.UID, &at, &d.Cluster, &d.Operation, &d.Kind, &d.Namespace, &d.Name, &d.User, &allowed, &d.Reason, &d.Message, &received); err != nil {
			rows.Close()
			return nil, err
		}
		d.At, d.Received, d.Allowed, d.Verdicts = parseTS(at), parseTS(received), allowed == 1, []store.AdmissionVerdict{}
		index[d.UID] = len(out)
		out = append(out, d)
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range out {
		vrows, err := s.db.QueryContext(ctx, s.q(`SELECT fingerprint, rule_id, severity, mode, result FROM admission_verdicts WHERE uid = ? ORDER BY rule_id, fingerprint`), out[i].UID)
		if err != nil {
			return nil, err
		}
		for vrows.Next() {
			var v store.AdmissionVerdict
			if err := vrows.Scan(&v.Fingerprint, &v.RuleID, &v.Severity, &v.Mode, &v.Result); err != nil {
				vrows.Close()
				return nil, err
			}
			out[i].Verdicts = append(out[i].Verdicts, v)
		}
		if err := vrows.Close(); err != nil {
			return nil, err
		}
	}
	return out, nil
}
