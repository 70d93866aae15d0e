package admission_test

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"math/big"
	"net"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"

	"github.com/vigil-cspm/vigil/internal/admission"
	"github.com/vigil-cspm/vigil/internal/kubetest"
)

// bundleCAs parses the PEM CAs of the webhook configuration's first
// webhook.
func bundleCAs(t *testing.T, cs kubernetes.Interface) []*x509.Certificate {
	t.Helper()
	cfg, err := cs.AdmissionregistrationV1().ValidatingWebhookConfigurations().Get(context.Background(), admission.Name, metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var out []*x509.Certificate
	for rest := cfg.Webhooks[0].ClientConfig.CABundle; ; {
		var b *pem.Block
		if b, rest = pem.Decode(rest); b == nil {
			return out
		}
		c, err := x509.ParseCertificate(b.Bytes)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, c)
	}
}

// TestManagedCertsCluster: two replicas managing their own certificates
// against a real API server, with the rights the manifests grant. Each publishes its CA in the webhook
// configuration without overwriting the other's; the API server trusts
// the certificates they serve (a privileged pod is refused, with the
// failure policy Fail, so a TLS failure would refuse it differently);
// each renews before expiry, publishing the new CA before serving the
// new certificate, and expired CAs leave the bundle.
func TestManagedCertsCluster(t *testing.T) {
	env := kubetest.StartTest(t, kubetest.Options{})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	cs, err := kubernetes.NewForConfig(env.AdminConfig)
	if err != nil {
		t.Fatal(err)
	}
	// The replicas act as the manifests' service account, with the
	// rights --manage-certs grants it and nothing else.
	objs, err := admission.Manifests(admission.ManifestOptions{Image: "vigil:test", ManageCerts: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range objs {
		switch o := o.(type) {
		case *rbacv1.ClusterRole:
			if o.Name == admission.Name+"-certs" {
				_, err = cs.RbacV1().ClusterRoles().Create(ctx, o, metav1.CreateOptions{})
			}
		case *rbacv1.ClusterRoleBinding:
			if o.Name == admission.Name+"-certs" {
				_, err = cs.RbacV1().ClusterRoleBindings().Create(ctx, o, metav1.CreateOptions{})
			}
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	sa := rest.CopyConfig(env.AdminConfig)
	sa.Impersonate = rest.ImpersonationConfig{UserName: "system:serviceaccount:vigil-system:" + admission.Name}
	dyn, err := dynamic.NewForConfig(sa)
	if err != nil {
		t.Fatal(err)
	}
	ns := &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: "enforced", Labels: map[string]string{"vigil.dev/enforce": "pss-baseline"}}}
	if _, err := cs.CoreV1().Namespaces().Create(ctx, ns, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	// Both replicas listen behind one address, as a Service spreads
	// requests over pods: each connection goes to the next replica.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	register(t, cs, &webhook{url: "https://" + ln.Addr().String() + "/validate"}, "Fail")
	if cas := bundleCAs(t, cs); len(cas) != 0 {
		t.Fatalf("the configuration starts with %d CAs, want none", len(cas))
	}
	const life = 12 * time.Second
	var replicas []*admission.CertManager
	var lns []net.Listener
	for range 2 {
		m := &admission.CertManager{Client: dyn, Config: admission.Name, Hosts: []string{"127.0.0.1"}, Lifetime: life, Propagation: 500 * time.Millisecond}
		if err := m.Start(ctx); err != nil {
			t.Fatal(err)
		}
		go m.Run(ctx)
		replicas = append(replicas, m)
		rl, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		lns = append(lns, rl)
		h := newHandler(t, &admission.Static{}, admission.Floor{Default: admission.Enforce}) // no namespace labels cached
		go func() { _ = (&admission.Server{Handler: h, TLS: m.TLSConfig()}).Serve(ctx, rl, nil) }()
	}
	go roundRobin(ctx, ln, lns)
	first := bundleCAs(t, cs)
	if len(first) != 2 || first[0].Equal(first[1]) {
		t.Fatalf("the bundle holds %d CAs after two replicas started, want one each", len(first))
	}
	served := func(m *admission.CertManager) *x509.Certificate {
		c, err := m.GetCertificate(nil)
		if err != nil {
			t.Fatal(err)
		}
		return c.Leaf
	}
	refused := func() error {
		for range 4 { // both replicas, twice
			_, err := cs.CoreV1().Pods("enforced").Create(ctx, pod("enforced", "priv", nil), metav1.CreateOptions{DryRun: []string{metav1.DryRunAll}})
			switch {
			case err == nil:
				return errors.New("a privileged pod was admitted")
			case !strings.Contains(err.Error(), "k8s-privileged-container"):
				return err
			}
		}
		return nil
	}
	eventually(t, "the API server did not trust the managed certificates", refused)
	before := []*x509.Certificate{served(replicas[0]), served(replicas[1])}

	// Two thirds of the lifetime on, each replica renews.
	eventually(t, "the certificates were not renewed", func() error {
		for i, m := range replicas {
			if served(m).Equal(before[i]) {
				return errors.New("replica still serves its first certificate")
			}
		}
		return nil
	})
	// A new connection to each replica verifies against the bundle as
	// the API server reads it (its kept connections may still use the
	// first certificates).
	pool := x509.NewCertPool()
	for _, ca := range bundleCAs(t, cs) {
		pool.AddCert(ca)
	}
	for i, rl := range lns {
		c, err := tls.Dial("tcp", rl.Addr().String(), &tls.Config{RootCAs: pool, ServerName: "127.0.0.1"})
		if err != nil {
			t.Errorf("replica %d after renewal: %v", i, err)
			continue
		}
		if leaf := c.ConnectionState().PeerCertificates[0]; !leaf.Equal(served(replicas[i])) || leaf.Equal(before[i]) {
			t.Errorf("replica %d served %s, want its renewed certificate", i, leaf.SerialNumber)
		}
		c.Close()
	}
	if err := refused(); err != nil {
		t.Fatalf("after renewal: %v", err)
	}
	// Once the first CAs expired, the next renewals drop them.
	eventually(t, "expired CAs stayed in the bundle", func() error {
		for _, ca := range bundleCAs(t, cs) {
			for _, old := range first {
				if ca.Equal(old) {
					return errors.New("a first CA is still in the bundle")
				}
			}
		}
		return nil
	})
	if n := len(bundleCAs(t, cs)); n > 4 {
		t.Errorf("the bundle holds %d CAs, want at most two per replica", n)
	}
}

// roundRobin hands each connection on ln to the next of the backends'
// addresses, copying bytes both ways.
func roundRobin(ctx context.Context, ln net.Listener, backends []net.Listener) {
	go func() { <-ctx.Done(); ln.Close() }()
	for i := 0; ; i++ {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		b, err := net.Dial("tcp", backends[i%len(backends)].Addr().String())
		if err != nil {
			c.Close()
			continue
		}
		go pipe(c, b)
		go pipe(b, c)
	}
}

func pipe(dst, src net.Conn) {
	defer dst.Close()
	buf := make([]byte, 32<<10)
	for {
		n, err := src.Read(buf)
		if n > 0 {
			if _, werr := dst.Write(buf[:n]); werr != nil {
				return
			}
		}
		if err != nil {
			return
		}
	}
}

// caAt makes a self-signed CA valid from nb to na.
func caAt(t testing.TB, nb, na time.Time) *x509.Certificate {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(nb.UnixNano()), Subject: pkix.Name{CommonName: "test CA"}, NotBefore: nb, NotAfter: na,
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	c, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func pemOf(cs ...*x509.Certificate) []byte {
	var out []byte
	for _, c := range cs {
		out = append(out, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: c.Raw})...)
	}
	return out
}

// TestBundle: a CA is added once; expired CAs, keys and garbage leave.
func TestBundle(t *testing.T) {
	now := time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)
	live, expired, ours := caAt(t, now.Add(-time.Hour), now.Add(time.Hour)), caAt(t, now.Add(-2*time.Hour), now.Add(-time.Minute)), caAt(t, now, now.Add(time.Hour))
	old := append(pemOf(live, expired, ours), []byte("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\nnot pem at all")...)
	got := admission.Bundle(old, ours, now)
	var serials []string
	for rest := got; ; {
		b, r := pem.Decode(rest)
		if b == nil {
			break
		}
		rest = r
		c, err := x509.ParseCertificate(b.Bytes)
		if err != nil {
			t.Fatal(err)
		}
		serials = append(serials, c.SerialNumber.String())
	}
	if want := []string{live.SerialNumber.String(), ours.SerialNumber.String()}; strings.Join(serials, ",") != strings.Join(want, ",") {
		t.Fatalf("bundle serials %v, want the live CA then ours", serials)
	}
}

// FuzzBundle: whatever the configuration's bundle holds, the result is
// PEM certificates ending with ours, and nothing panics.
func FuzzBundle(f *testing.F) {
	now := time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)
	ours := caAt(f, now, now.Add(time.Hour))
	f.Add(pemOf(caAt(f, now.Add(-time.Hour), now.Add(time.Hour))))
	f.Add([]byte("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, old []byte) {
		got := admission.Bundle(old, ours, now)
		var last *pem.Block
		for rest := got; ; {
			b, r := pem.Decode(rest)
			if b == nil {
				if len(bytes.TrimSpace(rest)) > 0 {
					t.Fatalf("bundle has trailing bytes %q", rest)
				}
				break
			}
			if b.Type != "CERTIFICATE" {
				t.Fatalf("bundle holds a %s", b.Type)
			}
			last, rest = b, r
		}
		if last == nil || !bytes.Equal(last.Bytes, ours.Raw) {
			t.Fatal("the bundle does not end with our CA")
		}
	})
}
