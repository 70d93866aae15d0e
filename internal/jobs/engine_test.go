package jobs

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

var shop = ScopeRef{Connector: "prod", Scope: "k8s:prod/ns/shop"}

func TestScanRunsAndRecordsHealth(t *testing.T) {
	each(t, func(t *testing.T, open func(testing.TB, Options) *Engine) {
		var got atomic.Value
		e := open(t, fast(func(ctx context.Context, ref ScopeRef) error {
			got.Store(ref)
			time.Sleep(5 * time.Millisecond)
			return nil
		}))
		start(t, e)
		before := time.Now()
		res, err := e.Enqueue(context.Background(), shop)
		if err != nil || res.Duplicate || res.JobID == 0 {
			t.Fatalf("enqueue: %+v, %v", res, err)
		}
		h := waitHealth(t, e, "prod", func(h ConnectorHealth) bool { return !h.LastSuccess.IsZero() })
		if got.Load() != shop {
			t.Errorf("scan got %v, want %v", got.Load(), shop)
		}
		if h.LastSuccess.Before(before.Truncate(time.Millisecond)) || h.LastDuration < 5*time.Millisecond {
			t.Errorf("health %+v: last success before the enqueue or duration shorter than the scan", h)
		}
		if len(h.Scopes) != 1 || h.Scopes[0].Scope != shop.Scope || h.Scopes[0].Runs != 1 || h.ConsecutiveFailures != 0 || h.Failing || h.LastError != "" {
			t.Errorf("health %+v", h)
		}
	})
}

func TestScopeIsNeverQueuedOrRunningTwice(t *testing.T) {
	each(t, func(t *testing.T, open func(testing.TB, Options) *Engine) {
		var calls, shopCalls atomic.Int32
		running := make(chan struct{}, 1)
		release := make(chan struct{})
		e := open(t, fast(func(ctx context.Context, ref ScopeRef) error {
			calls.Add(1)
			// The first scan of shop holds its scope (the other scope's
			// job may well run first).
			if ref == shop && shopCalls.Add(1) == 1 {
				running <- struct{}{}
				<-release
			}
			return nil
		}))
		ctx := context.Background()
		// Pending: the engine is not started yet.
		first, err := e.Enqueue(ctx, shop)
		if err != nil {
			t.Fatal(err)
		}
		second, err := e.Enqueue(ctx, shop)
		if err != nil {
			t.Fatal(err)
		}
		if first.Duplicate || !second.Duplicate || second.JobID != first.JobID {
			t.Fatalf("enqueue twice while queued: %+v then %+v, want the second a duplicate of the first", first, second)
		}
		// Another scope of the same connector is its own job.
		other, err := e.Enqueue(ctx, ScopeRef{Connector: "prod", Scope: "k8s:prod/ns/pay"})
		if err != nil || other.Duplicate {
			t.Fatalf("another scope: %+v, %v", other, err)
		}
		start(t, e)
		<-running
		// Running: the first job holds the scope.
		for range 2 {
			again, err := e.Enqueue(ctx, shop)
			if err != nil {
				t.Fatal(err)
			}
			if !again.Duplicate || again.JobID != first.JobID {
				t.Fatalf("enqueue while running: %+v, want a duplicate of job %d", again, first.JobID)
			}
		}
		close(release)
		h := waitHealth(t, e, "prod", func(h ConnectorHealth) bool { return runs(h, shop.Scope) == 1 })
		if n := calls.Load(); n != 2 {
			t.Fatalf("scan called %d times for two scopes, want 2 (health %+v)", n, h)
		}
		// Finished: the scope may be queued again.
		waitFinalized(t, e, first.JobID)
		next, err := e.Enqueue(ctx, shop)
		if err != nil || next.Duplicate || next.JobID == first.JobID {
			t.Fatalf("enqueue after the run finished: %+v, %v; want a new job", next, err)
		}
		waitHealth(t, e, "prod", func(h ConnectorHealth) bool { return runs(h, shop.Scope) == 2 })
	})
}

func runs(h ConnectorHealth, scope string) int64 {
	for _, s := range h.Scopes {
		if s.Scope == scope {
			return s.Runs
		}
	}
	return 0
}

