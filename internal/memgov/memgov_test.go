package memgov

import "testing"

func TestLimitFor(t *testing.T) {
	const mib = 1 << 20
	tests := []struct {
		live uint64
		want int64
	}{
		{0, minMemoryLimit},
		{100 * mib, minMemoryLimit}, // a small scan: the floor
		{400 * mib, 560 * mib},      // 1.4 × live
		{largeHeap, 716 * mib},      // where the two regimes meet
		{1200 * mib, 2436 * mib},    // 2.5 × 1200 − 1.1 × 512
		{2048 * mib, 4557 * mib},    // 2.5 × 2048 − 1.1 × 512
	}
	for _, tt := range tests {
		got := limitFor(tt.live)
		if d := got - tt.want; d < -mib || d > mib {
			t.Errorf("limitFor(%d MiB) = %d MiB, want %d MiB", tt.live/mib, got/mib, tt.want/mib)
		}
	}
	// Continuous and growing: no step where the regimes meet.
	for live := uint64(500 * mib); live < 530*mib; live += mib {
		a, b := limitFor(live), limitFor(live+mib)
		if b < a || b-a > 3*mib {
			t.Fatalf("limitFor steps from %d to %d MiB between %d and %d MiB live", a/mib, b/mib, live/mib, live/mib+1)
		}
	}
}
