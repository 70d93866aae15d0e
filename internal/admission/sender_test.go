package admission_test

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sync"
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

// TestSenderFlush: on a graceful stop the queued decisions reach the
// service, the one Run was sending when it stopped included; against a
// service that does not answer, the flush gives up at its deadline and
// counts what it could not send.
func TestSenderFlush(t *testing.T) {
	h := newHandler(t, nil, admission.Floor{Default: admission.Enforce})
	hs, st := serveVigil(t, h.Library, map[string]config.Role{"webhook": config.RoleOperator})
	decision := func(i int) *admission.Decision {
		return &admission.Decision{UID: fmt.Sprintf("uid-%d", i), Time: time.Now(), Cluster: "test", Operation: "CREATE", Kind: "Pod",
			Namespace: "prod", Name: fmt.Sprintf("p%d", i), User: "alice", Allowed: true, Reason: admission.ReasonJudged, Verdicts: []admission.Verdict{}}
	}
	s := admission.NewSender(hs.URL, "webhook-secret", nil, h.Metrics, nil)
	ctx, cancel := context.WithCancel(context.Background())
	cancel() // stopped before it sent anything
	s.Run(ctx)
	for i := range 5 {
		s.Record(context.Background(), decision(i))
	}
	if n := s.Flush(5 * time.Second); n != 0 {
		t.Fatalf("%d decisions not sent", n)
	}
	ds, err := st.AdmissionDecisions(context.Background(), store.AdmissionQuery{})
	if err != nil {
		t.Fatal(err)
	}
	if len(ds) != 5 {
		t.Fatalf("the service has %d decisions, want the 5 queued", len(ds))
	}

	// Run stopped in the middle of a send: the flush sends that one.
	var (
		mu       sync.Mutex
		received []string
		calls    int
	)
	first := make(chan struct{})
	flaky := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		calls++
		n := calls
		mu.Unlock()
		if n == 1 { // the first send hangs until the sender gives up
			_, _ = io.Copy(io.Discard, r.Body) // so the server sees the client go
			close(first)
			<-r.Context().Done()
			return
		}
		var d struct {
			UID string `json:"uid"`
		}
		_ = json.NewDecoder(r.Body).Decode(&d)
		mu.Lock()
		received = append(received, d.UID)
		mu.Unlock()
		w.WriteHeader(http.StatusCreated)
	}))
	t.Cleanup(flaky.Close)
	s = admission.NewSender(flaky.URL, "webhook-secret", nil, h.Metrics, nil)
	s.Record(context.Background(), decision(7))
	ctx, cancel = context.WithCancel(context.Background())
	runDone := make(chan struct{})
	go func() { defer close(runDone); s.Run(ctx) }()
	<-first
	cancel()
	<-runDone
	if n := s.Flush(5 * time.Second); n != 0 {
		t.Errorf("%d decisions not sent", n)
	}
	mu.Lock()
	if len(received) != 1 || received[0] != "uid-7" {
		t.Errorf("after the stop the service received %v, want the decision Run was sending", received)
	}
	mu.Unlock()

	// A service that never answers: the flush ends at its deadline.
	release := make(chan struct{})
	stalled := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	t.Cleanup(stalled.Close)
	t.Cleanup(func() { close(release) })
	m := admission.NewMetrics(nil)
	s = admission.NewSender(stalled.URL, "webhook-secret", nil, m, nil)
	for i := range 3 {
		s.Record(context.Background(), decision(i))
	}
	start := time.Now()
	if n := s.Flush(300 * time.Millisecond); n != 3 {
		t.Errorf("Flush reported %d unsent, want 3", n)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("the flush took %v, past its deadline", d)
	}
	if got := testutil.ToFloat64(m.Sent("unsent")); got != 3 {
		t.Errorf("unsent counted %v, want 3", got)
	}
}
