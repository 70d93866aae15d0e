package jobs

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivermigrate"
	_ "modernc.org/sqlite" // the "sqlite" driver

	"github.com/vigil-cspm/vigil/internal/store/postgres"
)

// Options configure an Engine. Scan is required; zero values take the
// defaults named on each field.
type Options struct {
	// Scan scans one scope (see ScanFunc for its contract).
	Scan ScanFunc
	// Connectors are the scheduled sources. Each scope of a connector
	// with a schedule is a River periodic job.
	Connectors []Connector
	// Workers is how many scopes are scanned at once (default 4).
	Workers int
	// MaxAttempts is how many times a failing scope scan runs before it
	// counts as a failed run (default 5).
	MaxAttempts int
	// RetryBase is the delay before the first retry; each further retry
	// waits twice as long, up to RetryMax (defaults 30s and 30m).
	RetryBase, RetryMax time.Duration
	// ScanTimeout cancels one attempt's context after this long
	// (default 1h).
	ScanTimeout time.Duration
	// FailingAfter is how many failed runs in a row mark a connector as
	// failing in its health (default 3).
	FailingAfter int
	// PollInterval is how often idle workers look for due jobs (default
	// 1s). Both drivers poll: SQLite has no notifications and the
	// database/sql PostgreSQL driver does not listen.
	PollInterval time.Duration
	// Logger receives the engine's and River's logs (default: none).
	Logger *slog.Logger
}

func (o *Options) defaults() error {
	if o.Scan == nil {
		return errors.New("jobs: Options.Scan is nil: the engine needs the function that scans a scope")
	}
	def := func(v *int, d int) {
		if *v <= 0 {
			*v = d
		}
	}
	defd := func(v *time.Duration, d time.Duration) {
		if *v <= 0 {
			*v = d
		}
	}
	def(&o.Workers, 4)
	def(&o.MaxAttempts, 5)
	def(&o.FailingAfter, 3)
	defd(&o.RetryBase, 30*time.Second)
	defd(&o.RetryMax, 30*time.Minute)
	defd(&o.ScanTimeout, time.Hour)
	defd(&o.PollInterval, time.Second)
	if o.RetryMax < o.RetryBase {
		o.RetryMax = o.RetryBase
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	return nil
}

// Engine queues, schedules and runs ScanScope jobs on River.
type Engine struct {
	db        *sql.DB
	client    *river.Client[*sql.Tx]
	health    *healthTable
	discovery discoveryTable
	// mu guards connectors and schedules, which Reconfigure replaces.
	mu         sync.Mutex
	connectors []Connector
	schedules  map[ScopeRef]*jittered
	// discoveries are the schedules of connectors that discover their
	// scopes, by connector name (nil: not scheduled).
	discoveries  map[string]*jittered
	failingAfter int
	log          *slog.Logger
}

// OpenSQLite opens the engine on the SQLite file at path (the store's
// file; created if needed) and applies River's migrations.
func OpenSQLite(ctx context.Context, path string, opts Options) (*Engine, error) {
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return nil, fmt.Errorf("create job database directory %s: %w", dir, err)
		}
	}
	dsn := "file:" + path + "?_pragma=journal_mode(WAL)&_pragma=busy_timeout(10000)&_pragma=synchronous(NORMAL)"
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("open job database %s: %w", path, err)
	}
	// River's SQLite driver runs its operations in parallel; SQLite takes
	// one writer at a time, so River gets one connection.
	db.SetMaxOpenConns(1)
	e, err := newEngine(ctx, db, riversqlite.New(db), true, opts)
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("open job database %s: %w", path, err)
	}
	return e, nil
}

// OpenPostgres opens the engine on the PostgreSQL database at dsn (the
// store's) and applies River's migrations.
func OpenPostgres(ctx context.Context, dsn string, opts Options) (*Engine, error) {
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, fmt.Errorf("open job database %s: %w", postgres.Redact(dsn), err)
	}
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("connect to job database %s: %w (check the address, credentials and that the database exists)", postgres.Redact(dsn), err)
	}
	e, err := newEngine(ctx, db, riverdatabasesql.New(db), false, opts)
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("open job database %s: %w", postgres.Redact(dsn), err)
	}
	return e, nil
}

