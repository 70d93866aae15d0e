package notify_test

import (
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/vigil-cspm/vigil/internal/notify"
)

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"0", 0, true},
		{"  7 ", 7 * time.Second, true},
		{"600", 10 * time.Minute, true},
		{"86400", 10 * time.Minute, true},
		{"99999999999999999999999", 10 * time.Minute, true},
		{now.Add(90 * time.Second).Format(http.TimeFormat), 90 * time.Second, true},
		{now.Add(-time.Hour).Format(http.TimeFormat), 0, true},
		{now.Add(48 * time.Hour).Format(http.TimeFormat), 10 * time.Minute, true},
		{"", 0, false},
		{"-1", 0, false},
		{"1.5", 0, false},
		{"soon", 0, false},
	} {
		got, ok := notify.ParseRetryAfter(tc.in, now)
		if got != tc.want || ok != tc.ok {
			t.Errorf("ParseRetryAfter(%q) = %v, %v; want %v, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

// FuzzParseRetryAfter: any header value gives a wait between 0 and 10
// minutes, or is refused; numbers read back as themselves.
func FuzzParseRetryAfter(f *testing.F) {
	for _, s := range []string{"0", "120", "Wed, 21 Oct 2015 07:28:00 GMT", "", "-3", "1e9", "18446744073709551616", "Mon, 07 Dec 2026 09:01:00 GMT"} {
		f.Add(s)
	}
	now := time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, s string) {
		d, ok := notify.ParseRetryAfter(s, now)
		if d < 0 || d > 10*time.Minute {
			t.Fatalf("ParseRetryAfter(%q) = %v, outside [0, 10m]", s, d)
		}
		if !ok && d != 0 {
			t.Fatalf("ParseRetryAfter(%q) refused but gave %v", s, d)
		}
		if n, err := strconv.Atoi(s); err == nil && s[0] >= '0' && s[0] <= '9' && n >= 0 && n <= 600 && (!ok || d != time.Duration(n)*time.Second) {
			t.Fatalf("ParseRetryAfter(%q) = %v, %v; want %ds", s, d, ok, n)
		}
	})
}
