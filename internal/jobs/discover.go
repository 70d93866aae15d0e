package jobs

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"time"

	"github.com/riverqueue/river"
)

// DiscoverFunc lists a connector's scopes as they are now (an
// organization's active member accounts). It is called by a
// DiscoverScopes job, never while holding the engine.
type DiscoverFunc func(ctx context.Context) ([]string, error)

// DiscoverScopesArgs are the arguments of a DiscoverScopes job: list the
// connector's scopes, remember them, and with Scan queue a ScanScope job
// for each. Jobs are unique by connector and Scan while queued or running.
type DiscoverScopesArgs struct {
	Connector string `json:"connector" river:"unique"`
	// Scan queues a scan of every discovered scope (a schedule tick or a
	// manual trigger of the whole connector); without it the job only
	// refreshes the list (service start, reload).
	Scan bool `json:"scan" river:"unique"`
	// Trigger is "schedule", "manual", "start" or "reload"; the scans it
	// queues carry it.
	Trigger string `json:"trigger"`
}

// KindDiscoverScopes is the River job kind of a scope discovery.
const KindDiscoverScopes = "discover_scopes"

// Kind implements river.JobArgs.
func (DiscoverScopesArgs) Kind() string { return KindDiscoverScopes }

// InsertOpts implements river.JobArgsWithInsertOpts.
func (DiscoverScopesArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{UniqueOpts: river.UniqueOpts{ByArgs: true, ByState: uniqueStates}}
}

// discoverWorker runs DiscoverScopes jobs against the engine's current
// connectors.
type discoverWorker struct {
	river.WorkerDefaults[DiscoverScopesArgs]
	e   *Engine
	log *slog.Logger
}

func (w *discoverWorker) Timeout(*river.Job[DiscoverScopesArgs]) time.Duration {
	return 5 * time.Minute
}

func (w *discoverWorker) Work(ctx context.Context, job *river.Job[DiscoverScopesArgs]) error {
	name := job.Args.Connector
	c, ok := w.e.connector(name)
	if !ok || c.Discover == nil {
		// Nothing to retry: the connector went away in a reload.
		return river.JobCancel(fmt.Errorf("connector %s is not configured or discovers no scopes (any more)", name))
	}
	scopes, err := discover(ctx, c)
	final := err != nil && job.Attempt >= job.MaxAttempts
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	if rerr := w.e.discovery.record(rctx, name, scopes, err, final, time.Now()); rerr != nil {
		w.log.Error("record discovered scopes", "connector", name, "err", rerr)
	}
	if err != nil {
		w.log.Warn("scope discovery failed", "connector", name, "attempt", job.Attempt, "final", final, "err", err)
		return err
	}
	w.log.Info("scopes discovered", "connector", name, "scopes", len(scopes), "trigger", job.Args.Trigger)
	if !job.Args.Scan {
		return nil
	}
	var errs []error
	for _, s := range scopes {
		ref := ScopeRef{Connector: name, Scope: s}
		if _, err := w.e.client.Insert(ctx, ScanScopeArgs{ScopeRef: ref, Trigger: job.Args.Trigger}, nil); err != nil {
			errs = append(errs, fmt.Errorf("enqueue scan of %s: %w", ref, err))
		}
	}
	return errors.Join(errs...)
}

// discover calls the connector's DiscoverFunc and checks what it
// returns: valid scope strings, sorted, each once.
func discover(ctx context.Context, c Connector) (out []string, err error) {
	defer func() {
		if r := recover(); r != nil {
			out, err = nil, fmt.Errorf("discover the scopes of connector %s: panicked: %v", c.Name, r)
		}
	}()
	got, err := c.Discover(ctx)
	if err != nil {
		return nil, fmt.Errorf("discover the scopes of connector %s: %w", c.Name, err)
	}
	for _, s := range got {
		if _, err := ParseScope(c.Name, s); err != nil {
			return nil, fmt.Errorf("discover the scopes of connector %s: %w", c.Name, err)
		}
	}
	out = slices.Clone(got)
	slices.Sort(out)
	return slices.Compact(out), nil
}

// discoverySchema holds the last discovery of each discovering
// connector, so that every process sharing the database lists the same
// scopes. Scopes are newline-separated; times Unix milliseconds.
const discoverySchema = `CREATE TABLE IF NOT EXISTS vigil_job_discovery (
	connector TEXT NOT NULL PRIMARY KEY,
	scopes TEXT NOT NULL DEFAULT '',
	discovered_ms BIGINT NOT NULL DEFAULT 0,
	consecutive_failures BIGINT NOT NULL DEFAULT 0,
	last_error TEXT NOT NULL DEFAULT '',
	last_error_ms BIGINT NOT NULL DEFAULT 0
)`

