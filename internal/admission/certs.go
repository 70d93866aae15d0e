package admission

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/pem"
	"errors"
	"fmt"
	"log/slog"
	"math/big"
	"net"
	"sync"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/client-go/dynamic"
)

// webhookConfigs is the resource of ValidatingWebhookConfigurations.
var webhookConfigs = schema.GroupVersionResource{Group: "admissionregistration.k8s.io", Version: "v1", Resource: "validatingwebhookconfigurations"}

// CertManager makes the webhook's serving certificate itself and keeps
// the CA that signed it in the caBundle of the webhook configuration, so
// no certificate tooling is needed in the cluster. Each replica has a CA
// of its own, in memory only: the bundle holds every live replica's CA
// (a replica adds its own and drops expired ones, with the
// configuration's resourceVersion so two replicas never overwrite each
// other), which needs get and update on that one configuration and no
// Secret. Before a CA reaches two thirds of its lifetime the replica
// makes a new one, adds it to the bundle, waits for the API server to
// read it, and only then serves the new certificate.
type CertManager struct {
	// Client reads and updates the webhook configuration Config.
	Client dynamic.Interface
	Config string
	// Hosts are the certificate's DNS names and IP addresses
	// ("vigil-admission.vigil-system.svc").
	Hosts []string
	// Lifetime of each CA and certificate (default 7 days); Propagation
	// is how long a new CA is in the bundle before its certificate is
	// served (default 30 s).
	Lifetime, Propagation time.Duration
	Now                   func() time.Time
	Log                   *slog.Logger

	mu      sync.RWMutex
	cert    *tls.Certificate
	expires time.Time
}

func (m *CertManager) defaults() {
	if m.Lifetime <= 0 {
		m.Lifetime = 7 * 24 * time.Hour
	}
	if m.Propagation <= 0 {
		m.Propagation = 30 * time.Second
	}
	if m.Now == nil {
		m.Now = time.Now
	}
	if m.Log == nil {
		m.Log = slog.New(slog.DiscardHandler)
	}
}

// Start makes the first CA and certificate, publishes the CA and serves
// the certificate at once (nothing trusted it before).
func (m *CertManager) Start(ctx context.Context) error {
	m.defaults()
	if len(m.Hosts) == 0 {
		return errors.New("no host names for the webhook's certificate: give the service's DNS name")
	}
	ca, cert, err := m.issue()
	if err != nil {
		return err
	}
	if err := m.publish(ctx, ca); err != nil {
		return err
	}
	m.serve(cert)
	return nil
}

// Run renews the certificate before it expires until ctx ends. A failed
// renewal is logged and tried again a minute later; the current
// certificate is served meanwhile.
func (m *CertManager) Run(ctx context.Context) {
	for {
		m.mu.RLock()
		renew := m.expires.Add(-m.Lifetime / 3)
		m.mu.RUnlock()
		wait := renew.Sub(m.Now())
		if wait < 0 {
			wait = 0
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(wait):
		}
		if err := m.rotate(ctx); err != nil {
			if ctx.Err() != nil {
				return
			}
			m.Log.Error("renew the webhook's certificate; trying again in a minute", "config", m.Config, "err", err)
			select {
			case <-ctx.Done():
				return
			case <-time.After(time.Minute):
			}
		}
	}
}

// rotate makes a new CA, publishes it, waits for it to propagate, then
// serves the new certificate.
func (m *CertManager) rotate(ctx context.Context) error {
	ca, cert, err := m.issue()
	if err != nil {
		return err
	}
	if err := m.publish(ctx, ca); err != nil {
		return err
	}
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-time.After(m.Propagation):
	}
	m.serve(cert)
	m.Log.Info("webhook certificate renewed", "config", m.Config, "expires", cert.Leaf.NotAfter)
	return nil
}

func (m *CertManager) serve(cert *tls.Certificate) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.cert, m.expires = cert, cert.Leaf.NotAfter
}

// GetCertificate is tls.Config's GetCertificate.
func (m *CertManager) GetCertificate(*tls.ClientHelloInfo) (*tls.Certificate, error) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	if m.cert == nil {
		return nil, errors.New("no certificate yet")
	}
	return m.cert, nil
}

// TLSConfig is the webhook's TLS with the managed certificate.
func (m *CertManager) TLSConfig() *tls.Config {
	return &tls.Config{MinVersion: tls.VersionTLS12, GetCertificate: m.GetCertificate}
}

