package serve

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"strings"
	"time"

	"github.com/vigil-cspm/vigil/internal/config"
	"github.com/vigil-cspm/vigil/internal/jobs"
	"github.com/vigil-cspm/vigil/internal/server"
	"github.com/vigil-cspm/vigil/internal/server/auth"
)

// current is the configuration and connectors in force.
func (s *Service) current() (*config.Config, map[string]Connector) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.cfg, s.connectors
}

// connectorsOf builds the connectors of cfg plus the extra ones, and
// their jobs.
func (s *Service) connectorsOf(cfg *config.Config, runOnStart bool) (map[string]Connector, []jobs.Connector, error) {
	conns, err := fromConfig(cfg, s.log)
	if err != nil {
		return nil, nil, err
	}
	byName := map[string]Connector{}
	var jc []jobs.Connector
	for _, c := range append(conns, s.extra...) {
		if _, dup := byName[c.Name]; dup {
			return nil, nil, fmt.Errorf("connector %s is defined twice", c.Name)
		}
		byName[c.Name] = c
		sched := c.Schedule
		sched.RunOnStart = runOnStart
		j := jobs.Connector{Name: c.Name, Scopes: c.Scopes, Schedule: sched}
		if c.Discover != nil {
			discover, log := c.Discover, s.log.With("connector", c.Name)
			j.Discover = func(ctx context.Context) ([]string, error) { return discover(ctx, log) }
		}
		jc = append(jc, j)
	}
	return byName, jc, nil
}

// Reload reads the configuration again and applies it without dropping
// running scans: connectors and schedules, tokens, rule parameters,
// owners and criticality. An invalid configuration changes nothing.
// Settings read only at start (listen, tls, store, OIDC, session length)
// are reported as needing a restart.
func (s *Service) Reload(ctx context.Context) ([]string, error) {
	if s.reload == nil {
		return nil, errors.New("this service has no configuration file to reload (start it with --config)")
	}
	cfg, err := s.reload()
	if err != nil {
		return nil, err
	}
	conns, jc, err := s.connectorsOf(cfg, false)
	if err != nil {
		return nil, err
	}
	tokens, err := auth.LoadTokens(cfg.Serve.Auth.Tokens, cfg.Path)
	if err != nil {
		return nil, err
	}
	notes, err := s.newNotifier(cfg)
	if err != nil {
		return nil, err
	}
	if err := s.engine.Reconfigure(jc); err != nil {
		notes.Close(ctx)
		return nil, err
	}
	old, _ := s.current()
	s.mu.Lock()
	s.cfg, s.connectors, s.notes, notes = cfg, conns, notes, s.notes
	s.mu.Unlock()
	// The previous notifier's queued deliveries get a moment to go out.
	closeCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := notes.Close(closeCtx); err != nil {
		s.log.Warn("notifications queued before the reload were not all sent", "err", err)
	}
	s.resumeNotifications(ctx)
	s.tokens.Replace(tokens)
	var restart []string
	o, n := old.Serve, cfg.Serve
	for _, c := range []struct {
		name string
		same bool
	}{
		{"serve.listen", o.Listen == n.Listen},
		{"serve.tls", reflect.DeepEqual(o.TLS, n.TLS)},
		{"serve.auth.oidc", reflect.DeepEqual(o.Auth.OIDC, n.Auth.OIDC)},
		{"serve.auth.session_ttl", o.Auth.SessionTTL == n.Auth.SessionTTL},
		{"store", reflect.DeepEqual(old.Store, cfg.Store)},
	} {
		if !c.same {
			restart = append(restart, c.name)
		}
	}
	s.log.Info("configuration reloaded", "connectors", len(conns), "tokens", tokens.Len(), "needs_restart", strings.Join(restart, ","))
	return restart, nil
}

// reloadHandler is POST /api/v1/reload.
func (s *Service) reloadHandler() http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		restart, err := s.Reload(r.Context())
		if err != nil {
			server.Audit(r, "configuration", "refused: "+err.Error())
			server.Fail(w, http.StatusUnprocessableEntity, "the configuration was not reloaded: "+err.Error(), "fix vigil.yaml (vigil config validate) and reload again; the service runs on the previous configuration")
			return
		}
		server.Audit(r, "configuration", "reloaded")
		server.JSON(w, http.StatusOK, map[string]any{"reloaded": true, "needs_restart": restart})
	}
}