func TestFailingScanRetriesWithBackoffThenCountsAsFailed(t *testing.T) {
	each(t, func(t *testing.T, open func(testing.TB, Options) *Engine) {
		var mu sync.Mutex
		var attempts []time.Time
		opts := fast(func(ctx context.Context, ref ScopeRef) error {
			mu.Lock()
			attempts = append(attempts, time.Now())
			n := len(attempts)
			mu.Unlock()
			if n == 2 {
				panic("collector bug")
			}
			return errors.New("assume role: access denied")
		})
		opts.MaxAttempts, opts.FailingAfter = 3, 2
		e := open(t, opts)
		start(t, e)
		ctx := context.Background()
		job, err := e.Enqueue(ctx, shop)
		if err != nil {
			t.Fatal(err)
		}
		h := waitHealth(t, e, "prod", func(h ConnectorHealth) bool { return h.ConsecutiveFailures == 1 })
		mu.Lock()
		if len(attempts) != 3 {
			t.Fatalf("%d attempts, want 3 (MaxAttempts)", len(attempts))
		}
		// Backoff: RetryBase before the first retry, twice that before the second.
		if d := attempts[1].Sub(attempts[0]); d < opts.RetryBase {
			t.Errorf("first retry after %s, want at least %s", d, opts.RetryBase)
		}
		if d := attempts[2].Sub(attempts[1]); d < 2*opts.RetryBase {
			t.Errorf("second retry after %s, want at least %s", d, 2*opts.RetryBase)
		}
		mu.Unlock()
		s := h.Scopes[0]
		if s.Runs != 1 || s.Failures != 1 || h.LastError != "assume role: access denied" || !h.LastSuccess.IsZero() || h.Failing {
			t.Errorf("after one failed run: %+v", h)
		}
		// A second failed run in a row reaches FailingAfter.
		waitFinalized(t, e, job.JobID)
		if j, _ := e.client.JobGet(ctx, job.JobID); j.State != "discarded" {
			t.Errorf("job after its last attempt is %s, want discarded", j.State)
		}
		if again, err := e.Enqueue(ctx, shop); err != nil || again.Duplicate {
			t.Fatalf("enqueue after the failed run: %+v, %v", again, err)
		}
		h = waitHealth(t, e, "prod", func(h ConnectorHealth) bool { return h.ConsecutiveFailures == 2 })
		if !h.Failing {
			t.Errorf("two failed runs in a row with FailingAfter 2: not failing: %+v", h)
		}
	})
}

func TestSuccessResetsConsecutiveFailures(t *testing.T) {
	each(t, func(t *testing.T, open func(testing.TB, Options) *Engine) {
		var fail atomic.Bool
		fail.Store(true)
		opts := fast(func(ctx context.Context, ref ScopeRef) error {
			if fail.Load() {
				return errors.New("throttled")
			}
			return nil
		})
		opts.MaxAttempts, opts.FailingAfter = 1, 1
		e := open(t, opts)
		start(t, e)
		ctx := context.Background()
		job, err := e.Enqueue(ctx, shop)
		if err != nil {
			t.Fatal(err)
		}
		waitHealth(t, e, "prod", func(h ConnectorHealth) bool { return h.Failing })
		waitFinalized(t, e, job.JobID)
		fail.Store(false)
		if again, err := e.Enqueue(ctx, shop); err != nil || again.Duplicate {
			t.Fatalf("enqueue after the failed run: %+v, %v", again, err)
		}
		h := waitHealth(t, e, "prod", func(h ConnectorHealth) bool { return !h.LastSuccess.IsZero() })
		if h.Failing || h.ConsecutiveFailures != 0 || h.LastError != "throttled" || h.Scopes[0].Runs != 2 || h.Scopes[0].Failures != 1 {
			t.Errorf("after a failure then a success: %+v", h)
		}
	})
}

