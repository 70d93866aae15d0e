package admission

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/vigil-cspm/vigil/internal/store"
)

// Sender records decisions in vigil serve (POST
// /api/v1/admission/decisions) from a bounded queue, so a slow or
// absent service never delays an answer: when the queue is full a
// decision is dropped (logged and counted), and a send that fails is
// retried three times before it is given up. On a graceful stop, Flush
// sends what is still queued, within a deadline.
type Sender struct {
	url, token string
	client     *http.Client
	queue      chan *Decision
	log        *slog.Logger
	metrics    *Metrics

	mu sync.Mutex
	// held is the decision Run was sending when its context ended:
	// Flush sends it first.
	held []*Decision
}

// SenderQueue is how many decisions wait to be sent at most.
const SenderQueue = 1000

// NewSender sends to the service at base (its URL) with an API token
// of the operator role.
func NewSender(base, token string, client *http.Client, m *Metrics, log *slog.Logger) *Sender {
	if client == nil {
		client = &http.Client{Timeout: 10 * time.Second}
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Sender{url: strings.TrimSuffix(base, "/") + "/api/v1/admission/decisions", token: token, client: client,
		queue: make(chan *Decision, SenderQueue), log: log, metrics: m}
}

// Record implements Recorder: it queues d.
func (s *Sender) Record(_ context.Context, d *Decision) {
	select {
	case s.queue <- d:
	default:
		s.metrics.sent("dropped")
		s.log.Warn("decision not sent to vigil serve: the queue is full", "uid", d.UID)
	}
}

// Run sends queued decisions until ctx ends.
func (s *Sender) Run(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case d := <-s.queue:
			var err error
			for attempt := range 4 {
				if attempt > 0 {
					select {
					case <-ctx.Done():
					case <-time.After(time.Duration(attempt) * 500 * time.Millisecond):
					}
				}
				if ctx.Err() != nil {
					s.hold(d)
					return
				}
				if err = s.send(ctx, d); err == nil {
					break
				}
			}
			if err != nil {
				s.metrics.sent("failed")
				s.log.Error("decision not sent to vigil serve", "uid", d.UID, "err", err)
				continue
			}
			s.metrics.sent("sent")
		}
	}
}

func (s *Sender) hold(d *Decision) {
	s.mu.Lock()
	s.held = append(s.held, d)
	s.mu.Unlock()
}

// FlushTimeout is how long a stopping webhook sends the decisions still
// queued.
const FlushTimeout = 5 * time.Second

// Flush sends the decisions still queued — once Run has returned, and
// the server no longer records — one attempt each, until the queue is
// empty or timeout has passed. It returns how many were not sent (a
// send that failed, or one the deadline left unsent), which are logged
// with their count and counted (outcome failed, unsent).
func (s *Sender) Flush(timeout time.Duration) int {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	s.mu.Lock()
	pending := s.held
	s.held = nil
	s.mu.Unlock()
	sent, failed, unsent := 0, 0, 0
	next := func() *Decision {
		if len(pending) > 0 {
			d := pending[0]
			pending = pending[1:]
			return d
		}
		select {
		case d := <-s.queue:
			return d
		default:
			return nil
		}
	}
	for d := next(); d != nil; d = next() {
		if ctx.Err() != nil {
			unsent++
			continue
		}
		if err := s.send(ctx, d); err != nil {
			if ctx.Err() != nil {
				unsent++
				continue
			}
			failed++
			s.metrics.sent("failed")
			s.log.Error("decision not sent to vigil serve", "uid", d.UID, "err", err)
			continue
		}
		sent++
		s.metrics.sent("sent")
	}
	for range unsent {
		s.metrics.sent("unsent")
	}
	if failed+unsent > 0 {
		s.log.Error("decisions not sent to vigil serve before stopping (they are in the log lines)", "sent", sent, "failed", failed,
			"unsent", unsent, "timeout", timeout)
	} else if sent > 0 {
		s.log.Info("queued decisions sent to vigil serve before stopping", "sent", sent)
	}
	return failed + unsent
}

func (s *Sender) send(ctx context.Context, d *Decision) error {
	// The API's body is the decision as the service stores it.
	w := store.AdmissionDecision{UID: d.UID, At: d.Time, Cluster: d.Cluster, Operation: d.Operation, Kind: d.Kind, Namespace: d.Namespace,
		Name: d.Name, User: d.User, Allowed: d.Allowed, Reason: d.Reason, Message: d.Message, Verdicts: make([]store.AdmissionVerdict, len(d.Verdicts))}
	for i, v := range d.Verdicts {
		w.Verdicts[i] = store.AdmissionVerdict{Fingerprint: v.Fingerprint, RuleID: v.RuleID, Severity: v.Severity, Mode: v.Mode, Result: v.Result}
	}
	body, err := json.Marshal(w)
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.url, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+s.token)
	resp, err := s.client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusCreated {
		msg, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<10))
		return fmt.Errorf("POST %s: %s: %s", s.url, resp.Status, bytes.TrimSpace(msg))
	}
	return nil
}
