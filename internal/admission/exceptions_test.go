package admission_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	admissionv1 "k8s.io/api/admission/v1"

	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/vigil-cspm/vigil/internal/admission"
	"github.com/vigil-cspm/vigil/internal/config"
	"github.com/vigil-cspm/vigil/internal/exceptions"
)

// TestServiceExceptions, against vigil serve in-process: an exception
// proposed and approved through the API makes a privileged pod that was
// denied pass within the refresh interval; its expiry is judged when the
// request is (the set fetched before still holds it); with the service
// gone the last good set stays in use, and the failed fetches are
// counted.
func TestServiceExceptions(t *testing.T) {
	h := newHandler(t, nil, admission.Floor{Rules: map[string]admission.Mode{"k8s-privileged-container": admission.Enforce}})
	hs, _ := serveVigil(t, h.Library, map[string]config.Role{"webhook": config.RoleViewer, "op": config.RoleOperator, "admin": config.RoleAdmin})
	url := hs.URL
	h.Cache = staticNamespaces(t, h, map[string]map[string]string{"prod": {}})
	var clock atomic.Pointer[time.Time]
	now := time.Now()
	clock.Store(&now)
	h.Now = func() time.Time { return *clock.Load() }
	file := []exceptions.Exception{{ID: "from-file", Rule: "k8s-host-network", Resource: exceptions.Selector{Namespace: "other"},
		Reason: "r", Owner: "o", ApprovedBy: "a", Created: now, Expires: now.AddDate(0, 0, 30)}}
	svc := admission.NewServiceExceptions(url, "webhook-secret", file, nil, h.Metrics, nil)
	h.ServiceExceptions = svc
	if err := svc.Fetch(context.Background()); err != nil {
		t.Fatalf("first fetch: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	const refresh = 200 * time.Millisecond
	go svc.Run(ctx, refresh)

	podReview := review(t, admissionv1.Create, privilegedPod("prod", "agent"), nil, false)
	if r := post(t, h, podReview); r.Allowed {
		t.Fatal("a privileged pod was admitted under enforce with no exception")
	}

	call := func(token, path string, body any) {
		t.Helper()
		b, _ := json.Marshal(body)
		req, _ := http.NewRequest(http.MethodPost, url+path, bytes.NewReader(b))
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		if resp.StatusCode/100 != 2 {
			var msg bytes.Buffer
			_, _ = msg.ReadFrom(resp.Body)
			t.Fatalf("POST %s: %s %s", path, resp.Status, msg.String())
		}
	}
	expires := now.UTC().AddDate(0, 0, 10)
	call("op-secret", "/api/v1/exceptions", map[string]any{"id": "prod-agent", "rule": "k8s-privileged-container",
		"resource": map[string]any{"provider": "k8s", "account": "test", "namespace": "prod"},
		"reason":   "vendor agent (SEC-9)", "owner": "team-prod", "expires": expires.Format("2006-01-02")})
	approved := time.Now()
	call("admin-secret", "/api/v1/exceptions/prod-agent/approve", map[string]any{"version": 1})

	var r *admissionv1.AdmissionResponse
	for deadline := time.Now().Add(5 * refresh); ; time.Sleep(20 * time.Millisecond) {
		if r = post(t, h, podReview); r.Allowed {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the approved exception did not apply within %v: %s", 5*refresh, r.Result.Message)
		}
	}
	t.Logf("the approved exception applied after %v", time.Since(approved).Round(time.Millisecond))
	ids := func() string {
		var s []string
		for _, e := range svc.Set() {
			s = append(s, e.ID)
		}
		return strings.Join(s, ",")
	}
	if got := ids(); got != "from-file,prod-agent" {
		t.Errorf("set = %s, want the file's then the service's", got)
	}

	// The day after its expiry date, the fetched exception no longer
	// holds, though the set still has it.
	later := expires.AddDate(0, 0, 1).Add(time.Hour)
	clock.Store(&later)
	if r := post(t, h, podReview); r.Allowed || !strings.Contains(r.Result.Message, "k8s-privileged-container") {
		t.Errorf("an expired exception still applied: allowed=%v %v", r.Allowed, r.Result)
	}
	clock.Store(&now)

	// The service goes away: the last good set stays.
	failedBefore := testutil.ToFloat64(h.Metrics.ExceptionFetches("failed"))
	gone := admission.NewServiceExceptions("http://127.0.0.1:1", "webhook-secret", file, nil, h.Metrics, nil)
	if err := gone.Fetch(ctx); err == nil {
		t.Fatal("a fetch from nowhere succeeded")
	}
	if got := len(gone.Set()); got != 1 {
		t.Errorf("before any good fetch the set is the file's: %d exceptions", got)
	}
	cancel() // no refresh from here on but this test's
	hs.Close()
	if err := svc.Fetch(context.Background()); err == nil {
		t.Fatal("a fetch from a stopped service succeeded")
	}
	if got := ids(); got != "from-file,prod-agent" {
		t.Errorf("after a failed fetch the set is %s, want the last good one", got)
	}
	if r := post(t, h, podReview); !r.Allowed {
		t.Errorf("the last good set was not used: %s", r.Result.Message)
	}
	if got := testutil.ToFloat64(h.Metrics.ExceptionFetches("failed")); got < failedBefore+2 {
		t.Errorf("failed fetches counted %v → %v, want two more", failedBefore, got)
	}
}

// TestParseServiceExceptions: the approved set without its expired
// exceptions; an answer that is not the list, or an exception missing
// what it needs, is refused whole with what is wrong.
func TestParseServiceExceptions(t *testing.T) {
	now := time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)
	got, err := admission.ParseServiceExceptions([]byte(`{"exceptions": [
		{"id": "a", "rule": "r1", "resource": {"namespace": "prod"}, "expires": "2026-12-07T00:00:00Z", "state": "active"},
		{"id": "b", "rule": "r2", "expires": "2026-12-06T00:00:00Z", "state": "expired"}],
		"proposals": [{"id": "c", "exception": {"id": "c", "rule": "r3", "expires": "2027-01-01T00:00:00Z"}}]}`), now)
	if err != nil || len(got) != 1 || got[0].ID != "a" || got[0].Resource.Namespace != "prod" {
		t.Fatalf("got %+v, %v; want only a (b expired, c only proposed)", got, err)
	}
	for body, want := range map[string]string{
		`[]`:                              "not the exception list",
		`{"findings": []}`:                `no "exceptions"`,
		`{"exceptions": [{"rule": "r"}]}`: "exceptions[0] has no id",
		`{"exceptions": [{"id": "x"}]}`:   "exception x (exceptions[0]) has no rule",
		`{"exceptions": [{"id": "x", "rule": "r"}]}`: "has no expiry date",
	} {
		if _, err := admission.ParseServiceExceptions([]byte(body), now); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v, want %q", body, err, want)
		}
	}
}

// FuzzParseServiceExceptions: any answer gives a set or an error, never
// a panic, and never an exception without an id, a rule or an expiry.
func FuzzParseServiceExceptions(f *testing.F) {
	f.Add([]byte(`{"exceptions": [{"id": "a", "rule": "r", "expires": "2027-01-01T00:00:00Z"}], "proposals": []}`))
	f.Add([]byte(`{"exceptions": null}`))
	f.Add([]byte(`{"exceptions": [{"id": "a", "rule": "r", "expires": "bad"}]}`))
	now := time.Date(2026, 12, 7, 0, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, body []byte) {
		set, err := admission.ParseServiceExceptions(body, now)
		if err != nil {
			return
		}
		for _, e := range set {
			if e.ID == "" || e.Rule == "" || e.Expires.IsZero() || e.Expired(now) {
				t.Fatalf("kept %+v", e)
			}
		}
	})
}
