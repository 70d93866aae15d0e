package notify

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// maxRetryAfter bounds how long a Retry-After header may make a sender
// wait; longer waits are cut to it.
const maxRetryAfter = 10 * time.Minute

// StatusError is a vendor's answer other than success.
type StatusError struct {
	Kind string // the channel kind
	Code int
	// RetryAfter is the wait the vendor asked for (Retry-After), 0 when
	// none.
	RetryAfter time.Duration
	Body       string // the start of the answer, redacted
}

func (e *StatusError) Error() string {
	msg := fmt.Sprintf("%s answered %d %s", e.Kind, e.Code, http.StatusText(e.Code))
	if e.Body != "" {
		msg += ": " + e.Body
	}
	return msg
}

// Retryable reports whether sending again may succeed: the vendor was
// throttling (429) or failing (5xx).
func (e *StatusError) Retryable() bool { return e.Code == http.StatusTooManyRequests || e.Code >= 500 }

// retryable reports whether err is worth another attempt, and how long
// the other side asked to wait (0: not said).
func retryable(err error) (bool, time.Duration) {
	var se *StatusError
	if errors.As(err, &se) {
		return se.Retryable(), se.RetryAfter
	}
	var pe *permanentError
	if errors.As(err, &pe) || errors.Is(err, context.Canceled) {
		return false, 0
	}
	return true, 0 // the network: refused, reset, timed out
}

// permanentError is a failure sending again cannot fix (a bad request
// built, a bad address).
type permanentError struct{ err error }

func (e *permanentError) Error() string { return e.err.Error() }
func (e *permanentError) Unwrap() error { return e.err }

// ParseRetryAfter reads a Retry-After header: a number of seconds or an
// HTTP date, relative to now. ok is false when v is neither; a date in
// the past is 0; a wait longer than 10 minutes is cut to 10 minutes.
func ParseRetryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if v[0] >= '0' && v[0] <= '9' {
		n, err := strconv.ParseUint(v, 10, 64)
		if err != nil {
			if errors.Is(err, strconv.ErrRange) {
				return maxRetryAfter, true
			}
			return 0, false
		}
		if n > uint64(maxRetryAfter/time.Second) {
			return maxRetryAfter, true
		}
		return time.Duration(n) * time.Second, true
	}
	t, err := http.ParseTime(v)
	if err != nil {
		return 0, false
	}
	d := t.Sub(now)
	switch {
	case d < 0:
		return 0, true
	case d > maxRetryAfter:
		return maxRetryAfter, true
	}
	return d.Round(time.Second), true
}

// client sends JSON to one vendor. Errors never carry the URL or the
// headers: either may hold a secret.
type client struct {
	kind    string
	http    *http.Client
	secrets []string
	now     func() time.Time
}

func newClient(kind string, hc *http.Client, secrets ...string) *client {
	if hc == nil {
		hc = &http.Client{Timeout: 30 * time.Second}
	}
	return &client{kind: kind, http: hc, secrets: secrets, now: time.Now}
}

// do sends body (JSON-encoded unless a []byte) to u with headers and
// decodes a JSON answer into out (when not nil). A status other than
// 2xx is a *StatusError.
func (c *client) do(ctx context.Context, method, u string, headers http.Header, body, out any) error {
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case []byte:
		rd = bytes.NewReader(b)
	default:
		raw, err := json.Marshal(b)
		if err != nil {
			return &permanentError{fmt.Errorf("%s: encode request: %v", c.kind, err)}
		}
		rd = bytes.NewReader(raw)
	}
	req, err := http.NewRequestWithContext(ctx, method, u, rd)
	if err != nil {
		return &permanentError{fmt.Errorf("%s: build request: %s", c.kind, redact(errText(err), c.secrets))}
	}
	for k, vs := range headers {
		req.Header[k] = vs
	}
	if rd != nil && req.Header.Get("Content-Type") == "" {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("User-Agent", "vigil-notify/1")
	resp, err := c.http.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return fmt.Errorf("%s: send: %s", c.kind, redact(errText(err), c.secrets))
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		se := &StatusError{Kind: c.kind, Code: resp.StatusCode, Body: redact(snippet(raw), c.secrets)}
		if d, ok := ParseRetryAfter(resp.Header.Get("Retry-After"), c.now()); ok {
			se.RetryAfter = d
		}
		return se
	}
	if out != nil && len(bytes.TrimSpace(raw)) > 0 {
		if err := json.Unmarshal(raw, out); err != nil {
			return fmt.Errorf("%s: read answer: %v", c.kind, err)
		}
	}
	return nil
}

// errText is err's message without a *url.Error's method and URL.
func errText(err error) string {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err.Error()
	}
	return err.Error()
}

// snippet is the start of an answer body, on one line.
func snippet(b []byte) string {
	s := strings.Join(strings.Fields(string(b)), " ")
	if len(s) > 200 {
		s = s[:200] + "…"
	}
	return s
}

// urlSecrets are the parts of a secret URL an error or an answer may
// show: the URL, its path, its query and its path's last segment.
func urlSecrets(raw string) []string {
	out := []string{raw}
	u, err := url.Parse(raw)
	if err != nil {
		return out
	}
	out = append(out, u.Path, u.RawQuery)
	if i := strings.LastIndex(u.Path, "/"); i >= 0 && len(u.Path)-i > 8 {
		out = append(out, u.Path[i+1:])
	}
	return out
}

// redact replaces every secret in s (and its URL-escaped form) by
// "[redacted]".
func redact(s string, secrets []string) string {
	for _, sec := range secrets {
		if len(sec) < 4 {
			continue
		}
		s = strings.ReplaceAll(s, sec, "[redacted]")
		if esc := url.QueryEscape(sec); esc != sec {
			s = strings.ReplaceAll(s, esc, "[redacted]")
		}
		if esc := url.PathEscape(sec); esc != sec {
			s = strings.ReplaceAll(s, esc, "[redacted]")
		}
	}
	return s
}
