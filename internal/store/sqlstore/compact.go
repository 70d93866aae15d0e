package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/vigil-cspm/vigil/internal/model"
	"github.com/vigil-cspm/vigil/internal/store"
)

// errDryRun rolls a dry run's transaction back.
var errDryRun = errors.New("dry run")

// Compact implements store.Store. The statements run in this order so
// each sees what the ones before removed: findings resolved before the
// cutoff go with their events first, so their scans and resources are
// no longer named by a kept finding when those are compacted.
func (s *Store) Compact(ctx context.Context, before time.Time, dryRun bool) (store.Compaction, error) {
	out := store.Compaction{Before: before.UTC(), DryRun: dryRun}
	cut := ts(before)
	// A finished scan is evidence: complete or partial (a failed scan
	// judged nothing).
	done1, done2 := model.ScanComplete, model.ScanPartial
	steps := []struct {
		what  string
		n     *int64
		query string
		args  []any
	}{
		{"events of old resolved findings", &out.FindingEvents,
			`DELETE FROM finding_events WHERE fingerprint IN (SELECT fingerprint FROM findings WHERE status = ? AND resolved_at < ?)`,
			[]any{model.StatusResolved, cut}},
		{"old resolved findings", &out.Findings,
			`DELETE FROM findings WHERE status = ? AND resolved_at < ?`,
			[]any{model.StatusResolved, cut}},
		// A kept finding keeps its newest event before the cutoff: its
		// state at any time from the cutoff on is still known.
		{"old events of kept findings", &out.FindingEvents,
			`DELETE FROM finding_events WHERE at < ? AND EXISTS (SELECT 1 FROM finding_events later WHERE later.fingerprint = finding_events.fingerprint AND later.at < ? AND later.seq > finding_events.seq)`,
			[]any{cut, cut}},
		{"resources unseen since the cutoff", &out.Resources,
			`DELETE FROM resources WHERE last_seen < ? AND id NOT IN (SELECT resource_id FROM findings)`,
			[]any{cut}},
		// Each source and account keeps its newest finished scan before
		// the cutoff: the evidence a report judging the cutoff reads.
		{"old scans", &out.Scans,
			`DELETE FROM scans WHERE finished_at < ?
			  AND id NOT IN (SELECT last_scan FROM findings)
			  AND id NOT IN (SELECT last_scan FROM resources)
			  AND (status NOT IN (?, ?) OR EXISTS (SELECT 1 FROM scans newer WHERE newer.source = scans.source AND newer.account = scans.account
			       AND newer.status IN (?, ?) AND newer.finished_at < ? AND newer.finished_at > scans.finished_at))`,
			[]any{cut, done1, done2, done1, done2, cut}},
		{"old report runs", &out.ReportRuns,
			`DELETE FROM report_runs WHERE at < ?`,
			[]any{cut}},
		{"old deliveries", &out.Deliveries,
			`DELETE FROM notify_deliveries WHERE updated_at < ? AND status IN (?, ?, ?)`,
			[]any{cut, store.DeliverySent, store.DeliveryFailed, store.DeliveryRecorded}},
		// A channel's state of a removed finding: were it seen again, it
		// is new to the channel too.
		{"notification states of removed findings", &out.NotifyStates,
			`DELETE FROM notify_state WHERE updated_at < ? AND fingerprint NOT IN (SELECT fingerprint FROM findings)`,
			[]any{cut}},
		{"old pull request checks", &out.IaCChecks,
			`DELETE FROM iac_checks WHERE at < ?`,
			[]any{cut}},
		{"verdicts of old admission decisions", new(int64),
			`DELETE FROM admission_verdicts WHERE uid IN (SELECT uid FROM admission_decisions WHERE at < ?)`,
			[]any{cut}},
		{"old admission decisions", &out.AdmissionDecisions,
			`DELETE FROM admission_decisions WHERE at < ?`,
			[]any{cut}},
		// The service's audit log is evidence: never compacted.
	}
	err := s.inTx(ctx, "in one transaction", func(tx *sql.Tx) error {
		for _, st := range steps {
			res, err := tx.ExecContext(ctx, s.q(st.query), st.args...)
			if err != nil {
				return fmt.Errorf("compact %s: %w", st.what, err)
			}
			n, err := res.RowsAffected()
			if err != nil {
				return fmt.Errorf("compact %s: %w", st.what, err)
			}
			*st.n += n
		}
		if dryRun {
			return errDryRun
		}
		return nil
	})
	if err != nil && !errors.Is(err, errDryRun) {
		return store.Compaction{}, fmt.Errorf("compact the %s store: %w", s.d.Name, err)
	}
	return out, nil
}
