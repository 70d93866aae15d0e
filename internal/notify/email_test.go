package notify_test

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/vigil-cspm/vigil/internal/config"
	"github.com/vigil-cspm/vigil/internal/model"
	"github.com/vigil-cspm/vigil/internal/notify"
	"github.com/vigil-cspm/vigil/internal/store"
)

// mailpitVersion is the Mailpit tools/mailpit pins and
// scripts/mailpit.sh builds.
const mailpitVersion = "v1.33.1"

// mailpitBinary is $VIGIL_MAILPIT, else the build of scripts/mailpit.sh
// in the test environment's cache; a missing one skips the test, or
// fails it when VIGIL_REQUIRE_INTEGRATION=1.
func mailpitBinary(t *testing.T) string {
	bin := os.Getenv("VIGIL_MAILPIT")
	if bin == "" {
		dir := os.Getenv("VIGIL_TESTENV_CACHE")
		if dir == "" {
			base, err := os.UserCacheDir()
			if err != nil {
				t.Fatal(err)
			}
			dir = filepath.Join(base, "vigil-testenv")
		}
		bin = filepath.Join(dir, "mailpit-"+mailpitVersion)
	}
	if fi, err := os.Stat(bin); err != nil || fi.Mode().Perm()&0o111 == 0 {
		msg := fmt.Sprintf("Mailpit %s is needed for the e-mail test (%s): run scripts/mailpit.sh (or set VIGIL_MAILPIT)", mailpitVersion, bin)
		if os.Getenv("VIGIL_REQUIRE_INTEGRATION") == "1" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	return bin
}

func freePort(t *testing.T) int {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// selfSigned writes a certificate for 127.0.0.1 and its key into dir
// and returns their paths and a pool trusting it.
func selfSigned(t *testing.T, dir string) (certFile, keyFile string, pool *x509.CertPool) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "127.0.0.1"}, IPAddresses: []net.IP{net.ParseIP("127.0.0.1")},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour), KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	kb, _ := x509.MarshalECPrivateKey(key)
	certFile, keyFile = filepath.Join(dir, "smtp.crt"), filepath.Join(dir, "smtp.key")
	os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600)
	os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kb}), 0o600)
	cert, _ := x509.ParseCertificate(der)
	pool = x509.NewCertPool()
	pool.AddCert(cert)
	return certFile, keyFile, pool
}

// mailpit is a running Mailpit: its SMTP port and its API.
type mailpit struct {
	smtp int
	api  string
}

// startMailpit runs Mailpit on loopback with args added, until the test
// ends.
func startMailpit(t *testing.T, bin string, args ...string) *mailpit {
	dir := t.TempDir()
	m := &mailpit{smtp: freePort(t)}
	ui := freePort(t)
	m.api = fmt.Sprintf("http://127.0.0.1:%d", ui)
	cmd := exec.Command(bin, append([]string{"--smtp", fmt.Sprintf("127.0.0.1:%d", m.smtp), "--listen", fmt.Sprintf("127.0.0.1:%d", ui),
		"--database", filepath.Join(dir, "mailpit.db"), "--disable-version-check", "--smtp-disable-rdns", "--quiet"}, args...)...)
	var out strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
	})
	deadline := time.Now().Add(20 * time.Second)
	for {
		resp, err := http.Get(m.api + "/api/v1/info")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				if c, err := net.Dial("tcp", fmt.Sprintf("127.0.0.1:%d", m.smtp)); err == nil {
					c.Close()
					return m
				}
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("Mailpit did not start: %s", out.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

type mpAddress struct {
	Address string `json:"Address"`
}

type mpMessage struct {
	ID      string      `json:"ID"`
	From    mpAddress   `json:"From"`
	To      []mpAddress `json:"To"`
	Bcc     []mpAddress `json:"Bcc"`
	Subject string      `json:"Subject"`
	Text    string      `json:"Text"`
}

func (m *mailpit) messages(t *testing.T) []mpMessage {
	var list struct {
		Messages []mpMessage `json:"messages"`
	}
	get(t, m.api+"/api/v1/messages", &list)
	out := make([]mpMessage, 0, len(list.Messages))
	for _, s := range list.Messages {
		var full mpMessage
		get(t, m.api+"/api/v1/message/"+s.ID, &full)
		out = append(out, full)
	}
	return out
}

func get(t *testing.T, u string, v any) {
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %s", u, resp.Status)
	}
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
		t.Fatal(err)
	}
}

