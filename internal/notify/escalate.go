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

// Surge counts, from the store's history, new critical findings
// (opened events) in the 24 hours up to now and in the 7 days before;
// base reports whether the history reaches back before the 24 hours
// (without that there is no average to compare with).
func Surge(ctx context.Context, st Store, now time.Time) (last24h, previous7d int, base bool, err error) {
	dayAgo, weekBefore := now.Add(-24*time.Hour), now.Add(-8*24*time.Hour)
	critical := store.EventCount{Event: store.EventOpened, Severity: model.SeverityCritical.String()}
	q := critical
	q.After, q.Until = dayAgo, now
	if last24h, err = st.CountEvents(ctx, q); err != nil || last24h == 0 {
		return last24h, 0, false, err
	}
	older, err := st.CountEvents(ctx, store.EventCount{Until: dayAgo})
	if err != nil || older == 0 {
		return last24h, 0, false, err
	}
	q.After, q.Until = weekBefore, dayAgo
	previous7d, err = st.CountEvents(ctx, q)
	return last24h, previous7d, true, err
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
	last, prev, base, err := Surge(ctx, n.opts.Store, now)
	if err != nil {
		return 0, err
	}
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
