package config

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// Duration is a span of time written as whole numbers with units:
// w (weeks), d (days), h, m, s — "90d", "2w", "36h", "30m", "1d12h".
// Days are 24 hours.
type Duration time.Duration

// Day is 24 hours.
const Day = 24 * time.Hour

var durationUnits = []struct {
	suffix string
	d      time.Duration
}{{"w", 7 * Day}, {"d", Day}, {"h", time.Hour}, {"m", time.Minute}, {"s", time.Second}}

// ParseDuration parses a Duration; it must be more than zero.
func ParseDuration(s string) (Duration, error) {
	in := strings.TrimSpace(s)
	if in == "" {
		return 0, errors.New("empty duration: write a number and a unit, e.g. 90d")
	}
	if strings.HasPrefix(in, "-") {
		return 0, fmt.Errorf("%q is negative: durations are a number and a unit, e.g. 90d", s)
	}
	var total time.Duration
	rest := in
	for rest != "" {
		i := 0
		for i < len(rest) && rest[i] >= '0' && rest[i] <= '9' {
			i++
		}
		if i == 0 {
			return 0, fmt.Errorf("%q is not a duration: write a number and a unit (w, d, h, m, s), e.g. 90d or 36h", s)
		}
		n, err := strconv.ParseInt(rest[:i], 10, 64)
		if err != nil {
			return 0, fmt.Errorf("%q is too long a duration", s)
		}
		rest = rest[i:]
		j := 0
		for j < len(rest) && (rest[j] < '0' || rest[j] > '9') {
			j++
		}
		unit := rest[:j]
		rest = rest[j:]
		var ud time.Duration
		for _, u := range durationUnits {
			if u.suffix == unit {
				ud = u.d
			}
		}
		switch {
		case unit == "":
			return 0, fmt.Errorf("%q has no unit: write %sd for days (or w, h, m, s)", s, in)
		case ud == 0:
			return 0, fmt.Errorf("%q: unknown unit %q: use w, d, h, m or s, e.g. 90d", s, unit)
		case n > int64(math.MaxInt64/ud) || total > math.MaxInt64-time.Duration(n)*ud:
			return 0, fmt.Errorf("%q is too long a duration", s)
		}
		total += time.Duration(n) * ud
	}
	if total <= 0 {
		return 0, fmt.Errorf("%q is zero: give a duration more than zero", s)
	}
	return Duration(total), nil
}

// String writes d in the largest units that are exact: "90d", "36h",
// "1d30m".
func (d Duration) String() string {
	v := time.Duration(d)
	if v <= 0 {
		return "0s"
	}
	var b strings.Builder
	for _, u := range durationUnits[1:] { // days, not weeks: "14d" reads better than "2w"
		if n := v / u.d; n > 0 {
			fmt.Fprintf(&b, "%d%s", n, u.suffix)
			v -= n * u.d
		}
	}
	return b.String()
}

// MarshalText implements encoding.TextMarshaler.
func (d Duration) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler.
func (d *Duration) UnmarshalText(b []byte) error {
	v, err := ParseDuration(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}
