package jobs

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/vigil-cspm/vigil/internal/model"
)

// maxErrorLen bounds the stored last error message.
const maxErrorLen = 2000

// healthSchema is the jobs package's one table, beside River's. It holds
// one row per scope ever run; CREATE … IF NOT EXISTS keeps opening
// idempotent. Times are Unix milliseconds, 0 for never.
const healthSchema = `CREATE TABLE IF NOT EXISTS vigil_job_health (
	connector TEXT NOT NULL,
	scope TEXT NOT NULL,
	runs BIGINT NOT NULL DEFAULT 0,
	failures BIGINT NOT NULL DEFAULT 0,
	consecutive_failures BIGINT NOT NULL DEFAULT 0,
	last_run_ms BIGINT NOT NULL DEFAULT 0,
	last_duration_ms BIGINT NOT NULL DEFAULT 0,
	last_success_ms BIGINT NOT NULL DEFAULT 0,
	last_error TEXT NOT NULL DEFAULT '',
	last_error_ms BIGINT NOT NULL DEFAULT 0,
	PRIMARY KEY (connector, scope)
)`

// recordSQL adds one attempt's outcome to a scope's row. A success
// resets the consecutive failures; a final failure adds one.
const recordSQL = `INSERT INTO vigil_job_health
	(connector, scope, runs, failures, consecutive_failures, last_run_ms, last_duration_ms, last_success_ms, last_error, last_error_ms)
	VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
ON CONFLICT (connector, scope) DO UPDATE SET
	runs = vigil_job_health.runs + excluded.runs,
	failures = vigil_job_health.failures + excluded.failures,
	consecutive_failures = CASE WHEN excluded.last_success_ms > 0 THEN 0
		ELSE vigil_job_health.consecutive_failures + excluded.consecutive_failures END,
	last_run_ms = excluded.last_run_ms,
	last_duration_ms = excluded.last_duration_ms,
	last_success_ms = CASE WHEN excluded.last_success_ms > 0 THEN excluded.last_success_ms
		ELSE vigil_job_health.last_success_ms END,
	last_error = CASE WHEN excluded.last_error_ms > 0 THEN excluded.last_error
		ELSE vigil_job_health.last_error END,
	last_error_ms = CASE WHEN excluded.last_error_ms > 0 THEN excluded.last_error_ms
		ELSE vigil_job_health.last_error_ms END`

const healthSQL = `SELECT connector, scope, runs, failures, consecutive_failures,
	last_run_ms, last_duration_ms, last_success_ms, last_error, last_error_ms
FROM vigil_job_health`

// ScopeHealth is what the jobs of one scope did.
type ScopeHealth struct {
	Scope string `json:"scope"`
	// Runs and Failures count finished runs (a run is a job's attempts
	// up to its success or its last failed attempt).
	Runs     int64 `json:"runs"`
	Failures int64 `json:"failures"`
	// ConsecutiveFailures counts failed runs since the last success.
	ConsecutiveFailures int64 `json:"consecutive_failures"`
	// LastRun is when the last attempt ended; LastDuration how long it took.
	LastRun      time.Time     `json:"last_run,omitzero"`
	LastDuration time.Duration `json:"last_duration"`
	// LastSuccess is when the last successful attempt ended.
	LastSuccess time.Time `json:"last_success,omitzero"`
	// LastError is the last failed attempt's message, kept after a
	// later success (LastErrorAt says when).
	LastError   string    `json:"last_error,omitempty"`
	LastErrorAt time.Time `json:"last_error_at,omitzero"`
	// NextRun is the next scheduled run this process will enqueue; zero
	// when it schedules none.
	NextRun time.Time `json:"next_run,omitzero"`
	// Retired is set for a scope that ran before but is no longer one of
	// the connector's (an account that left the organization or was
	// suspended, a scope removed from the configuration): it is not
	// scheduled, and its findings stay as its last scan left them.
	Retired bool `json:"retired,omitempty"`

	// What the scope's last finished scan read, from the store: the
	// engine leaves these empty, the service fills them.
	CoveragePercent *float64              `json:"coverage_percent,omitempty"`
	Services        []model.ServiceHealth `json:"services,omitempty"`
}

// ConnectorHealth sums up a connector's scopes.
type ConnectorHealth struct {
	Connector string `json:"connector"`
	// LastSuccess, LastRun, LastDuration, LastError and LastErrorAt are
	// those of the connector's most recent scope outcomes.
	LastSuccess  time.Time     `json:"last_success,omitzero"`
	LastRun      time.Time     `json:"last_run,omitzero"`
	LastDuration time.Duration `json:"last_duration"`
	LastError    string        `json:"last_error,omitempty"`
	LastErrorAt  time.Time     `json:"last_error_at,omitzero"`
	// ConsecutiveFailures is the most of any of its scopes.
	ConsecutiveFailures int64 `json:"consecutive_failures"`
	// Failing is set when ConsecutiveFailures reached the engine's
	// FailingAfter: an alert of its own.
	Failing bool `json:"failing"`
	// NextRun is the earliest next run of its scopes.
	NextRun time.Time     `json:"next_run,omitzero"`
	Scopes  []ScopeHealth `json:"scopes"`
	// Discovery is the last listing of the scopes of a connector that
	// discovers them (an organization's accounts); nil for a connector
	// with configured scopes. Its consecutive failures count towards
	// the connector's.
	Discovery *Discovery `json:"discovery,omitempty"`

	// What the connector's recent scans read, from the store: the engine
	// leaves these empty, the service fills them (serve.Service.Health).
	// CoveragePercent is the share of the coverage records of each
	// scope's last finished scan that were read in full; Services the
	// cloud API calls, throttles and errors per service of those scans,
	// summed; Recent the latest scans, newest first (the duration trend).
	CoveragePercent *float64              `json:"coverage_percent,omitempty"`
	Services        []model.ServiceHealth `json:"services,omitempty"`
	Recent          []RecentScan          `json:"recent,omitempty"`
}

