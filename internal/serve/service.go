package serve

import (
	"context"
	"crypto/rand"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/vigil-cspm/vigil/internal/config"
	"github.com/vigil-cspm/vigil/internal/jobs"
	"github.com/vigil-cspm/vigil/internal/metrics"
	"github.com/vigil-cspm/vigil/internal/model"
	"github.com/vigil-cspm/vigil/internal/notify"
	"github.com/vigil-cspm/vigil/internal/scan"
	"github.com/vigil-cspm/vigil/internal/server"
	"github.com/vigil-cspm/vigil/internal/server/api"
	"github.com/vigil-cspm/vigil/internal/server/auth"
	"github.com/vigil-cspm/vigil/internal/server/oidc"
	"github.com/vigil-cspm/vigil/internal/store"
	"github.com/vigil-cspm/vigil/internal/telemetry"
)

// Options are what a Service runs on.
type Options struct {
	Config *config.Config
	// Store is the open store; DSN names it (a SQLite path or a
	// postgres:// DSN), so the jobs engine opens the same database.
	Store   store.Store
	DSN     string
	Library *scan.Library
	// Listen overrides serve.listen.
	Listen string
	// Connectors are scanned besides the configured ones (the demo's).
	Connectors []Connector
	// RunOnStart scans every connector at start (the demo).
	RunOnStart bool
	// Routes are served besides the built-in ones (API, dashboards).
	Routes [][]server.Route
	// Notice receives the one-time sign-in link (stderr).
	Notice io.Writer
	Log    *slog.Logger
	Now    func() time.Time
	// Workers scan at once (default 2).
	Workers int
	// Jobs tunes the jobs engine's retries and failure threshold (zero
	// values: the engine's defaults); Tick is how often digests and
	// connector health are checked (default 1 min). Tests shorten them.
	Jobs jobs.Options
	Tick time.Duration
	// Notifications are routed besides the configured ones (the demo's).
	Notifications Notifications
	// Reload reads the configuration again (SIGHUP, POST /api/v1/reload);
	// nil: the service cannot reload.
	Reload func() (*config.Config, error)
}

// Service is a running `vigil serve`.
type Service struct {
	// mu guards cfg and connectors, which Reload replaces.
	mu         sync.RWMutex
	cfg        *config.Config
	connectors map[string]Connector
	extra      []Connector
	reload     func() (*config.Config, error)
	tokens     *auth.Tokens
	notes      *notify.Notifier
	// extraNotify are the Options' notifications.
	extraNotify Notifications
	store       store.Store
	lib         *scan.Library
	log         *slog.Logger
	now         func() time.Time
	engine      *jobs.Engine
	srv         *server.Server
	listener    net.Listener
	notice      io.Writer
	runOnStart  bool
	tel         *telemetry.Telemetry
	tick        time.Duration
	scheme      string
}

// New builds the service: connectors, jobs engine, server. Nothing runs
// until Run.
func New(ctx context.Context, o Options) (*Service, error) {
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Workers <= 0 {
		o.Workers = 2
	}
	if o.Tick <= 0 {
		o.Tick = time.Minute
	}
	s := &Service{cfg: o.Config, store: o.Store, lib: o.Library, log: o.Log, now: o.Now,
		notice: o.Notice, runOnStart: o.RunOnStart, extra: o.Connectors, reload: o.Reload, extraNotify: o.Notifications, tick: o.Tick, scheme: "http"}
	conns, jc, err := s.connectorsOf(o.Config, o.RunOnStart)
	if err != nil {
		return nil, err
	}
	s.connectors = conns
	if s.notes, err = s.newNotifier(o.Config); err != nil {
		return nil, err
	}
	// On any later failure, release what was started: the notifier's
	// goroutines and the engine's database.
	built := false
	defer func() {
		if built {
			return
		}
		s.notes.Close(context.WithoutCancel(ctx))
		if s.engine != nil {
			s.engine.Close()
		}
	}()
	inv := o.Config.Inventory
	s.tel = telemetry.New(telemetry.Sources{Store: o.Store, Rules: sortedRules(o.Library), Now: o.Now, Log: o.Log,
		Expected:      metrics.Expected{Accounts: inv.Accounts, Organizations: inv.Organizations, Clusters: inv.Clusters},
		Health:        s.Health,
		Notifications: func() []notify.Count { return s.notifier().Counts() }})
	jo := o.Jobs
	jo.Scan, jo.Connectors, jo.Workers, jo.Logger = s.scanScope, jc, o.Workers, o.Log
	if jo.PollInterval == 0 {
		jo.PollInterval = time.Second
	}
	if s.engine, err = jobs.Open(ctx, o.DSN, jo); err != nil {
		return nil, err
	}
	if s.srv, err = s.server(ctx, o); err != nil {
		return nil, err
	}
	listen := o.Listen
	if listen == "" {
		listen = o.Config.Serve.Listen
	}
	var tlsConf *tls.Config
	if t := o.Config.Serve.TLS; t != nil {
		cert, err := tls.LoadX509KeyPair(o.Config.Path(t.CertFile), o.Config.Path(t.KeyFile))
		if err != nil {
			return nil, fmt.Errorf("serve.tls: load %s and %s: %w (a PEM certificate chain and its private key)", t.CertFile, t.KeyFile, err)
		}
		tlsConf = &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
	}
	if s.listener, err = net.Listen("tcp", listen); err != nil {
		return nil, fmt.Errorf("listen on %s: %w (is another vigil serve running? pass --listen 127.0.0.1:0 for any free port)", listen, err)
	}
	if tlsConf != nil {
		s.listener, s.scheme = tls.NewListener(s.listener, tlsConf), "https"
	}
	built = true
	return s, nil
}

