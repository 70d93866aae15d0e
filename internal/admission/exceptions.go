package admission

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/vigil-cspm/vigil/internal/exceptions"
)

// ServiceExceptions is the exception set a webhook judges by when it
// knows a vigil serve: the exceptions file's (fixed at start) and the
// service's approved, unexpired set (GET /api/v1/exceptions), fetched
// at start and every refresh interval. A fetch that fails keeps the
// last good set — logged and counted, never dropped to none — and the
// expiry of every exception is judged when a request is, not only when
// the set was fetched.
type ServiceExceptions struct {
	url, token string
	client     *http.Client
	file       []exceptions.Exception
	metrics    *Metrics
	log        *slog.Logger
	now        func() time.Time

	mu      sync.RWMutex
	set     []exceptions.Exception // the file's, then the service's
	fetched bool                   // a fetch has succeeded
	at      time.Time              // when the last good set was fetched
}

// MaxExceptionsBytes bounds the service's answer.
const MaxExceptionsBytes = 16 << 20

// NewServiceExceptions keeps the exceptions of the service at base (its
// URL), read with an API token, merged with file's.
func NewServiceExceptions(base, token string, file []exceptions.Exception, client *http.Client, m *Metrics, log *slog.Logger) *ServiceExceptions {
	if client == nil {
		client = &http.Client{Timeout: 10 * time.Second}
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	s := &ServiceExceptions{url: strings.TrimSuffix(base, "/") + "/api/v1/exceptions", token: token, client: client,
		file: file, metrics: m, log: log, now: time.Now, set: file}
	m.setExceptions("file", len(file))
	return s
}

// Set returns the exceptions requests are judged by now: the file's and
// the last good set of the service's. The caller must not change it.
func (s *ServiceExceptions) Set() []exceptions.Exception {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.set
}

// Fetch reads the service's set once. On an error the set in use is
// kept.
func (s *ServiceExceptions) Fetch(ctx context.Context) error {
	got, err := s.fetch(ctx)
	if err != nil {
		s.metrics.exceptionsFetched("failed")
		s.mu.RLock()
		held, fetched, at := len(s.set)-len(s.file), s.fetched, s.at
		s.mu.RUnlock()
		if fetched {
			s.log.Warn("exceptions not refreshed from vigil serve; judging by the last good set", "url", s.url,
				"service_exceptions", held, "fetched_at", at.UTC().Format(time.RFC3339), "err", err)
		} else {
			s.log.Error("exceptions not read from vigil serve; judging by the exceptions file's alone until a fetch succeeds",
				"url", s.url, "file_exceptions", len(s.file), "err", err)
		}
		return err
	}
	set := make([]exceptions.Exception, 0, len(s.file)+len(got))
	set = append(append(set, s.file...), got...)
	s.mu.Lock()
	s.set, s.fetched, s.at = set, true, s.now()
	s.mu.Unlock()
	s.metrics.exceptionsFetched("ok")
	s.metrics.setExceptions("service", len(got))
	return nil
}

// Run fetches the set every interval until ctx ends (the first fetch is
// the caller's, at start).
func (s *ServiceExceptions) Run(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			_ = s.Fetch(ctx) // logged and counted
		}
	}
}

func (s *ServiceExceptions) fetch(ctx context.Context) ([]exceptions.Exception, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.url, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("Authorization", "Bearer "+s.token)
	resp, err := s.client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, MaxExceptionsBytes+1))
	if err != nil {
		return nil, fmt.Errorf("GET %s: %w", s.url, err)
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("GET %s: %s: %s", s.url, resp.Status, bytes.TrimSpace(body[:min(len(body), 1<<10)]))
	}
	set, err := ParseServiceExceptions(body, s.now())
	if err != nil {
		return nil, fmt.Errorf("GET %s: %w", s.url, err)
	}
	return set, nil
}

// ParseServiceExceptions reads the answer of vigil serve's GET
// /api/v1/exceptions: its approved exceptions (not its proposals) that
// have not expired at now. An answer that is not one, or an exception
// without an id, a rule or an expiry date, is an error naming it:
// nothing of such an answer is used.
func ParseServiceExceptions(body []byte, now time.Time) ([]exceptions.Exception, error) {
	if len(body) > MaxExceptionsBytes {
		return nil, fmt.Errorf("the exception set is more than %d bytes", MaxExceptionsBytes)
	}
	var list struct {
		Exceptions *[]exceptions.Exception `json:"exceptions"`
	}
	if err := json.Unmarshal(body, &list); err != nil {
		return nil, fmt.Errorf("not the exception list of vigil serve (is the url that of vigil serve?): %w", err)
	}
	if list.Exceptions == nil {
		return nil, errors.New(`not the exception list of vigil serve: no "exceptions" (is the url that of vigil serve?)`)
	}
	out := make([]exceptions.Exception, 0, len(*list.Exceptions))
	for i, e := range *list.Exceptions {
		switch {
		case e.ID == "":
			return nil, fmt.Errorf("exceptions[%d] has no id", i)
		case e.Rule == "":
			return nil, fmt.Errorf("exception %s (exceptions[%d]) has no rule", e.ID, i)
		case e.Expires.IsZero():
			return nil, fmt.Errorf("exception %s (exceptions[%d]) has no expiry date", e.ID, i)
		}
		if !e.Expired(now) {
			out = append(out, e)
		}
	}
	return out, nil
}