func newEngine(ctx context.Context, db *sql.DB, driver riverdriver.Driver[*sql.Tx], sqlite bool, opts Options) (*Engine, error) {
	if err := opts.defaults(); err != nil {
		return nil, err
	}
	health := &healthTable{db: db, sqlite: sqlite}
	e := &Engine{db: db, health: health, discovery: discoveryTable{health}, connectors: opts.Connectors,
		schedules: map[ScopeRef]*jittered{}, discoveries: map[string]*jittered{}, failingAfter: opts.FailingAfter, log: opts.Logger}
	periodic, err := e.periodicJobs(opts.Connectors)
	if err != nil {
		return nil, err
	}
	m, err := rivermigrate.New(driver, &rivermigrate.Config{Logger: opts.Logger})
	if err != nil {
		return nil, fmt.Errorf("river migrations: %w", err)
	}
	if _, err := m.Migrate(ctx, rivermigrate.DirectionUp, nil); err != nil {
		return nil, fmt.Errorf("apply river migrations: %w", err)
	}
	if err := e.health.create(ctx); err != nil {
		return nil, err
	}
	if err := e.discovery.create(ctx); err != nil {
		return nil, err
	}
	workers := river.NewWorkers()
	river.AddWorker(workers, &scanWorker{scan: opts.Scan, health: e.health, timeout: opts.ScanTimeout, log: opts.Logger})
	river.AddWorker(workers, &discoverWorker{e: e, log: opts.Logger})
	e.client, err = river.NewClient(driver, &river.Config{
		Logger:            opts.Logger,
		MaxAttempts:       opts.MaxAttempts,
		RetryPolicy:       backoff{base: opts.RetryBase, cap: opts.RetryMax},
		Queues:            map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: opts.Workers}},
		Workers:           workers,
		PeriodicJobs:      periodic,
		PollOnly:          true,
		FetchPollInterval: opts.PollInterval,
		FetchCooldown:     min(opts.PollInterval, river.FetchCooldownDefault),
	})
	if err != nil {
		return nil, fmt.Errorf("river client: %w", err)
	}
	return e, nil
}

// periodicJobs turns every scope of a scheduled connector into a River
// periodic job with its own jittered schedule, and a connector that
// discovers its scopes into one periodic DiscoverScopes job that queues
// a scan of each scope it finds.
func (e *Engine) periodicJobs(connectors []Connector) ([]*river.PeriodicJob, error) {
	var out []*river.PeriodicJob
	seen := map[string]bool{}
	for _, c := range connectors {
		if seen[c.Name] {
			return nil, fmt.Errorf("connector %s is listed twice", c.Name)
		}
		seen[c.Name] = true
		var base interface{ Next(time.Time) time.Time }
		if !c.Schedule.IsZero() {
			var err error
			if base, err = c.Schedule.base(); err != nil {
				return nil, fmt.Errorf("connector %s: %w", c.Name, err)
			}
		}
		if c.Discover != nil {
			if len(c.Scopes) > 0 {
				return nil, fmt.Errorf("connector %s both lists and discovers its scopes: keep one", c.Name)
			}
			e.discoveries[c.Name] = nil
			if base == nil {
				continue
			}
			sched := &jittered{base: base, jitter: c.Schedule.Jitter}
			e.discoveries[c.Name] = sched
			name := c.Name
			out = append(out, river.NewPeriodicJob(sched,
				func() (river.JobArgs, *river.InsertOpts) {
					return DiscoverScopesArgs{Connector: name, Scan: true, Trigger: "schedule"}, nil
				},
				&river.PeriodicJobOpts{ID: KindDiscoverScopes + "/" + c.Name, RunOnStart: c.Schedule.RunOnStart}))
			continue
		}
		for _, s := range c.Scopes {
			ref, err := ParseScope(c.Name, s)
			if err != nil {
				return nil, err
			}
			if _, dup := e.schedules[ref]; dup {
				return nil, fmt.Errorf("connector %s lists scope %s twice", c.Name, s)
			}
			e.schedules[ref] = nil
			if base == nil {
				continue
			}
			sched := &jittered{base: base, jitter: c.Schedule.Jitter}
			e.schedules[ref] = sched
			out = append(out, river.NewPeriodicJob(sched,
				func() (river.JobArgs, *river.InsertOpts) {
					return ScanScopeArgs{ScopeRef: ref, Trigger: "schedule"}, nil
				},
				&river.PeriodicJobOpts{ID: "scan_scope/" + c.Name + "/" + s, RunOnStart: c.Schedule.RunOnStart}))
		}
	}
	return out, nil
}

