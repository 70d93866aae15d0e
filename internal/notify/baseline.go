package notify

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"strings"

	"github.com/vigil-cspm/vigil/internal/config"
	"github.com/vigil-cspm/vigil/internal/store"
)

// Baseline is what a scope's first scan held back from one channel:
// the findings its routes match, recorded as told (so only later changes
// are announced), by the action they would have had.
type Baseline struct {
	Scope   string `json:"scope"`
	Pages   int    `json:"pages"`
	Tickets int    `json:"tickets"`
	Digests int    `json:"digests"`
	URL     string `json:"url,omitempty"`
}

func (b *Baseline) total() int { return b.Pages + b.Tickets + b.Digests }

func (b *Baseline) headline() string {
	var parts []string
	for _, p := range []struct {
		n          int
		one, other string
	}{{b.Pages, "page", "pages"}, {b.Tickets, "ticket", "tickets"}, {b.Digests, "digest line", "digest lines"}} {
		switch p.n {
		case 0:
		case 1:
			parts = append(parts, "1 "+p.one)
		default:
			parts = append(parts, fmt.Sprintf("%d %s", p.n, p.other))
		}
	}
	noun := "findings"
	if b.total() == 1 {
		noun = "finding"
	}
	return fmt.Sprintf("Vigil's first scan of %s: %d open %s routed here were recorded, not announced one by one (%s)", b.Scope, b.total(), noun, strings.Join(parts, ", "))
}

// hold counts f's route action into scope's baseline for channel.
func (n *Notifier) hold(scope, channel string, action config.Action) {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.baselines[scope] == nil {
		n.baselines[scope] = map[string]*Baseline{}
	}
	b := n.baselines[scope][channel]
	if b == nil {
		b = &Baseline{Scope: scope}
		n.baselines[scope][channel] = b
	}
	switch action {
	case config.ActionTicket:
		b.Tickets++
	case config.ActionDigest:
		b.Digests++
	default:
		b.Pages++
	}
}

// Baseline ends scope's first scan: each channel that held findings back
// gets one summary — sent where the channel takes messages (not
// PagerDuty, where any event is an incident, nor a ticket tracker), and
// recorded in the delivery log either way.
func (n *Notifier) Baseline(ctx context.Context, scope string) error {
	if n.closed.Load() {
		return errClosed
	}
	n.mu.Lock()
	held := n.baselines[scope]
	delete(n.baselines, scope)
	n.mu.Unlock()
	channels := make([]string, 0, len(held))
	for ch := range held {
		channels = append(channels, ch)
	}
	slices.Sort(channels)
	now := n.opts.Now()
	for _, ch := range channels {
		b := held[ch]
		if n.opts.PublicURL != "" {
			b.URL = strings.TrimRight(n.opts.PublicURL, "/") + "/findings?account=" + url.QueryEscape(scopeAccount(scope))
		}
		m := &Message{SchemaVersion: SchemaVersion, Kind: KindBaseline, Action: ChangeBaseline, Change: ChangeBaseline, Channel: ch, At: now, Baseline: b}
		d := n.delivery(ch, "", ChangeBaseline, ChangeBaseline, "", m.Headline(), now)
		w := n.workers[ch]
		if w.dest.Sender == nil || w.dest.Kind == "pagerduty" {
			d.Status = store.DeliveryRecorded
			if _, err := n.opts.Store.RecordDelivery(ctx, d); err != nil {
				return err
			}
			continue
		}
		if err := n.queue(ctx, ch, d, m, n.send(ch, m)); err != nil {
			return err
		}
	}
	return nil
}

// scopeAccount is the account or cluster of a scope "kind:account".
func scopeAccount(scope string) string {
	if _, acct, ok := strings.Cut(scope, ":"); ok {
		return acct
	}
	return scope
}
