package serve

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"slices"
	"strings"
	"time"

	"github.com/vigil-cspm/vigil/internal/config"
	"github.com/vigil-cspm/vigil/internal/exceptions"
	"github.com/vigil-cspm/vigil/internal/graph"
	"github.com/vigil-cspm/vigil/internal/jobs"
	"github.com/vigil-cspm/vigil/internal/model"
	"github.com/vigil-cspm/vigil/internal/risk"
	"github.com/vigil-cspm/vigil/internal/scan"
	"github.com/vigil-cspm/vigil/internal/store"
)

// criticality rates resources by the configuration's criticality rules.
func criticality(cfg *config.Config) risk.Criticality {
	return func(r *model.Resource) (string, int) {
		l := string(cfg.CriticalityFor(r))
		return l, risk.CriticalityPoints(l)
	}
}

// scanScope is the jobs engine's ScanFunc: one scope through the
// pipeline into the store. It returns an error — and the store keeps its
// last good findings — when the scope cannot be opened, the pipeline
// fails, or nothing at all could be read.
func (s *Service) scanScope(ctx context.Context, ref jobs.ScopeRef) (err error) {
	start := time.Now()
	var res *scan.Result
	defer func() {
		// A scan's garbage is the service's peak: hand it back to the
		// system now rather than hold it through the idle hours.
		defer debug.FreeOSMemory()
		var health []model.ServiceHealth
		if res != nil {
			health = res.Scan.Health
		}
		s.tel.Scanned(ref.Connector, err, time.Since(start), health)
	}()
	cfg, conns := s.current()
	c, ok := conns[ref.Connector]
	if !ok {
		return fmt.Errorf("connector %s is not configured (any more); its queued scan is dropped", ref.Connector)
	}
	t, err := c.Open(ctx, ref.Scope, s.lib, s.log)
	if err != nil {
		return err
	}
	if t.Adopt != "" {
		// Findings an organization-wide scan stored become the account's,
		// so its scans resolve them; it is a no-op once done.
		state, ok := s.store.(store.ServiceState)
		if !ok {
			return fmt.Errorf("scan %s: the store cannot move findings between accounts", ref)
		}
		n, err := state.AdoptAccount(ctx, t.Kind, t.Adopt, t.Account)
		if err != nil {
			return err
		}
		if n > 0 {
			s.log.Info("findings of the organization's scans moved to the account's", "connector", ref.Connector, "scope", ref.Scope, "findings", n)
		}
	}
	// A scope's first scan is a baseline: what it finds is recorded as
	// told and summed up once per channel, not announced one by one.
	scanned, err := s.store.HasScanned(ctx, t.Kind, t.Account)
	if err != nil {
		return err
	}
	if !scanned && t.Adopt != "" {
		if scanned, err = s.store.HasScanned(ctx, t.Kind, t.Adopt); err != nil {
			return err
		}
	}
	sink := notifySink{s: s, cfg: cfg, ctx: ctx, ref: ref}
	if !scanned && !cfg.Serve.AnnounceFirstScan && !s.extraNotify.AnnounceFirstScans {
		sink.baseline = ref.Scope
		defer func() {
			if berr := s.notifier().Baseline(ctx, ref.Scope); berr != nil {
				s.log.Error("first-scan summary", "connector", ref.Connector, "scope", ref.Scope, "err", berr)
			}
		}()
	}
	req := scan.Request{Kind: t.Kind, Account: t.Account, Source: t.Source, Library: s.lib, Store: s.store,
		Log: s.log, Params: cfg.RuleParams(), Now: s.now, Criticality: criticality(cfg), Sink: sink}
	if len(t.Peers) > 0 {
		if req.BaseIndex, err = s.peerIndex(ctx, t); err != nil {
			return fmt.Errorf("scan %s: read the other accounts' resources: %w", ref, err)
		}
	}
	if req.Exceptions, err = exceptions.Load(ctx, s.store); err != nil {
		return err
	}
	marks, err := s.store.Marks(ctx, "")
	if err != nil {
		return err
	}
	req.FalsePositives = store.MarksInForce(marks, s.now())
	res, err = scan.Run(ctx, req)
	if err != nil {
		return fmt.Errorf("scan %s: %w", ref, err)
	}
	if res.Unread() {
		return errors.New(t.Unread + unreadBecause(res.Scan.Coverage))
	}
	s.log.Info("scan finished", "connector", ref.Connector, "scope", ref.Scope, "scan", res.Scan.ID, "status", res.Scan.Status,
		"resources", res.Resources, "opened", res.Opened, "resolved", len(res.Resolved), "seconds", time.Since(start).Seconds())
	s.resolvedTold(ctx, cfg, ref, res)
	return nil
}

// peerIndex holds the stored resources of t's peer accounts of the types
// rules read across scopes, as their own last scans stored them (and
// those an organization-wide scan stored that no account adopted yet).
// A peer scanned at the same time is seen as its previous scan left it.
func (s *Service) peerIndex(ctx context.Context, t Target) (*graph.Index, error) {
	types := s.lib.Engine.RelatedTypes()
	ix := graph.NewIndex(types)
	accounts := slices.Clone(t.Peers)
	if t.Adopt != "" {
		accounts = append(accounts, t.Adopt)
	}
	rs, err := s.store.StoredResources(ctx, store.StoredQuery{Source: t.Kind, Accounts: accounts, Types: types})
	if err != nil {
		return nil, err
	}
	rs = slices.DeleteFunc(rs, func(r *model.Resource) bool { return r.Account == t.Account })
	ix.Add(rs)
	return ix, nil
}

// unreadBecause lists the reasons of the first coverage records not read
// in full ("; assume …: access denied"), for the error of a scan that
// read nothing.
func unreadBecause(cov []model.Coverage) string {
	const most = 3
	var b strings.Builder
	n := 0
	for _, c := range cov {
		if c.Status == model.CoverageComplete || c.Reason == "" {
			continue
		}
		if n == most {
			b.WriteString("; …")
			break
		}
		fmt.Fprintf(&b, "; %s: %s", c.Scope, c.Reason)
		n++
	}
	return b.String()
}
