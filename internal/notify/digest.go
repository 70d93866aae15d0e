package notify

import (
	"context"
	"slices"
	"time"

	"github.com/vigil-cspm/vigil/internal/config"
	"github.com/vigil-cspm/vigil/internal/store"
)

// FlushDigests sends the digests that are due: for each digest channel,
// the pending changes of each owner go out as one message once the
// oldest of them has waited the route's digest_every (the shortest, when
// several digest routes share the channel). Scan calls it; the server
// also calls it on a timer, so a quiet estate still gets its digests.
func (n *Notifier) FlushDigests(ctx context.Context) error {
	if n.closed.Load() {
		return errClosed
	}
	every := map[string]time.Duration{}
	for _, r := range n.opts.Routes {
		if r.Action != config.ActionDigest {
			continue
		}
		if e, ok := every[r.Channel]; !ok || time.Duration(r.DigestEvery) < e {
			every[r.Channel] = time.Duration(r.DigestEvery)
		}
	}
	now := n.opts.Now()
	for ch, e := range every {
		pending, err := n.opts.Store.Deliveries(ctx, store.DeliveryQuery{Channel: ch, Action: string(config.ActionDigest), Status: store.DeliveryPending})
		if err != nil {
			return err
		}
		byOwner := map[string][]store.Delivery{}
		n.mu.Lock()
		for _, d := range pending {
			if !n.flushing[d.ID] {
				byOwner[d.Owner] = append(byOwner[d.Owner], d)
			}
		}
		owners := make([]string, 0, len(byOwner))
		for o, ds := range byOwner {
			slices.SortFunc(ds, func(a, b store.Delivery) int { return int(a.ID - b.ID) })
			if now.Sub(ds[0].CreatedAt) >= e {
				owners = append(owners, o)
				for _, d := range ds {
					n.flushing[d.ID] = true
				}
			}
		}
		n.mu.Unlock()
		slices.Sort(owners)
		for _, o := range owners {
			ds := byOwner[o]
			m := &Message{SchemaVersion: SchemaVersion, Kind: KindDigest, Action: string(config.ActionDigest), Change: ChangeDigest, Channel: ch, At: now, Owner: o}
			for _, d := range ds {
				m.Items = append(m.Items, DigestItem{Finding: d.Fingerprint, Change: d.Change, Summary: d.Summary, At: d.CreatedAt})
			}
			m.Delivery = ds[0].ID
			n.push(ch, job{ds: ds, run: n.send(ch, m)})
		}
	}
	return nil
}
