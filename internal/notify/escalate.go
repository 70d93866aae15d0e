package notify

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/vigil-cspm/vigil/internal/config"
	"github.com/vigil-cspm/vigil/internal/model"
	"github.com/vigil-cspm/vigil/internal/store"
)

// escalationKey is the fingerprint an escalation is claimed under:
// its state is the day, so each page channel gets at most one a day.
const escalationKey = "escalation"

// Surge counts new critical findings (opened events) in the 24 hours
// up to now and in the 7 days before, from the store's history; base
// reports whether the history reaches back before the 24 hours (without
// that there is no average to compare with).
func Surge(events []store.Event, now time.Time) (last24h, previous7d int, base bool) {
	dayAgo, weekBefore := now.Add(-24*time.Hour), now.Add(-8*24*time.Hour)
	for _, e := range events {
		if !e.At.After(dayAgo) {
			base = true
		}
		if e.Event != store.EventOpened || e.Severity != model.SeverityCritical.String() || e.At.After(now) {
			continue
		}
		switch {
		case e.At.After(dayAgo):
			last24h++
		case e.At.After(weekBefore):
			previous7d++
		}
	}
	return last24h, previous7d, base
}

// Escalates reports whether last24h new critical findings exceed twice
// the daily average of previous7d over 7 days.
func Escalates(last24h, previous7d int) bool {
	return last24h > 0 && float64(last24h) > 2*float64(previous7d)/7
}

// escalate sends one escalation a day to each channel a page route
// names, when new critical findings surge.
func (n *Notifier) escalate(ctx context.Context, now time.Time) (int, error) {
	var channels []string
	for _, r := range n.opts.Routes {
		if r.Action == config.ActionPage && !slices.Contains(channels, r.Channel) {
			channels = append(channels, r.Channel)
		}
	}
	if len(channels) == 0 {
		return 0, nil
	}
	events, err := n.opts.Store.History(ctx, "")
	if err != nil {
		return 0, err
	}
	last, prev, base := Surge(events, now)
	if !base || !Escalates(last, prev) {
		return 0, nil
	}
	sent := 0
	for _, ch := range channels {
		_, claimed, err := n.opts.Store.ClaimNotify(ctx, ch, escalationKey, now.UTC().Format(time.DateOnly), now)
		if err != nil {
			return sent, err
		}
		if !claimed {
			continue
		}
		m := &Message{SchemaVersion: SchemaVersion, Kind: KindEscalation, Action: string(config.ActionPage), Change: ChangeEscalation, Channel: ch, At: now,
			Escalation: &Escalation{Last24h: last, DailyAverage: float64(prev) / 7}}
		d := n.delivery(ch, "", string(config.ActionPage), ChangeEscalation, "", m.Headline(), now)
		if err := n.queue(ctx, ch, d, m, n.send(ch, m)); err != nil {
			return sent, fmt.Errorf("escalate to %s: %w", ch, err)
		}
		sent++
	}
	return sent, nil
}