// discoveredSQL records a success (the scopes) or a failure (the error;
// the scopes found before are kept).
const discoveredSQL = `INSERT INTO vigil_job_discovery (connector, scopes, discovered_ms, consecutive_failures, last_error, last_error_ms)
	VALUES ($1, $2, $3, $4, $5, $6)
ON CONFLICT (connector) DO UPDATE SET
	scopes = CASE WHEN excluded.discovered_ms > 0 THEN excluded.scopes ELSE vigil_job_discovery.scopes END,
	discovered_ms = CASE WHEN excluded.discovered_ms > 0 THEN excluded.discovered_ms ELSE vigil_job_discovery.discovered_ms END,
	consecutive_failures = CASE WHEN excluded.discovered_ms > 0 THEN 0
		ELSE vigil_job_discovery.consecutive_failures + excluded.consecutive_failures END,
	last_error = CASE WHEN excluded.last_error_ms > 0 THEN excluded.last_error ELSE vigil_job_discovery.last_error END,
	last_error_ms = CASE WHEN excluded.last_error_ms > 0 THEN excluded.last_error_ms ELSE vigil_job_discovery.last_error_ms END`

// Discovery is the last discovery of a connector's scopes.
type Discovery struct {
	// At is when the scopes were last listed; zero if never.
	At time.Time `json:"at,omitzero"`
	// LastError is the last failed attempt's message, kept after a
	// later success (LastErrorAt says when); ConsecutiveFailures counts
	// failed discoveries since the last success.
	LastError           string    `json:"last_error,omitempty"`
	LastErrorAt         time.Time `json:"last_error_at,omitzero"`
	ConsecutiveFailures int64     `json:"consecutive_failures"`
	// NextRun is the next scheduled discovery (and scan of every scope)
	// this process will enqueue; zero when it schedules none.
	NextRun time.Time `json:"next_run,omitzero"`

	scopes []string
}

type discoveryTable struct{ *healthTable }

func (d discoveryTable) create(ctx context.Context) error {
	if _, err := d.db.ExecContext(ctx, discoverySchema); err != nil {
		return fmt.Errorf("create table vigil_job_discovery: %w", err)
	}
	return nil
}

func (d discoveryTable) record(ctx context.Context, connector string, scopes []string, err error, final bool, at time.Time) error {
	var ok, errAt, consecutive int64
	var msg string
	if err == nil {
		ok = at.UnixMilli()
	} else {
		msg, errAt = truncate(err.Error()), at.UnixMilli()
		if final {
			consecutive = 1
		}
	}
	if _, xerr := d.db.ExecContext(ctx, d.query(discoveredSQL), connector, strings.Join(scopes, "\n"), ok, consecutive, msg, errAt); xerr != nil {
		return fmt.Errorf("record the discovered scopes of connector %s: %w", connector, xerr)
	}
	return nil
}

// all returns every connector's last discovery.
func (d discoveryTable) all(ctx context.Context) (map[string]Discovery, error) {
	rows, err := d.db.QueryContext(ctx, `SELECT connector, scopes, discovered_ms, consecutive_failures, last_error, last_error_ms FROM vigil_job_discovery`)
	if err != nil {
		return nil, fmt.Errorf("read discovered scopes: %w", err)
	}
	defer rows.Close()
	out := map[string]Discovery{}
	for rows.Next() {
		var c, scopes string
		var at, errAt int64
		var d Discovery
		if err := rows.Scan(&c, &scopes, &at, &d.ConsecutiveFailures, &d.LastError, &errAt); err != nil {
			return nil, fmt.Errorf("read discovered scopes: %w", err)
		}
		d.At, d.LastErrorAt = ms(at), ms(errAt)
		if scopes != "" {
			d.scopes = strings.Split(scopes, "\n")
		}
		out[c] = d
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read discovered scopes: %w", err)
	}
	return out, nil
}

// one returns a connector's last discovery (zero if none).
func (d discoveryTable) one(ctx context.Context, connector string) (Discovery, error) {
	var scopes string
	var at, errAt int64
	var out Discovery
	err := d.db.QueryRowContext(ctx, d.query(`SELECT scopes, discovered_ms, consecutive_failures, last_error, last_error_ms FROM vigil_job_discovery WHERE connector = $1`), connector).
		Scan(&scopes, &at, &out.ConsecutiveFailures, &out.LastError, &errAt)
	if errors.Is(err, sql.ErrNoRows) {
		return Discovery{}, nil
	}
	if err != nil {
		return Discovery{}, fmt.Errorf("read the discovered scopes of connector %s: %w", connector, err)
	}
	out.At, out.LastErrorAt = ms(at), ms(errAt)
	if scopes != "" {
		out.scopes = strings.Split(scopes, "\n")
	}
	return out, nil
}