// Reconfigure replaces the connectors and their schedules (a reloaded
// configuration). Running and queued scans are not touched: a scan of a
// connector that is gone fails when it runs and is not retried by
// schedule. Invalid connectors change nothing.
func (e *Engine) Reconfigure(connectors []Connector) error {
	next := &Engine{schedules: map[ScopeRef]*jittered{}, discoveries: map[string]*jittered{}}
	periodic, err := next.periodicJobs(connectors)
	if err != nil {
		return err
	}
	e.mu.Lock()
	e.connectors, e.schedules, e.discoveries = connectors, next.schedules, next.discoveries
	e.mu.Unlock()
	b := e.client.PeriodicJobs()
	b.Clear()
	if _, err := b.AddManySafely(periodic); err != nil {
		return fmt.Errorf("schedule the reloaded connectors: %w", err)
	}
	return e.refreshDiscoveries(context.Background(), connectors, "reload")
}

// refreshDiscoveries queues a DiscoverScopes job without scans for each
// connector that discovers its scopes, except those whose schedule runs
// on start (that run discovers and scans).
func (e *Engine) refreshDiscoveries(ctx context.Context, connectors []Connector, trigger string) error {
	var errs []error
	for _, c := range connectors {
		if c.Discover == nil || (c.Schedule.RunOnStart && !c.Schedule.IsZero() && trigger == "start") {
			continue
		}
		if _, err := e.client.Insert(ctx, DiscoverScopesArgs{Connector: c.Name, Trigger: trigger}, nil); err != nil {
			errs = append(errs, fmt.Errorf("queue the discovery of connector %s: %w", c.Name, err))
		}
	}
	return errors.Join(errs...)
}

// connector returns the configured connector called name.
func (e *Engine) connector(name string) (Connector, bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	for _, c := range e.connectors {
		if c.Name == name {
			return c, true
		}
	}
	return Connector{}, false
}

// Start starts the workers and, in the process River elects leader, the
// schedules. Cancelling ctx stops the engine hard (running scans are
// cancelled); use Stop for a clean shutdown.
func (e *Engine) Start(ctx context.Context) error {
	if err := e.client.Start(ctx); err != nil {
		return fmt.Errorf("start job engine: %w", err)
	}
	e.mu.Lock()
	connectors := e.connectors
	e.mu.Unlock()
	return e.refreshDiscoveries(ctx, connectors, "start")
}

// Enqueued says what Enqueue did.
type Enqueued struct {
	JobID int64 `json:"job_id"`
	// Duplicate is set when the scope was already queued or running:
	// nothing was added and JobID is that job's.
	Duplicate bool `json:"duplicate"`
	// Scope is the scope queued; empty for a discovery, which queues
	// the scans of the scopes it finds when it runs.
	Scope string `json:"scope,omitempty"`
}

// Enqueue asks for a scan of ref now (a manual trigger). A scope already
// queued or running is not queued again. For a connector that discovers
// its scopes, ref must be one of those last discovered.
func (e *Engine) Enqueue(ctx context.Context, ref ScopeRef) (Enqueued, error) {
	if _, err := ParseScope(ref.Connector, ref.Scope); err != nil {
		return Enqueued{}, err
	}
	if c, ok := e.connector(ref.Connector); ok && c.Discover != nil {
		d, err := e.discovery.one(ctx, ref.Connector)
		if err != nil {
			return Enqueued{}, err
		}
		if !slices.Contains(d.scopes, ref.Scope) {
			known := "none yet: the discovery has not run or has failed"
			if len(d.scopes) > 0 {
				known = strings.Join(d.scopes, ", ")
			}
			return Enqueued{}, fmt.Errorf("scope %s is not one of connector %s's discovered scopes (%s); trigger the whole connector to discover them again: %w", ref.Scope, ref.Connector, known, ErrUnknownScope)
		}
	}
	res, err := e.client.Insert(ctx, ScanScopeArgs{ScopeRef: ref, Trigger: "manual"}, nil)
	if err != nil {
		return Enqueued{}, fmt.Errorf("enqueue scan of %s: %w", ref, err)
	}
	return Enqueued{JobID: res.Job.ID, Duplicate: res.UniqueSkippedAsDuplicate, Scope: ref.Scope}, nil
}

// ErrUnknownScope is returned by Enqueue for a scope its connector did
// not discover.
var ErrUnknownScope = errors.New("unknown scope")

// ErrNoConnector is returned by EnqueueConnector for a connector that is
// not configured.
var ErrNoConnector = errors.New("no such connector")

