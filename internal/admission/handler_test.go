package admission_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	admissionv1 "k8s.io/api/admission/v1"

	"github.com/vigil-cspm/vigil/internal/admission"
)

// post sends body to the handler and decodes the answer.
func post(t testing.TB, h http.Handler, body []byte) *admissionv1.AdmissionResponse {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/validate", strings.NewReader(string(body))))
	if rec.Code != http.StatusOK {
		t.Fatalf("status %d: %s", rec.Code, rec.Body.String())
	}
	var ar admissionv1.AdmissionReview
	if err := json.Unmarshal(rec.Body.Bytes(), &ar); err != nil || ar.Response == nil {
		t.Fatalf("answer %s: %v", rec.Body.String(), err)
	}
	if ar.Response.UID != "uid-1" {
		t.Errorf("answer uid %q, want the request's", ar.Response.UID)
	}
	return ar.Response
}

type memRecorder struct{ got []*admission.Decision }

func (m *memRecorder) Record(_ context.Context, d *admission.Decision) { m.got = append(m.got, d) }

// TestJudgeModes: the same privileged pod is denied under enforce with
// the rule, path and fix in the message, allowed with a warning under
// warn, allowed silently under audit; a dry run gets the same answer
// and is not recorded; an exempt namespace and an unmodelled kind are
// allowed unjudged.
func TestJudgeModes(t *testing.T) {
	h := newHandler(t, nil, admission.Floor{Default: admission.Audit})
	rec := &memRecorder{}
	h.Recorder = rec
	h.Cache = staticNamespaces(t, h, map[string]map[string]string{
		"locked": {"vigil.dev/enforce": "pss-baseline"},
		"warned": {"vigil.dev/warn": "all"},
		"open":   {},
	})

	r := post(t, h, review(t, admissionv1.Create, privilegedPod("locked", "p"), nil, false))
	if r.Allowed || r.Result == nil || !strings.Contains(r.Result.Message, "k8s-privileged-container") ||
		!strings.Contains(r.Result.Message, "privileged") || !strings.Contains(r.Result.Message, "fix: ") {
		t.Fatalf("enforce: allowed=%v result=%+v", r.Allowed, r.Result)
	}
	if len(rec.got) != 1 || rec.got[0].Allowed {
		t.Fatalf("enforce: recorded %+v", rec.got)
	}
	dry := post(t, h, review(t, admissionv1.Create, privilegedPod("locked", "p"), nil, true))
	if dry.Allowed || dry.Result.Message != r.Result.Message {
		t.Errorf("dry run answered otherwise: %+v", dry.Result)
	}
	if len(rec.got) != 1 {
		t.Errorf("a dry run was recorded: %d decisions", len(rec.got))
	}

	w := post(t, h, review(t, admissionv1.Create, privilegedPod("warned", "p"), nil, false))
	if !w.Allowed || len(w.Warnings) == 0 || !strings.Contains(strings.Join(w.Warnings, "\n"), "k8s-privileged-container") {
		t.Errorf("warn: allowed=%v warnings=%q", w.Allowed, w.Warnings)
	}
	a := post(t, h, review(t, admissionv1.Create, privilegedPod("open", "p"), nil, false))
	if !a.Allowed || len(a.Warnings) != 0 {
		t.Errorf("audit: allowed=%v warnings=%q", a.Allowed, a.Warnings)
	}
	last := rec.got[len(rec.got)-1]
	if last.Reason != admission.ReasonJudged || len(last.Verdicts) == 0 || last.Verdicts[0].Result != admission.Audited {
		t.Errorf("audit recorded %+v", last)
	}
	for _, v := range last.Verdicts {
		if len(v.Fingerprint) != 32 {
			t.Errorf("verdict without a fingerprint: %+v", v)
		}
	}

	if e := post(t, h, review(t, admissionv1.Create, privilegedPod("kube-system", "p"), nil, false)); !e.Allowed {
		t.Errorf("exempt namespace denied: %+v", e.Result)
	}
	crd := map[string]any{"apiVersion": "example.com/v1", "kind": "Widget", "metadata": map[string]any{"name": "w", "namespace": "locked"}}
	if u := post(t, h, review(t, admissionv1.Create, crd, nil, false)); !u.Allowed {
		t.Errorf("unmodelled kind denied: %+v", u.Result)
	}
	if got := rec.got[len(rec.got)-1].Reason; got != admission.ReasonUnmodelled {
		t.Errorf("unmodelled kind: reason %q", got)
	}
}