// TestEmailThroughMailpit: pages go out as mail through a real SMTP
// server (Mailpit) over STARTTLS with authentication; a finding's title
// cannot add headers; a server without STARTTLS, when it is required,
// fails the delivery at once with what to do, and no password shows.
func TestEmailThroughMailpit(t *testing.T) {
	bin := mailpitBinary(t)
	cert, key, pool := selfSigned(t, t.TempDir())
	tlsMP := startMailpit(t, bin, "--smtp-tls-cert", cert, "--smtp-tls-key", key, "--smtp-require-starttls", "--smtp-auth-accept-any")
	plainMP := startMailpit(t, bin)
	const password = "sm7p-Pa55w0rd-secret"
	each(t, func(t *testing.T, st store.Store) {
		for _, mp := range []*mailpit{tlsMP, plainMP} {
			req, _ := http.NewRequest(http.MethodDelete, mp.api+"/api/v1/messages", nil)
			if resp, err := http.DefaultClient.Do(req); err == nil {
				resp.Body.Close()
			}
		}
		e := notify.NewEmail("127.0.0.1", tlsMP.smtp, "vigil@example.com", []string{"oncall@example.com", "sec@example.com"}, "vigil", password, true)
		e.RootCAs = pool
		noTLS := notify.NewEmail("127.0.0.1", plainMP.smtp, "vigil@example.com", []string{"oncall@example.com"}, "", "", true)
		routes := []config.Route{
			{Match: config.RouteMatch{Accounts: []string{"2*"}}, Action: config.ActionPage, Channel: "plain"},
			{Action: config.ActionPage, Channel: "mail"},
		}
		n := newNotifier(t, st, routes, nil,
			&notify.Destination{Name: "mail", Kind: "email", Sender: e, Secrets: []string{password}},
			&notify.Destination{Name: "plain", Kind: "email", Sender: noTLS})
		f := withOwner(finding("aws-s3-public", "111111111111", "logs", model.SeverityHigh), "payments")
		f.Title = "Bucket is public\r\nBcc: evil@example.com"
		scan(t, n, f, finding("aws-s3-public", "222222222222", "other", model.SeverityHigh))

		got := tlsMP.messages(t)
		if len(got) != 1 {
			t.Fatalf("%d messages in Mailpit, want 1", len(got))
		}
		m := got[0]
		if m.From.Address != "vigil@example.com" || len(m.To) != 2 || m.To[0].Address != "oncall@example.com" || len(m.Bcc) != 0 {
			t.Errorf("envelope from %v to %v bcc %v", m.From, m.To, m.Bcc)
		}
		if m.Subject != "[HIGH] opened: Bucket is public Bcc: evil@example.com — arn:aws:s3:::logs" {
			t.Errorf("subject %q", m.Subject)
		}
		for _, want := range []string{"aws-s3-public fails on logs", "Remediation:\nfix it", "Owner: payments", "https://vigil.example.com/findings/" + f.Fingerprint} {
			if !strings.Contains(strings.ReplaceAll(m.Text, "\r\n", "\n"), want) {
				t.Errorf("body lacks %q:\n%s", want, m.Text)
			}
		}
		if len(plainMP.messages(t)) != 0 {
			t.Error("mail went to a server without STARTTLS")
		}
		d := deliveries(t, st, store.DeliveryQuery{Channel: "plain"})
		if len(d) != 1 || d[0].Status != store.DeliveryFailed || d[0].Attempts != 1 || !strings.Contains(d[0].LastError, "does not offer STARTTLS") {
			t.Errorf("delivery to a server without STARTTLS: %+v, want failed at once saying why", d)
		}
		for _, d := range deliveries(t, st, store.DeliveryQuery{}) {
			if strings.Contains(d.LastError, password) {
				t.Errorf("delivery log shows the SMTP password: %q", d.LastError)
			}
		}
	})
}