func TestPeriodicScheduleFires(t *testing.T) {
	each(t, func(t *testing.T, open func(testing.TB, Options) *Engine) {
		var calls atomic.Int32
		opts := fast(func(ctx context.Context, ref ScopeRef) error {
			calls.Add(1)
			return nil
		})
		opts.Connectors = []Connector{
			{Name: "prod", Scopes: []string{"k8s:prod/ns/shop"}, Schedule: Schedule{Every: time.Second, Jitter: 100 * time.Millisecond}},
			{Name: "manual", Scopes: []string{"aws:111111111111/eu-west-1"}},
		}
		e := open(t, opts)
		start(t, e)
		h := waitHealth(t, e, "prod", func(h ConnectorHealth) bool { return runs(h, "k8s:prod/ns/shop") >= 2 })
		if h.NextRun.IsZero() {
			t.Errorf("scheduled connector has no next run: %+v", h)
		}
		hs, err := e.Health(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if len(hs) != 2 || hs[1].Connector != "manual" || !hs[1].NextRun.IsZero() || len(hs[1].Scopes) != 1 || hs[1].Scopes[0].Runs != 0 {
			t.Errorf("the unscheduled connector should be listed, never run, with no next run: %+v", hs)
		}
	})
}

func TestStopWaitsForRunningScan(t *testing.T) {
	each(t, func(t *testing.T, open func(testing.TB, Options) *Engine) {
		running := make(chan struct{})
		release := make(chan struct{})
		e := open(t, fast(func(ctx context.Context, ref ScopeRef) error {
			close(running)
			<-release
			return ctx.Err()
		}))
		if err := e.Start(context.Background()); err != nil {
			t.Fatal(err)
		}
		if _, err := e.Enqueue(context.Background(), shop); err != nil {
			t.Fatal(err)
		}
		<-running
		stopped := make(chan error, 1)
		go func() { stopped <- e.Stop(context.Background(), time.Minute) }()
		select {
		case err := <-stopped:
			t.Fatalf("Stop returned (%v) while a scan was running", err)
		case <-time.After(200 * time.Millisecond):
		}
		close(release)
		if err := <-stopped; err != nil {
			t.Fatalf("stop: %v", err)
		}
		hs, err := e.Health(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if len(hs) != 1 || hs[0].LastSuccess.IsZero() {
			t.Fatalf("the scan that ran through the stop was not recorded as a success: %+v", hs)
		}
	})
}

func TestStopCancelsScansAfterGrace(t *testing.T) {
	each(t, func(t *testing.T, open func(testing.TB, Options) *Engine) {
		running := make(chan struct{})
		e := open(t, fast(func(ctx context.Context, ref ScopeRef) error {
			close(running)
			<-ctx.Done()
			return ctx.Err()
		}))
		if err := e.Start(context.Background()); err != nil {
			t.Fatal(err)
		}
		if _, err := e.Enqueue(context.Background(), shop); err != nil {
			t.Fatal(err)
		}
		<-running
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if err := e.Stop(ctx, 100*time.Millisecond); !errors.Is(err, ErrScansCancelled) {
			t.Fatalf("stop: %v, want ErrScansCancelled", err)
		}
		hs, err := e.Health(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if len(hs) != 1 || hs[0].LastError == "" || hs[0].Scopes[0].Runs != 0 {
			t.Fatalf("the cancelled attempt should be recorded as an error, not a finished run: %+v", hs)
		}
	})
}

func TestEnqueueRejectsBadScope(t *testing.T) {
	e := backends["sqlite"](t, fast(func(context.Context, ScopeRef) error { return nil }))
	if _, err := e.Enqueue(context.Background(), ScopeRef{Connector: "prod", Scope: "no kind"}); err == nil {
		t.Fatal("enqueue of a malformed scope succeeded")
	}
}

func TestOpenRejectsBadConnectors(t *testing.T) {
	for name, cs := range map[string][]Connector{
		"both":       {{Name: "a", Scopes: []string{"aws:1/x"}, Schedule: Schedule{Every: time.Minute, Cron: "@hourly"}}},
		"short":      {{Name: "a", Scopes: []string{"aws:1/x"}, Schedule: Schedule{Every: time.Millisecond}}},
		"jitter":     {{Name: "a", Scopes: []string{"aws:1/x"}, Schedule: Schedule{Every: time.Minute, Jitter: time.Minute}}},
		"cron":       {{Name: "a", Scopes: []string{"aws:1/x"}, Schedule: Schedule{Cron: "every day"}}},
		"scope":      {{Name: "a", Scopes: []string{"x"}}},
		"twice":      {{Name: "a"}, {Name: "a"}},
		"scopetwice": {{Name: "a", Scopes: []string{"aws:1/x", "aws:1/x"}}},
	} {
		opts := fast(func(context.Context, ScopeRef) error { return nil })
		opts.Connectors = cs
		if _, err := OpenSQLite(context.Background(), t.TempDir()+"/v.db", opts); err == nil {
			t.Errorf("%s: opened with %+v", name, cs)
		}
	}
	if _, err := OpenSQLite(context.Background(), t.TempDir()+"/v.db", Options{}); err == nil {
		t.Error("opened without a scan function")
	}
}