// server builds the HTTP server with the session key every process on
// the store shares.
func (s *Service) server(ctx context.Context, o Options) (*server.Server, error) {
	state, ok := o.Store.(store.ServiceState)
	if _, browses := o.Store.(api.Store); !ok || !browses {
		return nil, errors.New("the store cannot serve the API (it needs the SQL store's paging, proposals and audit log)")
	}
	key, err := state.Secret(ctx, "session-key", func() ([]byte, error) {
		b := make([]byte, auth.KeySize)
		_, err := rand.Read(b)
		return b, err
	})
	if err != nil {
		return nil, err
	}
	if s.tokens, err = auth.LoadTokens(o.Config.Serve.Auth.Tokens, o.Config.Path); err != nil {
		return nil, err
	}
	secure := o.Config.Serve.TLS != nil || strings.HasPrefix(o.Config.Serve.PublicURL, "https://")
	sessions, err := auth.NewSessions(key, time.Duration(o.Config.Serve.Auth.SessionTTL), secure, o.Now)
	if err != nil {
		return nil, err
	}
	metricsRoute := server.Route{Method: "GET", Path: "/metrics", Need: auth.NeedViewer,
		Summary: "Prometheus metrics (scrape with a viewer token)", Handler: s.tel.Handler().ServeHTTP}
	groups := append([][]server.Route{{metricsRoute}, s.apiRoutes(o), s.webRoutes(o)}, o.Routes...)
	var signIn []server.SignInOption
	if oc := o.Config.Serve.Auth.OIDC; oc != nil {
		prov, err := oidc.New(ctx, oc, sessions, oidc.Options{Key: key, Audit: state, Log: o.Log, Now: o.Now})
		if err != nil {
			return nil, err
		}
		signIn, groups = append(signIn, prov.SignIn()), append(groups, prov.Routes())
	}
	return server.New(server.Options{Audit: state, Tokens: s.tokens, Sessions: sessions, Log: o.Log, Now: o.Now,
		Ready: s.ready, Observe: s.tel.Observe, SignIn: signIn}, groups...)
}

// sortedRules are the library's rules by id.
func sortedRules(lib *scan.Library) []*model.RuleMeta {
	out := make([]*model.RuleMeta, 0, len(lib.Rules()))
	for _, r := range lib.Rules() {
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// Telemetry is the service's metrics.
func (s *Service) Telemetry() *telemetry.Telemetry { return s.tel }

// ready is /readyz: the store answers and the engine's database too.
func (s *Service) ready(ctx context.Context) error {
	if _, err := s.store.Scans(ctx, 1); err != nil {
		return fmt.Errorf("store: %w", err)
	}
	if _, err := s.engine.Health(ctx); err != nil {
		return fmt.Errorf("jobs: %w", err)
	}
	return nil
}

// Addr is the address the service listens on.
func (s *Service) Addr() string { return s.listener.Addr().String() }

// URL is the service's base URL as reached on its own address.
func (s *Service) URL() string {
	cfg, _ := s.current()
	if u := cfg.Serve.PublicURL; u != "" {
		return u
	}
	return s.scheme + "://" + s.Addr()
}

// Engine is the service's jobs engine.
func (s *Service) Engine() *jobs.Engine { return s.engine }

// Server is the service's HTTP server.
func (s *Service) Server() *server.Server { return s.srv }

// SignInLink makes a one-time link that signs in an admin.
func (s *Service) SignInLink(ttl time.Duration) string {
	tok := s.srv.Links().New(auth.Principal{Name: "admin (sign-in link)", Role: config.RoleAdmin}, ttl)
	return s.URL() + "/login/link?token=" + tok
}

// Run starts the jobs engine and the server and runs until ctx is done;
// then it stops taking requests and scans, waits for running scans up to
// a grace period, and closes the engine.
func (s *Service) Run(ctx context.Context) error {
	if err := s.engine.Start(ctx); err != nil {
		s.listener.Close()
		s.notifier().Close(context.WithoutCancel(ctx))
		s.engine.Close()
		if ctx.Err() != nil {
			return nil // stopped before it started
		}
		return err
	}
	if s.notice != nil {
		fmt.Fprintf(s.notice, "vigil serve: listening on %s\nvigil serve: sign in as admin with this one-time link (valid 24 h): %s\n", s.URL(), s.SignInLink(24*time.Hour))
	}
	s.resumeNotifications(ctx)
	var wg sync.WaitGroup
	hctx, stopHousekeeping := context.WithCancel(ctx)
	wg.Add(1)
	go s.housekeeping(hctx, &wg)
	serveErr := make(chan error, 1)
	go func() { serveErr <- s.srv.Serve(ctx, s.listener, 10*time.Second) }()
	var err error
	select {
	case <-ctx.Done():
		err = <-serveErr
	case err = <-serveErr:
	}
	stopCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 2*time.Minute)
	defer cancel()
	if serr := s.engine.Stop(stopCtx, 30*time.Second); serr != nil && !errors.Is(serr, context.Canceled) {
		err = errors.Join(err, serr)
	}
	stopHousekeeping()
	wg.Wait()
	// Deliveries still queued get a moment to go out.
	if nerr := s.notifier().Close(stopCtx); nerr != nil {
		s.log.Warn("notifications still queued at shutdown were not sent", "err", nerr)
	}
	return errors.Join(err, s.engine.Close())
}
