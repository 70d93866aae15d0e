// Package jobs runs scans as River jobs (github.com/riverqueue/river) on
// the store's own database: River's SQLite driver for the embedded file,
// its database/sql driver for PostgreSQL. River's schema is applied by
// River's migrator, apart from the store's migrations, in the same file
// or DSN.
//
// An Engine is the one interface the server and worker processes use:
// Enqueue a scope now, schedule every scope of a connector on an interval
// or a cron expression with jitter, read Health, Stop cleanly.
//
// Invariants:
//   - One ScanScope job scans exactly one scope (ScopeRef) by calling the
//     ScanFunc the engine was given.
//   - A scope is never queued or running twice at once: ScanScope jobs are
//     unique by their scope across the available, pending, running,
//     retryable and scheduled states. A second enqueue is a no-op that says
//     so (Enqueued.Duplicate).
//   - A failing ScanFunc is retried with exponential backoff up to
//     Options.MaxAttempts; only the last failed attempt counts as a failed
//     run in the connector's health.
//   - A ScanFunc that returns an error must leave the store's inventory
//     and findings of its scope as they were (the last good ones): the
//     engine records the failure in health and never touches the store.
//   - A connector that discovers its scopes (Connector.Discover) is
//     scheduled as one DiscoverScopes job that lists them and queues a
//     ScanScope job per scope; a scope it stops listing is no longer
//     scheduled and the engine never touches its store.
//   - Health (last success, last error, consecutive failures, last
//     duration) lives in the table vigil_job_health of the same database,
//     so every process sharing the database sees it; the next run time is
//     the scheduling process's own.
package jobs
