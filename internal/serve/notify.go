package serve

import (
	"context"
	"net/http"
	"sync"
	"time"

	"github.com/vigil-cspm/vigil/internal/config"
	"github.com/vigil-cspm/vigil/internal/jobs"
	"github.com/vigil-cspm/vigil/internal/model"
	"github.com/vigil-cspm/vigil/internal/notify"
	"github.com/vigil-cspm/vigil/internal/scan"
	"github.com/vigil-cspm/vigil/internal/store"
	"github.com/vigil-cspm/vigil/internal/triage"
)

// Notifications are routes and channels besides the configured ones
// (the demo's local sinks).
type Notifications struct {
	Routes       []config.Route
	Destinations []*notify.Destination
	// AnnounceFirstScans announces first scans finding by finding, as
	// serve.announce_first_scan does (the demo, whose estate is new at
	// every start).
	AnnounceFirstScans bool
}

// newNotifier builds the notifier of cfg plus the extra routes and
// channels.
func (s *Service) newNotifier(cfg *config.Config) (*notify.Notifier, error) {
	dests, err := notify.Destinations(cfg.Serve.Channels, &http.Client{Timeout: 30 * time.Second}, s.log)
	if err != nil {
		return nil, err
	}
	dests = append(dests, s.extraNotify.Destinations...)
	routes := append(append([]config.Route{}, cfg.Serve.Routes...), s.extraNotify.Routes...)
	return notify.New(notify.Options{Store: s.store, Routes: routes, Destinations: dests, Log: s.log,
		PublicURL: cfg.Serve.PublicURL, Now: s.now})
}

// notifier is the notifier in force.
func (s *Service) notifier() *notify.Notifier {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.notes
}

// resumeNotifications sends again the pages and tickets a notifier
// stopped before sending (a previous run's, the one a reload replaced,
// or another replica's that was killed and whose lease lapsed).
func (s *Service) resumeNotifications(ctx context.Context) {
	n, err := s.notifier().Resume(ctx)
	if err != nil {
		s.log.Error("resume interrupted notifications", "err", err)
	}
	if n > 0 {
		s.log.Info("resumed notifications interrupted by a stop", "count", n)
	}
}

// notifySink hands each scope's stored findings, judged, to the
// notifier on their way from the pipeline.
type notifySink struct {
	s   *Service
	cfg *config.Config
	ctx context.Context
	ref jobs.ScopeRef
	// baseline names the scope when this is its first scan.
	baseline string
}

func (k notifySink) Findings(fs []model.Finding) error {
	k.s.tell(k.ctx, k.cfg, k.ref, notify.Event{Findings: fs, Baseline: k.baseline})
	return nil
}

// tell judges findings (owners, due dates) and tells the notifier; a
// notification failure is logged, never a scan failure.
func (s *Service) tell(ctx context.Context, cfg *config.Config, ref jobs.ScopeRef, ev notify.Event) {
	if len(ev.Findings) == 0 {
		return
	}
	triage.Apply(ev.Findings, cfg, s.now())
	if _, err := s.notifier().Scan(ctx, ev); err != nil {
		if ctx.Err() != nil {
			// A stop, not a failure: a change not yet claimed for a
			// channel is told after the next scan.
			s.log.Info("notifications of a scan cut short by a stop", "connector", ref.Connector, "scope", ref.Scope)
			return
		}
		s.log.Error("notifications of a scan failed", "connector", ref.Connector, "scope", ref.Scope, "err", err)
	}
}

// resolvedTold tells the notifier of the findings a scan resolved.
func (s *Service) resolvedTold(ctx context.Context, cfg *config.Config, ref jobs.ScopeRef, res *scan.Result) {
	s.tell(ctx, cfg, ref, notify.Event{Findings: res.Resolved})
}

// compact applies the retention policy (serve.retention): history older
// than retention.history goes, nothing the audit period needs does.
func (s *Service) compact(ctx context.Context) {
	cfg, _ := s.current()
	before, err := store.CompactBefore(s.now(), time.Duration(cfg.Serve.Retention.History), time.Duration(cfg.Serve.Retention.AuditPeriod))
	if err != nil {
		s.log.Error("retention: the policy is refused; nothing compacted", "err", err)
		return
	}
	out, err := s.store.Compact(ctx, before, false)
	if err != nil {
		if ctx.Err() == nil {
			s.log.Error("retention: compaction failed; the store is as it was", "err", err)
		}
		return
	}
	s.log.Info("retention: history compacted", "before", before, "removed", out)
}

// alertConnectors pages when a connector has failed enough runs in a
// row (jobs health marks it failing), and again when it recovers; the
// notifier tells each channel each change once.
func (s *Service) alertConnectors(ctx context.Context) {
	hs, err := s.engine.Health(ctx)
	if err != nil {
		if ctx.Err() == nil {
			s.log.Error("connector health could not be read", "err", err)
		}
		return
	}
	for _, h := range hs {
		if !h.Failing && h.LastSuccess.IsZero() {
			continue // never ran, or failing but not yet enough to alert
		}
		if !h.Failing && h.ConsecutiveFailures > 0 {
			continue
		}
		alert := notify.ConnectorAlert{Name: h.Connector, ConsecutiveFailures: int(h.ConsecutiveFailures), LastError: h.LastError}
		if _, err := s.notifier().Connector(ctx, alert, h.Failing); err != nil && ctx.Err() == nil {
			s.log.Error("connector alert could not be sent", "connector", h.Connector, "err", err)
		}
	}
}

// housekeeping takes over what stopped notifiers left, sends due digests
// and checks connectors every tick, and reconciles tickets closed by
// hand every 15 minutes, until ctx is done.
func (s *Service) housekeeping(ctx context.Context, wg *sync.WaitGroup) {
	defer wg.Done()
	digests, tickets, compact := time.NewTicker(s.tick), time.NewTicker(15*time.Minute), time.NewTicker(24*time.Hour)
	defer digests.Stop()
	defer tickets.Stop()
	defer compact.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-compact.C:
			s.compact(ctx)
		case <-digests.C:
			s.resumeNotifications(ctx)
			if err := s.notifier().FlushDigests(ctx); err != nil && ctx.Err() == nil {
				s.log.Error("digests could not be sent", "err", err)
			}
			s.alertConnectors(ctx)
		case <-tickets.C:
			fs, err := s.store.Findings(ctx, store.Query{Status: model.StatusOpen})
			if err == nil {
				cfg, _ := s.current()
				triage.Apply(fs, cfg, s.now())
				err = s.notifier().Reconcile(ctx, fs)
			}
			if err != nil && ctx.Err() == nil {
				s.log.Error("tickets could not be reconciled", "err", err)
			}
		}
	}
}