// TestJudgeControllerPods: a pod a controller created, and a kind that
// is not a workload, get warnings at most; the Deployment is denied.
func TestJudgeControllerPods(t *testing.T) {
	h := newHandler(t, nil, admission.Floor{Default: admission.Enforce})
	h.Cache = staticNamespaces(t, h, map[string]map[string]string{"prod": {}})
	pod := privilegedPod("prod", "web-abc")
	pod["metadata"].(map[string]any)["ownerReferences"] = []any{map[string]any{"apiVersion": "apps/v1", "kind": "ReplicaSet", "name": "web-5d9", "uid": "u", "controller": true}}
	if r := post(t, h, review(t, admissionv1.Create, pod, nil, false)); !r.Allowed || len(r.Warnings) == 0 {
		t.Errorf("controller's pod: allowed=%v warnings=%q", r.Allowed, r.Warnings)
	}
	if r := post(t, h, review(t, admissionv1.Create, privilegedDeployment("prod", "web", 2), nil, false)); r.Allowed {
		t.Errorf("privileged Deployment allowed under enforce")
	}
	crb := map[string]any{"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRoleBinding", "metadata": map[string]any{"name": "everyone-admin"},
		"roleRef":  map[string]any{"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "cluster-admin"},
		"subjects": []any{map[string]any{"kind": "Group", "name": "system:authenticated", "apiGroup": "rbac.authorization.k8s.io"}}}
	if r := post(t, h, review(t, admissionv1.Create, crb, nil, false)); !r.Allowed || len(r.Warnings) == 0 {
		t.Errorf("ClusterRoleBinding: allowed=%v warnings=%q (want allowed with warnings)", r.Allowed, r.Warnings)
	}
}

// TestJudgeUpdate: scaling or relabelling a violating Deployment is
// allowed unjudged; changing its image is judged and denied.
func TestJudgeUpdate(t *testing.T) {
	h := newHandler(t, nil, admission.Floor{Default: admission.Enforce})
	rec := &memRecorder{}
	h.Recorder = rec
	h.Cache = staticNamespaces(t, h, map[string]map[string]string{"prod": {}})
	old := privilegedDeployment("prod", "web", 2)
	scaled := privilegedDeployment("prod", "web", 5)
	scaled["metadata"].(map[string]any)["labels"] = map[string]any{"team": "payments"}
	scaled["status"] = map[string]any{"replicas": int64(5)}
	if r := post(t, h, review(t, admissionv1.Update, scaled, old, false)); !r.Allowed {
		t.Fatalf("scaling a violating Deployment denied: %+v", r.Result)
	}
	if got := rec.got[len(rec.got)-1].Reason; got != admission.ReasonUnchanged {
		t.Errorf("scale: reason %q", got)
	}
	bumped := privilegedDeployment("prod", "web", 2)
	bumped["spec"].(map[string]any)["template"].(map[string]any)["spec"].(map[string]any)["containers"].([]any)[0].(map[string]any)["image"] = "nginx:1.28"
	if r := post(t, h, review(t, admissionv1.Update, bumped, privilegedDeployment("prod", "web", 2), false)); r.Allowed {
		t.Errorf("an image change of a privileged Deployment was allowed under enforce")
	}
}

// TestServeHTTPRefuses: a body that is not a review is a 400, never a
// panic; GET is refused.
func TestServeHTTPRefuses(t *testing.T) {
	h := newHandler(t, &admission.Static{}, admission.Floor{})
	for _, body := range []string{"", "{", `{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview"}`, `[]`} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/validate", strings.NewReader(body)))
		if rec.Code != http.StatusBadRequest || !strings.Contains(rec.Body.String(), "AdmissionReview") {
			t.Errorf("body %q: %d %s", body, rec.Code, rec.Body.String())
		}
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/validate", nil))
	if rec.Code != http.StatusMethodNotAllowed {
		t.Errorf("GET: %d", rec.Code)
	}
}
