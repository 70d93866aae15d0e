package notify

import (
	"context"
	"fmt"
	"slices"

	"github.com/vigil-cspm/vigil/internal/config"
)

// connectorKey is the fingerprint a connector's alerts are claimed
// under: each page channel hears once that it fails and once that it
// recovered.
func connectorKey(name string) string { return "connector:" + name }

// Connector tells every channel a page route names that a connector is
// failing (failing true: it failed enough runs in a row to alert) or
// has recovered. Each channel hears each change once; recovery is told
// only to channels that heard of the failure. It returns how many
// alerts it queued.
func (n *Notifier) Connector(ctx context.Context, alert ConnectorAlert, failing bool) (int, error) {
	if n.closed.Load() {
		return 0, errClosed
	}
	var channels []string
	for _, r := range n.opts.Routes {
		if r.Action == config.ActionPage && !slices.Contains(channels, r.Channel) {
			channels = append(channels, r.Channel)
		}
	}
	change := ChangeFailing
	if !failing {
		change = ChangeRecovered
	}
	now := n.opts.Now()
	sent := 0
	for _, ch := range channels {
		prev, claimed, err := n.opts.Store.ClaimNotify(ctx, ch, connectorKey(alert.Name), change, now)
		if err != nil {
			return sent, err
		}
		// Recovery is told only where the failure was: a connector
		// healthy from the start just records its state.
		if !claimed || !failing && prev.State != ChangeFailing {
			continue
		}
		a := alert
		m := &Message{SchemaVersion: SchemaVersion, Kind: KindConnector, Action: string(config.ActionPage), Change: change, Channel: ch, At: now, Connector: &a}
		d := n.delivery(ch, "", string(config.ActionPage), change, "", m.Headline(), now)
		if err := n.queue(ctx, ch, d, m, n.send(ch, m)); err != nil {
			return sent, fmt.Errorf("connector alert to %s: %w", ch, err)
		}
		sent++
	}
	return sent, nil
}
