package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"runtime/debug"
	"sort"
	"time"

	"github.com/vigil-cspm/vigil/internal/server/auth"
	"github.com/vigil-cspm/vigil/internal/store"
)

// Options are what the server needs besides its routes.
type Options struct {
	// Audit receives the audit log (the store; required).
	Audit store.ServiceState
	// Tokens recognises API tokens; Sessions session cookies (required).
	Tokens   *auth.Tokens
	Sessions *auth.Sessions
	// Links are one-time sign-in links (GET /login/link?token=…).
	Links *auth.Links
	// Ready reports whether the service can take work (GET /readyz);
	// nil is always ready.
	Ready func(context.Context) error
	// SignIn lists the ways people sign in, shown on /login: OIDC
	// providers' start URLs.
	SignIn []SignInOption
	// Observe, when set, is told of every request: its route pattern
	// (bounded: "" for no route), status and duration — for metrics.
	Observe func(pattern string, status int, d time.Duration)
	Log     *slog.Logger
	// Now is the clock of the audit log (nil: time.Now).
	Now func() time.Time
}

// SignInOption is a way to sign in shown on the sign-in page.
type SignInOption struct {
	Label, URL string
}

// Server serves the routes it was built with.
type Server struct {
	opts    Options
	routes  []Route
	handler http.Handler
	authLim *auth.Limiter
}

// New builds a server from groups of routes. It fails when a route has
// no authentication decision or two routes share a pattern.
func New(opts Options, groups ...[]Route) (*Server, error) {
	if opts.Audit == nil || opts.Tokens == nil || opts.Sessions == nil {
		return nil, errors.New("server: Options.Audit, Tokens and Sessions are required")
	}
	if opts.Log == nil {
		opts.Log = slog.New(slog.DiscardHandler)
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Links == nil {
		opts.Links = auth.NewLinks(opts.Now)
	}
	s := &Server{opts: opts, authLim: auth.NewLimiter(6*time.Second, 10)}
	all := append([][]Route{s.builtin()}, groups...)
	mux := http.NewServeMux()
	seen := map[string]bool{}
	for _, g := range all {
		for _, r := range g {
			if err := r.check(); err != nil {
				return nil, err
			}
			if seen[r.Pattern()] {
				return nil, fmt.Errorf("route %s is registered twice", r.Pattern())
			}
			seen[r.Pattern()] = true
			if err := handle(mux, r, s.authorize(r)); err != nil {
				return nil, err
			}
			s.routes = append(s.routes, r)
		}
	}
	sort.Slice(s.routes, func(i, j int) bool {
		if s.routes[i].Path != s.routes[j].Path {
			return s.routes[i].Path < s.routes[j].Path
		}
		return s.routes[i].Method < s.routes[j].Method
	})
	csrf := http.NewCrossOriginProtection()
	csrf.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		Fail(w, http.StatusForbidden, "cross-origin write refused", "send writes from the dashboard's own pages, or with an API token from a non-browser client")
	}))
	s.handler = s.recover(headers(s.observe(mux, csrf)))
	return s, nil
}

// handle registers one route, turning the mux's panic on a conflicting
// pattern into an error.
func handle(mux *http.ServeMux, r Route, h http.Handler) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("route %s: %v", r.Pattern(), p)
		}
	}()
	mux.Handle(r.Pattern(), h)
	return nil
}

// Routes lists the routes served, by path then method.
func (s *Server) Routes() []Route { return s.routes }

// Handler is the server's whole handler.
func (s *Server) Handler() http.Handler { return s.handler }

// Links are the server's one-time sign-in links.
func (s *Server) Links() *auth.Links { return s.opts.Links }

// Serve answers on l until ctx is done, then shuts down, giving requests
// in flight grace to finish.
func (s *Server) Serve(ctx context.Context, l net.Listener, grace time.Duration) error {
	hs := &http.Server{Handler: s.handler, ReadHeaderTimeout: 10 * time.Second, IdleTimeout: 2 * time.Minute,
		ErrorLog: slog.NewLogLogger(s.opts.Log.Handler(), slog.LevelWarn)}
	done := make(chan error, 1)
	go func() { done <- hs.Serve(l) }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), grace)
	defer cancel()
	err := hs.Shutdown(sctx)
	<-done
	return err
}

// recover answers a panicking handler with 500 and logs the stack; the
// client never sees it.
func (s *Server) recover(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if p := recover(); p != nil {
				if p == http.ErrAbortHandler {
					panic(p)
				}
				s.opts.Log.Error("handler panicked", "method", r.Method, "path", r.URL.Path, "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
				Fail(w, http.StatusInternalServerError, "internal error", "the server logged the details; report them with the time of the request")
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// ContentSecurityPolicy is sent with every response: the dashboards load
// only the server's own scripts, styles and images, run no inline
// script, and cannot be framed.
const ContentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

func headers(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", ContentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Cache-Control", "no-store")
		if r.TLS != nil {
			h.Set("Strict-Transport-Security", "max-age=31536000")
		}
		next.ServeHTTP(w, r)
	})
}

// recorder keeps the status a handler answered with.
type recorder struct {
	http.ResponseWriter
	status int
}

func (r *recorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *recorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	return r.ResponseWriter.Write(b)
}

func (r *recorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

// observe logs each request and tells Observe; authentication runs here
// so the log names the principal.
func (s *Server) observe(mux *http.ServeMux, csrf *http.CrossOriginProtection) http.Handler {
	inner := csrf.Handler(mux)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &recorder{ResponseWriter: w}
		p, refused := s.authenticate(rec, r)
		if !refused {
			inner.ServeHTTP(rec, r.WithContext(auth.With(r.Context(), p)))
		}
		_, pattern := mux.Handler(r)
		d := time.Since(start)
		if s.opts.Observe != nil {
			s.opts.Observe(pattern, rec.status, d)
		}
		who := ""
		if p != nil {
			who = p.Name
		}
		s.opts.Log.Debug("request", "method", r.Method, "path", r.URL.Path, "status", rec.status, "ms", d.Milliseconds(), "principal", who)
	})
}

// remote is the client's address without the port.
func remote(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}
