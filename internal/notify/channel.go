package notify

import (
	"context"
	"time"

	"github.com/vigil-cspm/vigil/internal/config"
)

// Sender delivers pages and digests.
type Sender interface {
	Send(ctx context.Context, m *Message) error
}

// Tracker keeps tickets: one per finding, opened when it opens,
// commented on when it changes, closed when it is fixed, and reopened
// when it was closed while the finding is still open.
type Tracker interface {
	// Open creates a ticket for m's finding and returns its reference
	// (an issue number, a Jira key).
	Open(ctx context.Context, m *Message) (string, error)
	// Comment adds m to ticket ref.
	Comment(ctx context.Context, ref string, m *Message) error
	// Close comments m on ticket ref and closes it.
	Close(ctx context.Context, ref string, m *Message) error
	// Reopen comments m on ticket ref and reopens it.
	Reopen(ctx context.Context, ref string, m *Message) error
	// IsOpen reports whether ticket ref is open.
	IsOpen(ctx context.Context, ref string) (bool, error)
}

// KindLocal is the kind of the local sink (LocalSink): deliveries go to
// the delivery log only.
const KindLocal = "local"

// Destination is one configured channel: its name and kind, what it can
// carry (Sender for page and digest, Tracker for ticket), its rate limit
// and the secrets its errors must never show.
type Destination struct {
	Name    string
	Kind    string
	Sender  Sender
	Tracker Tracker
	// Limit is at most Count messages Per span; nil is no limit.
	Limit *config.RateLimit
	// Secrets are redacted from every error the channel returns.
	Secrets []string
}

// can reports whether d can carry action.
func (d *Destination) can(action config.Action) bool {
	if action == config.ActionTicket {
		return d.Tracker != nil
	}
	return d.Sender != nil
}

// limiter allows at most count events in any window of per.
type limiter struct {
	count int
	per   time.Duration
	sent  []time.Time
}

// wait blocks until one more event is allowed (or ctx ends), and
// records it.
func (l *limiter) wait(ctx context.Context) error {
	if l == nil || l.count <= 0 {
		return nil
	}
	for {
		now := time.Now()
		for len(l.sent) > 0 && now.Sub(l.sent[0]) >= l.per {
			l.sent = l.sent[1:]
		}
		if len(l.sent) < l.count {
			l.sent = append(l.sent, now)
			return nil
		}
		t := time.NewTimer(l.per - now.Sub(l.sent[0]))
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-t.C:
		}
	}
}
