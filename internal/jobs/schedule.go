package jobs

import (
	"fmt"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/robfig/cron/v3"
)

// minInterval is River's floor for periodic jobs.
const minInterval = time.Second

// Connector is a configured source with its scopes and when to scan them.
type Connector struct {
	// Name is the connector's name, the Connector of its ScopeRefs.
	Name string
	// Scopes are scope strings ("aws:111111111111/eu-west-1"); each is
	// scanned by its own job on the connector's schedule.
	Scopes []string
	// Discover, set instead of Scopes, lists the scopes when they change
	// on their own (an organization's accounts): on the connector's
	// schedule a DiscoverScopes job calls it and queues a scan of each
	// scope it returns; at Start and Reconfigure one refreshes the list.
	// A scope it stops returning is no longer scanned (its health says
	// Retired); nothing of it in the store is touched.
	Discover DiscoverFunc
	// Schedule is when to scan; the zero Schedule scans only on demand.
	Schedule Schedule
}

// Schedule is an interval or a cron expression, plus jitter.
type Schedule struct {
	// Every is the interval between runs (at least a second).
	Every time.Duration
	// Cron is a standard five-field cron expression ("*/15 * * * *") or
	// a descriptor ("@hourly"), in UTC. Set Every or Cron, not both.
	Cron string
	// Jitter delays each run by a random duration in [0, Jitter), so
	// that scopes of one schedule do not all start at once.
	Jitter time.Duration
	// RunOnStart enqueues every scope when the engine starts.
	RunOnStart bool
}

// IsZero reports whether the schedule is empty (manual runs only).
func (s Schedule) IsZero() bool { return s.Every == 0 && s.Cron == "" }

// base returns the schedule's times without jitter.
func (s Schedule) base() (interface{ Next(time.Time) time.Time }, error) {
	switch {
	case s.Every != 0 && s.Cron != "":
		return nil, fmt.Errorf("schedule has both an interval (%s) and a cron expression (%q): keep one", s.Every, s.Cron)
	case s.Jitter < 0:
		return nil, fmt.Errorf("schedule jitter %s is negative", s.Jitter)
	case s.Cron != "":
		c, err := cron.ParseStandard(s.Cron)
		if err != nil {
			return nil, fmt.Errorf("schedule cron %q: %w (want five fields: minute hour day-of-month month day-of-week, or @hourly, @daily, @every 10m)", s.Cron, err)
		}
		return c, nil
	case s.Every < minInterval:
		return nil, fmt.Errorf("schedule interval %s is shorter than %s", s.Every, minInterval)
	case s.Jitter >= s.Every:
		return nil, fmt.Errorf("schedule jitter %s is not shorter than its interval %s", s.Jitter, s.Every)
	}
	return every(s.Every), nil
}

type every time.Duration

func (e every) Next(t time.Time) time.Time { return t.Add(time.Duration(e)) }

// jittered is a River PeriodicSchedule: the base schedule's next time
// plus a random jitter. It remembers the last time it returned, which is
// the next run River will enqueue.
type jittered struct {
	base   interface{ Next(time.Time) time.Time }
	jitter time.Duration

	mu   sync.Mutex
	next time.Time
}

// Next implements river.PeriodicSchedule.
func (j *jittered) Next(t time.Time) time.Time {
	n := j.base.Next(t.UTC()) // cron expressions are in UTC
	if j.jitter > 0 {
		n = n.Add(rand.N(j.jitter))
	}
	j.mu.Lock()
	j.next = n
	j.mu.Unlock()
	return n
}

// nextRun is the time last returned by Next; zero before River asked.
func (j *jittered) nextRun() time.Time {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.next
}