// RecentScan is one scan of a connector, for its duration trend.
type RecentScan struct {
	ID        string        `json:"id"`
	StartedAt time.Time     `json:"started_at"`
	Duration  time.Duration `json:"duration"`
	Status    string        `json:"status"`
}

// outcome is one attempt's result.
type outcome struct {
	ref      ScopeRef
	end      time.Time
	duration time.Duration
	err      error
	final    bool // the job will not be retried
}

type healthTable struct {
	db     *sql.DB
	sqlite bool
}

func (h *healthTable) query(q string) string {
	if h.sqlite {
		return strings.ReplaceAll(q, "$", "?") // SQLite's numbered parameters are ?N
	}
	return q
}

func (h *healthTable) create(ctx context.Context) error {
	if _, err := h.db.ExecContext(ctx, healthSchema); err != nil {
		return fmt.Errorf("create table vigil_job_health: %w", err)
	}
	return nil
}

func (h *healthTable) record(ctx context.Context, o outcome) error {
	var runs, failures, consecutive, success, errAt int64
	var msg string
	switch {
	case o.err == nil:
		runs, success = 1, o.end.UnixMilli()
	case o.final:
		runs, failures, consecutive = 1, 1, 1
		fallthrough
	default:
		msg, errAt = truncate(o.err.Error()), o.end.UnixMilli()
	}
	_, err := h.db.ExecContext(ctx, h.query(recordSQL), o.ref.Connector, o.ref.Scope,
		runs, failures, consecutive, o.end.UnixMilli(), o.duration.Milliseconds(), success, msg, errAt)
	if err != nil {
		return fmt.Errorf("record health of %s: %w", o.ref, err)
	}
	return nil
}

func (h *healthTable) scopes(ctx context.Context) (map[string][]ScopeHealth, error) {
	rows, err := h.db.QueryContext(ctx, healthSQL)
	if err != nil {
		return nil, fmt.Errorf("read connector health: %w", err)
	}
	defer rows.Close()
	out := map[string][]ScopeHealth{}
	for rows.Next() {
		var c string
		var s ScopeHealth
		var lastRun, dur, success, errAt int64
		if err := rows.Scan(&c, &s.Scope, &s.Runs, &s.Failures, &s.ConsecutiveFailures,
			&lastRun, &dur, &success, &s.LastError, &errAt); err != nil {
			return nil, fmt.Errorf("read connector health: %w", err)
		}
		s.LastRun, s.LastSuccess, s.LastErrorAt = ms(lastRun), ms(success), ms(errAt)
		s.LastDuration = time.Duration(dur) * time.Millisecond
		out[c] = append(out[c], s)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read connector health: %w", err)
	}
	return out, nil
}

// truncate bounds a stored error message to maxErrorLen bytes.
func truncate(msg string) string {
	if len(msg) > maxErrorLen {
		return strings.ToValidUTF8(msg[:maxErrorLen], "") + "…"
	}
	return msg
}

func ms(v int64) time.Time {
	if v == 0 {
		return time.Time{}
	}
	return time.UnixMilli(v).UTC()
}

// summarize folds a connector's scopes (and its discovery, if any) into
// its health.
func summarize(connector string, scopes []ScopeHealth, d *Discovery, failingAfter int) ConnectorHealth {
	sort.Slice(scopes, func(i, j int) bool { return scopes[i].Scope < scopes[j].Scope })
	h := ConnectorHealth{Connector: connector, Scopes: scopes, Discovery: d}
	if d != nil {
		h.LastErrorAt, h.LastError = d.LastErrorAt, d.LastError
		h.ConsecutiveFailures, h.NextRun = d.ConsecutiveFailures, d.NextRun
	}
	for _, s := range scopes {
		if s.LastSuccess.After(h.LastSuccess) {
			h.LastSuccess = s.LastSuccess
		}
		if s.LastRun.After(h.LastRun) {
			h.LastRun, h.LastDuration = s.LastRun, s.LastDuration
		}
		if s.LastErrorAt.After(h.LastErrorAt) {
			h.LastErrorAt, h.LastError = s.LastErrorAt, s.LastError
		}
		if s.Retired {
			continue // not scanned any more: its failures do not make the connector fail
		}
		h.ConsecutiveFailures = max(h.ConsecutiveFailures, s.ConsecutiveFailures)
		if !s.NextRun.IsZero() && (h.NextRun.IsZero() || s.NextRun.Before(h.NextRun)) {
			h.NextRun = s.NextRun
		}
	}
	h.Failing = failingAfter > 0 && h.ConsecutiveFailures >= int64(failingAfter)
	return h
}
