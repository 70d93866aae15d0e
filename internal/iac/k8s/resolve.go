package k8s

import (
	"math"
	"strconv"
	"strings"
	"time"
)

// resolvePlain returns the value of a plain (unquoted) scalar as yaml.v3
// resolves it when decoding into an untyped value — nil, bool, int,
// uint64 past the int range, float64, a timestamp, else the text itself
// — with timestamps as RFC 3339 text, as clean makes them.
func resolvePlain(s string) any {
	switch s {
	case "", "~", "null", "Null", "NULL":
		return nil
	case "true", "True", "TRUE":
		return true
	case "false", "False", "FALSE":
		return false
	case ".nan", ".NaN", ".NAN":
		return math.NaN()
	case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF":
		return math.Inf(1)
	case "-.inf", "-.Inf", "-.INF":
		return math.Inf(-1)
	}
	switch c := s[0]; {
	case c == '.':
		if f, err := strconv.ParseFloat(s, 64); err == nil {
			return f
		}
	case c == '+' || c == '-' || isDigit(c):
		return number(s)
	}
	return s
}

// number resolves a plain scalar that starts with a digit or a sign: a
// timestamp, an integer (any base strconv reads, underscores ignored), a
// float in YAML's decimal notation, else text.
func number(s string) any {
	if t, ok := timestamp(s); ok {
		return timeText(t)
	}
	for i := 0; i < len(s); i++ {
		if !numberBytes[s[i]] {
			return s // 500m, 128Mi, 25%: no number has that byte
		}
	}
	digits := strings.ReplaceAll(s, "_", "")
	// No integer has a point: skip the two failed parses (each allocates
	// its error) that versions and ratios would cost.
	if !strings.Contains(digits, ".") {
		if i, err := strconv.ParseInt(digits, 0, 64); err == nil {
			return int(i)
		}
		if u, err := strconv.ParseUint(digits, 0, 64); err == nil {
			return u
		}
	}
	if decimalFloat(digits) {
		if f, err := strconv.ParseFloat(digits, 64); err == nil {
			return f
		}
	}
	// yaml.v3 also reads the digits after a 0b or 0o prefix on their own,
	// which lets a sign follow the prefix ("0b-1" is -1).
	for _, p := range []struct {
		prefix string
		base   int
	}{{"0b", 2}, {"0o", 8}} {
		if rest, ok := strings.CutPrefix(digits, p.prefix); ok {
			if i, err := strconv.ParseInt(rest, p.base, 64); err == nil {
				return int(i)
			}
			if u, err := strconv.ParseUint(rest, p.base, 64); err == nil {
				return u
			}
		} else if rest, ok := strings.CutPrefix(digits, "-"+p.prefix); ok {
			if i, err := strconv.ParseInt("-"+rest, p.base, 64); err == nil {
				return int(i)
			}
		}
	}
	return s
}

// numberBytes are the bytes integers and floats can be written with, in
// any base, with underscores.
var numberBytes = func() (t [256]bool) {
	for _, c := range []byte("0123456789abcdefABCDEFxXoO_.+-") {
		t[c] = true
	}
	return t
}()

// decimalFloat reports whether s is [-+]?(.D+|D+(.D*)?)([eE][-+]?D+)?
// where D is a decimal digit: the floats YAML writes.
func decimalFloat(s string) bool {
	i := 0
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		i++
	}
	digits := func() int {
		n := 0
		for i < len(s) && isDigit(s[i]) {
			i++
			n++
		}
		return n
	}
	if i < len(s) && s[i] == '.' {
		i++
		if digits() == 0 {
			return false
		}
	} else {
		if digits() == 0 {
			return false
		}
		if i < len(s) && s[i] == '.' {
			i++
			digits()
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		if digits() == 0 {
			return false
		}
	}
	return i == len(s)
}

// timestampLayouts are the timestamp forms yaml.v3 recognises in plain
// scalars.
var timestampLayouts = []string{
	"2006-1-2T15:4:5.999999999Z07:00",
	"2006-1-2t15:4:5.999999999Z07:00",
	"2006-1-2 15:4:5.999999999",
	"2006-1-2",
}

// timestamp parses a plain scalar that starts with a four-digit year and
// a dash as one of timestampLayouts.
func timestamp(s string) (time.Time, bool) {
	if len(s) < 5 || s[4] != '-' || !isDigit(s[0]) || !isDigit(s[1]) || !isDigit(s[2]) || !isDigit(s[3]) {
		return time.Time{}, false
	}
	for _, layout := range timestampLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }
