package admission

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"sync"
	"time"
)

// CertReloader serves a certificate and key from PEM files, read again
// on a handshake once either file's modification time has changed (so a
// rotated Secret's files take effect without a restart). A reload that
// fails keeps the certificate it has, and says so in the log.
type CertReloader struct {
	CertFile, KeyFile string
	Log               *slog.Logger

	mu      sync.Mutex
	cert    *tls.Certificate
	certMod time.Time
	keyMod  time.Time
}

// Load reads the files; call it once before serving to fail early.
func (c *CertReloader) Load() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.load()
}

func (c *CertReloader) load() error {
	cm, err := modTime(c.CertFile)
	if err != nil {
		return err
	}
	km, err := modTime(c.KeyFile)
	if err != nil {
		return err
	}
	if c.cert != nil && cm.Equal(c.certMod) && km.Equal(c.keyMod) {
		return nil
	}
	cert, err := tls.LoadX509KeyPair(c.CertFile, c.KeyFile)
	if err != nil {
		return fmt.Errorf("load the TLS certificate %s and key %s: %w; give PEM files of a matching pair", c.CertFile, c.KeyFile, err)
	}
	c.cert, c.certMod, c.keyMod = &cert, cm, km
	return nil
}

func modTime(p string) (time.Time, error) {
	fi, err := os.Stat(p)
	if err != nil {
		return time.Time{}, fmt.Errorf("TLS file: %w", err)
	}
	return fi.ModTime(), nil
}

// GetCertificate is tls.Config's GetCertificate.
func (c *CertReloader) GetCertificate(*tls.ClientHelloInfo) (*tls.Certificate, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if err := c.load(); err != nil {
		if c.cert == nil {
			return nil, err
		}
		if c.Log != nil {
			c.Log.Warn("TLS certificate not reloaded; serving the previous one", "err", err)
		}
	}
	return c.cert, nil
}

// TLSConfig is the webhook's TLS: 1.2 or later, the certificate from r.
func TLSConfig(r *CertReloader) *tls.Config {
	return &tls.Config{MinVersion: tls.VersionTLS12, GetCertificate: r.GetCertificate}
}

// Server is the webhook's two listeners: HTTPS for the API server
// (/validate, and /healthz, /readyz), and plain HTTP for Prometheus and
// probes (/metrics, /healthz, /readyz).
type Server struct {
	Handler *Handler
	TLS     *tls.Config
	// Ready reports whether the webhook can judge (its cache synced).
	Ready func() bool
	Log   *slog.Logger
}

// Mux is the webhook listener's routes.
func (s *Server) Mux() *http.ServeMux {
	mux := http.NewServeMux()
	mux.Handle("/validate", s.Handler)
	s.probes(mux)
	return mux
}

// MetricsMux is the metrics listener's routes.
func (s *Server) MetricsMux() *http.ServeMux {
	mux := http.NewServeMux()
	mux.Handle("/metrics", s.Handler.Metrics.Handler())
	s.probes(mux)
	return mux
}

func (s *Server) probes(mux *http.ServeMux) {
	mux.HandleFunc("/healthz", func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte("ok")) })
	mux.HandleFunc("/readyz", func(w http.ResponseWriter, _ *http.Request) {
		if s.Ready != nil && !s.Ready() {
			http.Error(w, errNotServing.Error(), http.StatusServiceUnavailable)
			return
		}
		_, _ = w.Write([]byte("ok"))
	})
}

// Serve serves the webhook on ln (TLS) and the metrics on mln (nil: no
// metrics listener) until ctx ends, then shuts both down.
func (s *Server) Serve(ctx context.Context, ln, mln net.Listener) error {
	hs := &http.Server{Handler: s.Mux(), TLSConfig: s.TLS, ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout: 10 * time.Second, WriteTimeout: 30 * time.Second, IdleTimeout: 90 * time.Second,
		ErrorLog: slog.NewLogLogger(s.logger().Handler(), slog.LevelWarn)}
	errs := make(chan error, 2)
	go func() { errs <- hs.Serve(tls.NewListener(ln, s.TLS)) }()
	var ms *http.Server
	if mln != nil {
		ms = &http.Server{Handler: s.MetricsMux(), ReadHeaderTimeout: 5 * time.Second}
		go func() { errs <- ms.Serve(mln) }()
	}
	var err error
	select {
	case <-ctx.Done():
	case err = <-errs:
	}
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	serr := hs.Shutdown(sctx)
	if ms != nil {
		serr = errors.Join(serr, ms.Shutdown(sctx))
	}
	if errors.Is(err, http.ErrServerClosed) {
		err = nil
	}
	return errors.Join(err, serr)
}

func (s *Server) logger() *slog.Logger {
	if s.Log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return s.Log
}
