package jobs

import (
	"context"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
)

// ScanFunc scans one scope. It must leave the store's inventory and
// findings of ref as they were when it returns an error: a failed scan
// keeps the last good results (the store's scan status and coverage say
// so), it never wipes or resolves them. It should return promptly when
// ctx is cancelled (shutdown, job timeout).
type ScanFunc func(ctx context.Context, ref ScopeRef) error

// ScanScopeArgs are the arguments of a ScanScope job. Uniqueness is by
// the scope alone (the fields tagged river:"unique"); Trigger says who
// asked and does not count.
type ScanScopeArgs struct {
	ScopeRef
	// Trigger is "manual" or "schedule".
	Trigger string `json:"trigger"`
}

// KindScanScope is the River job kind of a scope scan.
const KindScanScope = "scan_scope"

// Kind implements river.JobArgs.
func (ScanScopeArgs) Kind() string { return KindScanScope }

// uniqueStates are the states in which a scope counts as queued or
// running: every one before a final state.
var uniqueStates = []rivertype.JobState{
	rivertype.JobStateAvailable,
	rivertype.JobStatePending,
	rivertype.JobStateRunning,
	rivertype.JobStateRetryable,
	rivertype.JobStateScheduled,
}

// InsertOpts implements river.JobArgsWithInsertOpts.
func (ScanScopeArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{UniqueOpts: river.UniqueOpts{ByArgs: true, ByState: uniqueStates}}
}

// scanWorker runs ScanScope jobs and records each attempt's outcome.
type scanWorker struct {
	river.WorkerDefaults[ScanScopeArgs]
	scan    ScanFunc
	health  *healthTable
	timeout time.Duration
	log     *slog.Logger
}

func (w *scanWorker) Timeout(*river.Job[ScanScopeArgs]) time.Duration { return w.timeout }

func (w *scanWorker) Work(ctx context.Context, job *river.Job[ScanScopeArgs]) error {
	ref := job.Args.ScopeRef
	start := time.Now()
	err := w.call(ctx, ref)
	o := outcome{ref: ref, end: time.Now(), duration: time.Since(start), err: err,
		final: err != nil && job.Attempt >= job.MaxAttempts}
	// The outcome is recorded even when the job's context is done; a
	// failure to record is logged, not retried: the scan itself ran.
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	if rerr := w.health.record(rctx, o); rerr != nil {
		w.log.Error("record scope health", "connector", ref.Connector, "scope", ref.Scope, "err", rerr)
	}
	if err != nil {
		w.log.Warn("scope scan failed", "connector", ref.Connector, "scope", ref.Scope,
			"attempt", job.Attempt, "max_attempts", job.MaxAttempts, "final", o.final, "err", err)
		return err
	}
	w.log.Info("scope scanned", "connector", ref.Connector, "scope", ref.Scope,
		"trigger", job.Args.Trigger, "duration", o.duration)
	return nil
}

// call runs the scan, turning a panic into an error so that it is
// recorded and retried like any failure.
func (w *scanWorker) call(ctx context.Context, ref ScopeRef) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("scan of %s panicked: %v", ref, r)
		}
	}()
	return w.scan(ctx, ref)
}

// backoff is the retry policy: base·2^(n-1) after the n-th failure,
// capped, with up to 10% random extra so retries of many scopes spread.
type backoff struct {
	base, cap time.Duration
}

func (b backoff) NextRetry(job *rivertype.JobRow) time.Time {
	return time.Now().UTC().Add(b.delay(len(job.Errors) + 1))
}

func (b backoff) delay(failures int) time.Duration {
	d := b.base
	for i := 1; i < failures && d < b.cap; i++ {
		d *= 2
	}
	d = min(d, b.cap)
	return d + time.Duration(float64(d)*0.1*rand.Float64())
}
