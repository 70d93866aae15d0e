package jobs

import (
	"testing"
	"time"

	"github.com/riverqueue/river"
)

// The jittered schedule is a River periodic schedule.
var _ river.PeriodicSchedule = (*jittered)(nil)

func TestScheduleNextWithJitter(t *testing.T) {
	now := time.Date(2026, 12, 7, 16, 7, 30, 0, time.UTC)
	for _, tc := range []struct {
		s    Schedule
		want time.Time // without jitter
	}{
		{Schedule{Every: 5 * time.Minute, Jitter: 30 * time.Second}, now.Add(5 * time.Minute)},
		{Schedule{Cron: "*/15 * * * *", Jitter: time.Minute}, time.Date(2026, 12, 7, 16, 15, 0, 0, time.UTC)},
		{Schedule{Cron: "@daily"}, time.Date(2026, 12, 8, 0, 0, 0, 0, time.UTC)},
	} {
		base, err := tc.s.base()
		if err != nil {
			t.Fatalf("%+v: %v", tc.s, err)
		}
		j := &jittered{base: base, jitter: tc.s.Jitter}
		if !j.nextRun().IsZero() {
			t.Fatal("next run known before River asked")
		}
		seen := map[time.Time]bool{}
		local := now.In(time.FixedZone("UTC+5", 5*3600)) // the same instant elsewhere
		for i := range 50 {
			n := j.Next(now)
			if i%2 == 1 {
				n = j.Next(local)
			}
			if n.Before(tc.want) || (tc.s.Jitter > 0 && !n.Before(tc.want.Add(tc.s.Jitter))) || (tc.s.Jitter == 0 && !n.Equal(tc.want)) {
				t.Fatalf("%+v: next %s, want in [%s, %s+jitter)", tc.s, n, tc.want, tc.want)
			}
			if !j.nextRun().Equal(n) {
				t.Fatalf("nextRun %s, Next returned %s", j.nextRun(), n)
			}
			seen[n] = true
		}
		if tc.s.Jitter > 0 && len(seen) < 2 {
			t.Errorf("%+v: 50 draws gave one time: no jitter", tc.s)
		}
	}
}

func TestBackoffDoublesUpToTheCap(t *testing.T) {
	b := backoff{base: time.Second, cap: 10 * time.Second}
	for _, tc := range []struct {
		failures int
		want     time.Duration
	}{{1, time.Second}, {2, 2 * time.Second}, {3, 4 * time.Second}, {4, 8 * time.Second}, {5, 10 * time.Second}, {60, 10 * time.Second}} {
		d := b.delay(tc.failures)
		if d < tc.want || d > tc.want+tc.want/10 {
			t.Errorf("delay after %d failures: %s, want %s plus at most 10%%", tc.failures, d, tc.want)
		}
	}
}
