// Package memgov tunes the garbage collector the way every vigil command
// runs, unless GOMEMLIMIT or GOGC are set: a lazy collector
// (GOGC=200) under a soft limit that follows the live heap. A governor
// samples the heap the last collection left live and keeps the limit at
// liveHeadroom times that (never below minMemoryLimit): the heap stays
// near what the scan holds instead of two or three times it, and the
// limit is never so close to the live heap that the collector runs
// constantly, whatever the scan's size.
package memgov

import (
	"os"
	"runtime/debug"
	"runtime/metrics"
	"time"
)

const (
	minMemoryLimit = 256 << 20
	liveHeadroom   = 1.4
	largeHeap      = 512 << 20
	largeSlope     = 2.5
	gcPercent      = 200
	governorPeriod = 100 * time.Millisecond
)

// limitFor returns the soft memory limit for a live heap of live bytes:
// liveHeadroom times it (never below minMemoryLimit) up to largeHeap,
// then growing largeSlope times as fast as the live heap, continuously
// (a 1.2 GB live heap gets a 2.4 GB limit, twice it). Under a limit the
// collector must also fit the runtime's own memory (fragmentation, spans
// not yet returned), which grows with the heap: at 1.4 times a 1.2 GB
// live heap it left the collector so little room that it ran without
// pause (43% of the CPU) and a 100,000-manifest scan took 64 s; scans
// with a live heap under largeHeap (10,000 manifests, a 50,000-resource
// AWS account) keep the tight limit their memory targets need.
func limitFor(live uint64) int64 {
	l := float64(live)
	steep := largeSlope*l - (largeSlope-liveHeadroom)*largeHeap
	return int64(max(minMemoryLimit, liveHeadroom*l, steep))
}

// Start applies the tuning and starts the governor; the returned
// function stops the governor and restores the collector settings it
// changed (for benchmarks; the CLI runs under it until exit).
func Start() (stop func()) {
	prevPercent, prevLimit := -2, debug.SetMemoryLimit(-1)
	if os.Getenv("GOGC") == "" {
		prevPercent = debug.SetGCPercent(gcPercent)
	}
	restore := func() {
		if prevPercent != -2 {
			debug.SetGCPercent(prevPercent)
		}
		debug.SetMemoryLimit(prevLimit)
	}
	if os.Getenv("GOMEMLIMIT") != "" {
		return restore
	}
	debug.SetMemoryLimit(minMemoryLimit)
	done := make(chan struct{})
	go func() {
		sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
		t := time.NewTicker(governorPeriod)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				metrics.Read(sample)
				if sample[0].Value.Kind() == metrics.KindUint64 {
					debug.SetMemoryLimit(limitFor(sample[0].Value.Uint64()))
				}
			}
		}
	}()
	return func() {
		close(done)
		restore()
	}
}