// issue makes a CA and a serving certificate for Hosts signed by it,
// both valid from a minute ago (clock skew) for Lifetime.
func (m *CertManager) issue() (*x509.Certificate, *tls.Certificate, error) {
	now := m.Now()
	caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, nil, err
	}
	caTmpl := &x509.Certificate{
		SerialNumber: serial(), Subject: pkix.Name{CommonName: "vigil-admission CA " + now.UTC().Format(time.RFC3339)},
		NotBefore: now.Add(-time.Minute), NotAfter: now.Add(m.Lifetime),
		IsCA: true, BasicConstraintsValid: true, MaxPathLenZero: true,
		KeyUsage: x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
	}
	caDER, err := x509.CreateCertificate(rand.Reader, caTmpl, caTmpl, &caKey.PublicKey, caKey)
	if err != nil {
		return nil, nil, fmt.Errorf("make the webhook's CA: %w", err)
	}
	ca, err := x509.ParseCertificate(caDER)
	if err != nil {
		return nil, nil, err
	}
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, nil, err
	}
	tmpl := &x509.Certificate{
		SerialNumber: serial(), Subject: pkix.Name{CommonName: m.Hosts[0]},
		NotBefore: now.Add(-time.Minute), NotAfter: now.Add(m.Lifetime),
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	for _, h := range m.Hosts {
		if ip := net.ParseIP(h); ip != nil {
			tmpl.IPAddresses = append(tmpl.IPAddresses, ip)
		} else {
			tmpl.DNSNames = append(tmpl.DNSNames, h)
		}
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca, &key.PublicKey, caKey)
	if err != nil {
		return nil, nil, fmt.Errorf("make the webhook's certificate: %w", err)
	}
	leaf, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, nil, err
	}
	return ca, &tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf}, nil
}

func serial() *big.Int {
	n, _ := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 127))
	return n
}

// publish adds ca to the caBundle of every webhook of the configuration
// and drops the CAs that expired, retrying when another replica updated
// the configuration meanwhile.
func (m *CertManager) publish(ctx context.Context, ca *x509.Certificate) error {
	res := m.Client.Resource(webhookConfigs)
	for attempt := 0; ; attempt++ {
		obj, err := res.Get(ctx, m.Config, metav1.GetOptions{})
		if err != nil {
			return fmt.Errorf("read the webhook configuration %s to publish the CA: %w (apply vigil admission manifests --manage-certs first; the service account needs get and update on it)", m.Config, err)
		}
		hooks, _, err := unstructured.NestedSlice(obj.Object, "webhooks")
		if err != nil || len(hooks) == 0 {
			return fmt.Errorf("the webhook configuration %s has no webhooks to give the CA to", m.Config)
		}
		for i, h := range hooks {
			hook, ok := h.(map[string]any)
			if !ok {
				return fmt.Errorf("the webhook configuration %s: webhook %d is not an object", m.Config, i)
			}
			old, _, _ := unstructured.NestedString(hook, "clientConfig", "caBundle")
			raw, err := base64.StdEncoding.DecodeString(old)
			if err != nil {
				raw = nil // unreadable: replaced by ours
			}
			bundle := Bundle(raw, ca, m.Now())
			if err := unstructured.SetNestedField(hook, base64.StdEncoding.EncodeToString(bundle), "clientConfig", "caBundle"); err != nil {
				return err
			}
			hooks[i] = hook
		}
		if err := unstructured.SetNestedSlice(obj.Object, hooks, "webhooks"); err != nil {
			return err
		}
		_, err = res.Update(ctx, obj, metav1.UpdateOptions{})
		if err == nil {
			return nil
		}
		if !apierrors.IsConflict(err) || attempt >= 9 {
			return fmt.Errorf("publish the webhook's CA in %s: %w", m.Config, err)
		}
	}
}

// Bundle is the PEM bundle old (PEM) with ca added and every CA that
// expired by now dropped; blocks that are not certificates are dropped.
func Bundle(old []byte, ca *x509.Certificate, now time.Time) []byte {
	var out bytes.Buffer
	for rest := old; ; {
		var b *pem.Block
		b, rest = pem.Decode(rest)
		if b == nil {
			break
		}
		if b.Type != "CERTIFICATE" {
			continue
		}
		c, err := x509.ParseCertificate(b.Bytes)
		if err != nil || !now.Before(c.NotAfter) || c.Equal(ca) {
			continue
		}
		_ = pem.Encode(&out, b)
	}
	_ = pem.Encode(&out, &pem.Block{Type: "CERTIFICATE", Bytes: ca.Raw})
	return out.Bytes()
}
