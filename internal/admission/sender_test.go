package admission_test

import (
	"context"
	"crypto/sha256"
	"log/slog"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	admissionv1 "k8s.io/api/admission/v1"

	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/vigil-cspm/vigil/internal/admission"
	"github.com/vigil-cspm/vigil/internal/config"
	"github.com/vigil-cspm/vigil/internal/scan"
	"github.com/vigil-cspm/vigil/internal/server"
	"github.com/vigil-cspm/vigil/internal/server/api"
	"github.com/vigil-cspm/vigil/internal/server/auth"
	"github.com/vigil-cspm/vigil/internal/store"
	"github.com/vigil-cspm/vigil/internal/store/sqlite"
	"github.com/vigil-cspm/vigil/internal/store/sqlstore"
)

// serveVigil starts vigil serve's API in-process over a fresh SQLite
// store, with an API token "<name>-secret" of the role given for each
// name, and returns its server (closed when the test ends) and store.
func serveVigil(t *testing.T, lib *scan.Library, tokens map[string]config.Role) (*httptest.Server, *sqlstore.Store) {
	t.Helper()
	st, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "vigil.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	toks, err := auth.LoadTokens(nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	for name, role := range tokens {
		toks.Add(config.Token{Name: name, Role: role}, sha256.Sum256([]byte(name+"-secret")))
	}
	sess, err := auth.NewSessions(make([]byte, auth.KeySize), time.Hour, false, nil)
	if err != nil {
		t.Fatal(err)
	}
	srv, err := server.New(server.Options{Audit: st, Tokens: toks, Sessions: sess}, api.Routes(api.Deps{Store: st, Library: lib}))
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv.Handler())
	t.Cleanup(hs.Close)
	return hs, st
}

// TestSenderToService: a decision the handler makes reaches the
// service's store through the API with an operator token, linked to
// the finding's fingerprint; a dry run is not sent; a token the service
// refuses makes the send fail, counted, without delaying the answer.
func TestSenderToService(t *testing.T) {
	h := newHandler(t, nil, admission.Floor{Default: admission.Enforce})
	hs, st := serveVigil(t, h.Library, map[string]config.Role{"webhook": config.RoleOperator})
	url := hs.URL
	h.Cache = staticNamespaces(t, h, map[string]map[string]string{"prod": {}})
	sender := admission.NewSender(url, "webhook-secret", nil, h.Metrics, slog.New(slog.NewTextHandler(t.Output(), nil)))
	h.Recorder = sender
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	go sender.Run(ctx)

	post(t, h, review(t, admissionv1.Create, privilegedPod("prod", "dry"), nil, true))
	r := post(t, h, review(t, admissionv1.Create, privilegedPod("prod", "web"), nil, false))
	if r.Allowed {
		t.Fatal("a privileged pod was admitted under enforce")
	}
	sent := func() float64 { return testutil.ToFloat64(h.Metrics.Sent("sent")) }
	for deadline := time.Now().Add(10 * time.Second); sent() < 1; time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the decision was not sent")
		}
	}
	ds, err := st.AdmissionDecisions(context.Background(), store.AdmissionQuery{})
	if err != nil {
		t.Fatal(err)
	}
	if len(ds) != 1 || ds[0].Name != "web" || ds[0].Allowed || ds[0].Cluster != "test" || len(ds[0].Verdicts) == 0 {
		t.Fatalf("stored decisions = %+v (the dry run must not be among them)", ds)
	}
	fp := ds[0].Verdicts[0].Fingerprint
	if byFP, err := st.AdmissionDecisions(context.Background(), store.AdmissionQuery{Fingerprint: fp}); err != nil || len(byFP) != 1 {
		t.Errorf("by fingerprint %s: %+v %v", fp, byFP, err)
	}

	bad := admission.NewSender(url, "wrong-secret", nil, h.Metrics, nil)
	h.Recorder = bad
	go bad.Run(ctx)
	start := time.Now()
	post(t, h, review(t, admissionv1.Create, privilegedPod("prod", "api"), nil, false))
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("answering waited for the send: %v", d)
	}
	failed := func() float64 { return testutil.ToFloat64(h.Metrics.Sent("failed")) }
	for deadline := time.Now().Add(15 * time.Second); failed() < 1; time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("a refused send was not counted as failed")
		}
	}
}
