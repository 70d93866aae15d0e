package admission_test

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/vigil-cspm/vigil/internal/admission"
)

// TestServerTLSReload: the webhook speaks TLS 1.2+ only, serves a
// rotated certificate once its files change, keeps the old one when
// the new files are broken, and answers probes and metrics.
func TestServerTLSReload(t *testing.T) {
	dir := t.TempDir()
	ca1 := servingCert(t, dir, "first")
	certs := &admission.CertReloader{CertFile: filepath.Join(dir, "tls.crt"), KeyFile: filepath.Join(dir, "tls.key")}
	if err := certs.Load(); err != nil {
		t.Fatal(err)
	}
	h := newHandler(t, &admission.Static{}, admission.Floor{})
	srv := &admission.Server{Handler: h, TLS: admission.TLSConfig(certs)}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	mln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ctx, ln, mln) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Serve: %v", err)
		}
	})
	peer := func(ca []byte, maxVersion uint16) (string, error) {
		pool := x509.NewCertPool()
		pool.AppendCertsFromPEM(ca)
		c, err := tls.Dial("tcp", ln.Addr().String(), &tls.Config{RootCAs: pool, MaxVersion: maxVersion})
		if err != nil {
			return "", err
		}
		defer c.Close()
		return c.ConnectionState().PeerCertificates[0].Subject.CommonName, nil
	}
	if cn, err := peer(ca1, 0); err != nil || cn != "first" {
		t.Fatalf("first certificate: %q %v", cn, err)
	}
	if _, err := peer(ca1, tls.VersionTLS11); err == nil {
		t.Errorf("a TLS 1.1 handshake succeeded")
	}
	time.Sleep(20 * time.Millisecond) // a new modification time
	ca2 := servingCert(t, dir, "second")
	if cn, err := peer(ca2, 0); err != nil || cn != "second" {
		t.Fatalf("after rotation: %q %v", cn, err)
	}
	time.Sleep(20 * time.Millisecond)
	if err := os.WriteFile(filepath.Join(dir, "tls.key"), []byte("not a key"), 0o600); err != nil {
		t.Fatal(err)
	}
	if cn, err := peer(ca2, 0); err != nil || cn != "second" {
		t.Errorf("a broken key file replaced the served certificate: %q %v", cn, err)
	}
	get := func(path string) string {
		resp, err := http.Get("http://" + mln.Addr().String() + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != http.StatusOK {
			t.Errorf("GET %s: %s", path, resp.Status)
		}
		return string(b)
	}
	if get("/healthz") != "ok" || get("/readyz") != "ok" {
		t.Errorf("probes")
	}
	if m := get("/metrics"); !strings.Contains(m, "vigil_admission_errors_total") {
		t.Errorf("metrics:\n%s", m)
	}
}
