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
	"time"

	"github.com/vigil-cspm/vigil/internal/store"
)

// Sender records decisions in vigil serve (POST
// /api/v1/admission/decisions) from a bounded queue, so a slow or
// absent service never delays an answer: when the queue is full a
// decision is dropped (logged and counted), and a send that fails is
// retried three times before it is given up.
type Sender struct {
	url, token string
	client     *http.Client
	queue      chan *Decision
	log        *slog.Logger
	metrics    *Metrics
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
						return
					case <-time.After(time.Duration(attempt) * 500 * time.Millisecond):
					}
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
