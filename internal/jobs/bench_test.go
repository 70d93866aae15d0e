package jobs

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
	"time"
)

// BenchmarkScanScopeJobs measures jobs per second through River: each
// iteration enqueues a batch of distinct scopes (one Insert each, as
// manual triggers and schedules do) and waits until a no-op ScanScope
// has run for every one. "w4" is the default four workers (each fetch
// takes at most four jobs, then waits the 50 ms cooldown), "w32" is 32
// workers polling every 10 ms: what the database itself holds.
func BenchmarkScanScopeJobs(b *testing.B) {
	for _, backend := range []string{"sqlite", "postgres"} {
		for _, w := range []struct {
			workers int
			poll    time.Duration
		}{{4, 50 * time.Millisecond}, {32, 10 * time.Millisecond}} {
			b.Run(fmt.Sprintf("%s/w%d", backend, w.workers), func(b *testing.B) {
				const batch = 100
				var done atomic.Int64
				finished := make(chan struct{}, 1)
				var target atomic.Int64
				opts := Options{Workers: w.workers, PollInterval: w.poll, Scan: func(ctx context.Context, ref ScopeRef) error {
					if done.Add(1) == target.Load() {
						finished <- struct{}{}
					}
					return nil
				}}
				e := backends[backend](b, opts)
				ctx := context.Background()
				if err := e.Start(ctx); err != nil {
					b.Fatal(err)
				}
				defer func() {
					if err := e.Stop(ctx, time.Minute); err != nil {
						b.Error(err)
					}
				}()
				n := 0
				b.ReportAllocs()
				b.ResetTimer()
				start := time.Now()
				for b.Loop() {
					target.Store(int64(n + batch))
					for range batch {
						n++
						if _, err := e.Enqueue(ctx, ScopeRef{Connector: "bench", Scope: fmt.Sprintf("aws:%012d/eu-west-1", n)}); err != nil {
							b.Fatal(err)
						}
					}
					<-finished
				}
				b.ReportMetric(float64(n)/time.Since(start).Seconds(), "jobs/s")
			})
		}
	}
}