// EnqueueConnector asks for a scan of every scope of the connector now:
// one ScanScope job per configured scope, or, for a connector that
// discovers its scopes, a DiscoverScopes job that lists them and queues
// a scan of each (its Enqueued has no Scope). Scopes already queued or
// running are not queued again.
func (e *Engine) EnqueueConnector(ctx context.Context, name string) ([]Enqueued, error) {
	c, ok := e.connector(name)
	if !ok {
		return nil, fmt.Errorf("connector %q: %w", name, ErrNoConnector)
	}
	if c.Discover != nil {
		res, err := e.client.Insert(ctx, DiscoverScopesArgs{Connector: name, Scan: true, Trigger: "manual"}, nil)
		if err != nil {
			return nil, fmt.Errorf("queue the discovery of connector %s: %w", name, err)
		}
		return []Enqueued{{JobID: res.Job.ID, Duplicate: res.UniqueSkippedAsDuplicate}}, nil
	}
	var out []Enqueued
	for _, s := range c.Scopes {
		q, err := e.Enqueue(ctx, ScopeRef{Connector: name, Scope: s})
		if err != nil {
			return out, err
		}
		out = append(out, q)
	}
	return out, nil
}

// Health returns every connector's health, configured ones first in
// their order, then any others that ran (sorted by name).
func (e *Engine) Health(ctx context.Context) ([]ConnectorHealth, error) {
	rows, err := e.health.scopes(ctx)
	if err != nil {
		return nil, err
	}
	found, err := e.discovery.all(ctx)
	if err != nil {
		return nil, err
	}
	var out []ConnectorHealth
	e.mu.Lock()
	connectors, schedules, discoveries := e.connectors, e.schedules, e.discoveries
	e.mu.Unlock()
	for _, c := range connectors {
		have := map[string]int{}
		scopes := rows[c.Name]
		for i, s := range scopes {
			have[s.Scope] = i
		}
		current, d := c.Scopes, (*Discovery)(nil)
		if c.Discover != nil {
			dd := found[c.Name]
			if j := discoveries[c.Name]; j != nil {
				dd.NextRun = j.nextRun()
			}
			current, d = dd.scopes, &dd
		}
		for i := range scopes {
			scopes[i].Retired = !slices.Contains(current, scopes[i].Scope)
		}
		for _, s := range current {
			var next time.Time
			if j := schedules[ScopeRef{Connector: c.Name, Scope: s}]; j != nil {
				next = j.nextRun()
			} else if d != nil {
				next = d.NextRun
			}
			if i, ok := have[s]; ok {
				scopes[i].NextRun = next
			} else {
				scopes = append(scopes, ScopeHealth{Scope: s, NextRun: next})
			}
		}
		out = append(out, summarize(c.Name, scopes, d, e.failingAfter))
		delete(rows, c.Name)
	}
	var rest []string
	for name := range rows {
		rest = append(rest, name)
	}
	sort.Strings(rest)
	for _, name := range rest {
		out = append(out, summarize(name, rows[name], nil, e.failingAfter))
	}
	return out, nil
}

// ErrScansCancelled is returned by Stop when scans still ran after the
// grace period and were cancelled.
var ErrScansCancelled = errors.New("scans still running at the end of the grace period were cancelled")

// Stop stops fetching jobs and schedules, waits up to grace for running
// scans to finish, then cancels those still running and waits for them
// to return (bounded by ctx). A cancelled scan is retried by the next
// engine. Stop does not close the database; Close does.
func (e *Engine) Stop(ctx context.Context, grace time.Duration) error {
	sctx, cancel := context.WithTimeout(ctx, grace)
	err := e.client.Stop(sctx)
	cancel()
	if err == nil || ctx.Err() != nil {
		return err
	}
	e.log.Warn("scans still running after the grace period; cancelling them", "grace", grace)
	if err := e.client.StopAndCancel(ctx); err != nil {
		return fmt.Errorf("stop job engine: %w", err)
	}
	return ErrScansCancelled
}

// Close closes the engine's database connections. Call it after Stop.
func (e *Engine) Close() error { return e.db.Close() }

// Open opens the engine on the store's database: a PostgreSQL database
// for postgres:// and postgresql:// DSNs, else a SQLite file path
// (sqlite:// and file: prefixes are dropped), as the store reads them.
func Open(ctx context.Context, dsn string, opts Options) (*Engine, error) {
	switch {
	case strings.HasPrefix(dsn, "postgres://"), strings.HasPrefix(dsn, "postgresql://"):
		return OpenPostgres(ctx, dsn, opts)
	case dsn == "":
		return nil, errors.New("jobs: no database: pass the store's SQLite path or PostgreSQL DSN")
	}
	dsn = strings.TrimPrefix(strings.TrimPrefix(dsn, "sqlite://"), "file:")
	return OpenSQLite(ctx, dsn, opts)
}
