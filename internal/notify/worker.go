package notify

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/vigil-cspm/vigil/internal/store"
)

// worker sends one destination's jobs, one at a time, under its rate
// limit.
type worker struct {
	dest *Destination
	lim  *limiter
	wake chan struct{}
	// tickets are the tickets this channel opened since start, by
	// fingerprint (used by its goroutine only).
	tickets map[string]string

	mu   sync.Mutex
	jobs []job
	// dropped are the jobs the goroutine gave up on when the notifier
	// closed (Close logs them for the next notifier).
	dropped []job
}

// job is one message to send: run sends it; ds are its deliveries in
// the log (a digest has one per finding). A job with lazy instead of ds
// is logged only when run does something (does not return
// errNothingToDo).
type job struct {
	ds   []store.Delivery
	lazy *store.Delivery
	run  func(context.Context) error
}

// errNothingToDo ends a job that found nothing to send.
var errNothingToDo = errors.New("nothing to do")

func (n *Notifier) run(w *worker) {
	for {
		w.mu.Lock()
		var j job
		ok := len(w.jobs) > 0
		if ok {
			j = w.jobs[0]
			w.jobs = w.jobs[1:]
		}
		w.mu.Unlock()
		if !ok {
			select {
			case <-n.ctx.Done():
				return
			case <-w.wake:
				continue
			}
		}
		if n.ctx.Err() != nil || !n.deliver(w, j) {
			w.mu.Lock()
			w.dropped = append(w.dropped, j)
			w.mu.Unlock()
		}
		n.busy.Add(-1)
	}
}

// deliver runs j until it succeeds, fails for good, or runs out of
// attempts, recording each outcome in the delivery log; false when the
// notifier closed first (j may or may not have reached its channel).
func (n *Notifier) deliver(w *worker, j job) bool {
	ctx := n.ctx
	kind := w.dest.Kind
	for attempt := 1; ; attempt++ {
		if err := w.lim.wait(ctx); err != nil {
			return false // closing
		}
		err := j.run(ctx)
		if errors.Is(err, errNothingToDo) {
			return true
		}
		if j.lazy != nil && len(j.ds) == 0 {
			id, lerr := n.opts.Store.RecordDelivery(ctx, *j.lazy)
			if lerr != nil {
				n.log.Error("log delivery", "channel", w.dest.Name, "error", lerr)
				return true
			}
			d := *j.lazy
			d.ID = id
			j.ds = []store.Delivery{d}
		}
		status, msg := store.DeliverySent, ""
		retry, after := false, time.Duration(0)
		if err != nil {
			if ctx.Err() != nil {
				return false // closing
			}
			msg = redact(err.Error(), w.dest.Secrets)
			retry, after = retryable(err)
			status = store.DeliveryFailed
			if retry && attempt < n.opts.MaxAttempts {
				status = store.DeliveryRetrying
			}
		}
		n.record(j.ds, status, attempt, msg)
		switch status {
		case store.DeliverySent:
			n.count(kind, func(c *Count) { c.Sent++ })
			return true
		case store.DeliveryFailed:
			n.count(kind, func(c *Count) { c.Failed++ })
			n.log.Warn("notification failed", "channel", w.dest.Name, "kind", kind, "attempts", attempt, "error", msg)
			return true
		}
		n.count(kind, func(c *Count) { c.Retries++ })
		wait := n.opts.Backoff << (attempt - 1)
		if after > 0 {
			wait = after
		}
		wait = min(wait, n.opts.MaxBackoff)
		n.log.Info("notification will be retried", "channel", w.dest.Name, "kind", kind, "attempt", attempt, "in", wait.String(), "error", msg)
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return false
		case <-t.C:
		}
	}
}

func (n *Notifier) record(ds []store.Delivery, status string, attempts int, lastErr string) {
	now := n.opts.Now()
	for _, d := range ds {
		d.Status, d.Attempts, d.LastError, d.UpdatedAt = status, attempts, lastErr, now
		if err := n.opts.Store.UpdateDelivery(n.ctx, d); err != nil {
			n.log.Error("log delivery", "channel", d.Channel, "error", err)
		}
	}
	if status != store.DeliveryRetrying {
		n.mu.Lock()
		for _, d := range ds {
			delete(n.flushing, d.ID)
		}
		n.mu.Unlock()
	}
}
