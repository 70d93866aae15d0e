package admission

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"reflect"
	"sort"
	"strings"
	"time"

	admissionv1 "k8s.io/api/admission/v1"

	"github.com/vigil-cspm/vigil/internal/exceptions"
	"github.com/vigil-cspm/vigil/internal/kube"
	"github.com/vigil-cspm/vigil/internal/model"
	"github.com/vigil-cspm/vigil/internal/params"
	"github.com/vigil-cspm/vigil/internal/scan"
)

// Handler judges admission requests. Its fields are set once, before
// it serves.
type Handler struct {
	Library *scan.Library
	Norm    *kube.Normalizer
	// Cluster names the cluster in resource IDs (and so fingerprints):
	// the name its live scans use, so decisions link to their findings.
	Cluster    string
	Cache      Cache
	Policy     *Policy
	Exempt     Exemptions
	Params     *params.Set
	Exceptions []exceptions.Exception
	// ServiceExceptions, when set, are the exceptions judged by instead
	// of Exceptions: the file's and vigil serve's approved set, kept
	// current.
	ServiceExceptions *ServiceExceptions
	// Recorder receives every decision but dry runs'; nil records
	// nothing beyond the log.
	Recorder Recorder
	Metrics  *Metrics
	// Ready, when set, reports whether the cache has synced; until then
	// requests get a 503, and the API server applies the failure policy
	// rather than have rules read a partial cache.
	Ready func() bool
	Now   func() time.Time
	Log   *slog.Logger
}

// Recorder keeps decisions (the service's decision log).
type Recorder interface {
	Record(ctx context.Context, d *Decision)
}

// Decision is the answer to one request and why.
type Decision struct {
	UID       string    `json:"uid"`
	Time      time.Time `json:"time"`
	Cluster   string    `json:"cluster"`
	Operation string    `json:"operation"`
	Kind      string    `json:"kind"`
	Namespace string    `json:"namespace,omitempty"`
	Name      string    `json:"name"`
	User      string    `json:"user"`
	DryRun    bool      `json:"dry_run"`
	Allowed   bool      `json:"allowed"`
	// Reason says why the request was allowed without judging it
	// (unmodelled, exempt …) or "judged".
	Reason   string    `json:"reason"`
	Verdicts []Verdict `json:"verdicts"`
	// Message is the denial's text; Warnings what the client was told.
	Message  string   `json:"message,omitempty"`
	Warnings []string `json:"warnings,omitempty"`
	// Duration is how long the request took to judge.
	Duration time.Duration `json:"duration_ns"`
}

// Verdict is one finding of a request with the mode it took.
type Verdict struct {
	Fingerprint string `json:"fingerprint"`
	RuleID      string `json:"rule_id"`
	Severity    string `json:"severity"`
	Mode        string `json:"mode"`
	// Result is denied, warned, audited or excepted.
	Result  string `json:"result"`
	Message string `json:"message"`
	Path    string `json:"path,omitempty"`
}

// Verdict results.
const (
	Denied   = "denied"
	Warned   = "warned"
	Audited  = "audited"
	Excepted = "excepted"
)

// Reasons a request is allowed without judging.
const (
	ReasonJudged      = "judged"
	ReasonOperation   = "operation"
	ReasonSubresource = "subresource"
	ReasonUnmodelled  = "unmodelled"
	ReasonExempt      = "exempt"
	ReasonUnchanged   = "unchanged"
)

// ServeHTTP answers an AdmissionReview POSTed as JSON. A body that is not
// one is a 400; an evaluation that fails is a 500, so the API server
// applies the webhook's failure policy.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	if r.Method != http.MethodPost {
		http.Error(w, "POST an AdmissionReview", http.StatusMethodNotAllowed)
		return
	}
	if h.Ready != nil && !h.Ready() {
		http.Error(w, errNotServing.Error(), http.StatusServiceUnavailable)
		return
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, MaxReviewBytes+1))
	if err != nil {
		http.Error(w, "read the review: "+err.Error(), http.StatusBadRequest)
		return
	}
	rv, err := Decode(body)
	if err != nil {
		h.Metrics.evalError("decode")
		h.log().Warn("admission review refused", "err", err)
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	d, err := h.Judge(r.Context(), rv)
	if err != nil {
		h.Metrics.evalError("evaluate")
		h.log().Error("admission review not judged; the failure policy applies", "uid", rv.Request.UID, "err", err)
		http.Error(w, "vigil could not judge the request: "+err.Error(), http.StatusInternalServerError)
		return
	}
	d.Duration = time.Since(start)
	code := int32(http.StatusOK)
	if !d.Allowed {
		code = http.StatusForbidden
	}
	out, err := json.Marshal(Response(d.UID, d.Allowed, d.Message, code, d.Warnings))
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(out)
	h.Metrics.observe(d)
	h.record(r.Context(), d)
}

func (h *Handler) log() *slog.Logger {
	if h.Log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return h.Log
}

func (h *Handler) now() time.Time {
	if h.Now != nil {
		return h.Now()
	}
	return time.Now()
}

// record logs a decision and hands it to the recorder; a dry run is
// logged at debug level only and recorded nowhere.
func (h *Handler) record(ctx context.Context, d *Decision) {
	attrs := []any{"uid", d.UID, "operation", d.Operation, "kind", d.Kind, "namespace", d.Namespace, "name", d.Name,
		"user", d.User, "allowed", d.Allowed, "reason", d.Reason, "verdicts", len(d.Verdicts), "duration", d.Duration}
	if d.DryRun {
		h.log().Debug("admission decision (dry run, not recorded)", attrs...)
		return
	}
	h.log().Info("admission decision", attrs...)
	for _, v := range d.Verdicts {
		h.log().Info("admission verdict", "uid", d.UID, "rule", v.RuleID, "mode", v.Mode, "result", v.Result, "fingerprint", v.Fingerprint)
	}
	if h.Recorder != nil {
		h.Recorder.Record(context.WithoutCancel(ctx), d)
	}
}

// Judge decides a decoded request.
func (h *Handler) Judge(ctx context.Context, rv *Review) (*Decision, error) {
	req := rv.Request
	d := &Decision{UID: string(req.UID), Time: h.now().UTC(), Cluster: h.Cluster, Operation: string(req.Operation), Kind: req.Kind.Kind,
		Namespace: req.Namespace, Name: req.Name, User: req.UserInfo.Username, DryRun: rv.DryRun(), Allowed: true, Verdicts: []Verdict{}}
	if req.Operation != admissionv1.Create && req.Operation != admissionv1.Update {
		d.Reason = ReasonOperation
		return d, nil
	}
	if req.SubResource != "" {
		d.Reason = ReasonSubresource
		return d, nil
	}
	apiVersion, _ := rv.Object["apiVersion"].(string)
	kindName, _ := rv.Object["kind"].(string)
	k, ok := h.Norm.Catalog().Lookup(apiVersion, kindName)
	if !ok {
		d.Reason = ReasonUnmodelled
		return d, nil
	}
	if why := h.Exempt.Exempt(req.Namespace, req.UserInfo.Username, req.UserInfo.Groups); why != "" {
		d.Reason = ReasonExempt + ": " + why
		return d, nil
	}
	res, err := h.normalize(k, rv.Object, req)
	if err != nil {
		return nil, fmt.Errorf("read the %s: %w", kindName, err)
	}
	d.Name = res.Name
	if req.Operation == admissionv1.Update {
		old, err := h.normalize(k, rv.OldObject, req)
		if err == nil && Unchanged(old, res) {
			d.Reason = ReasonUnchanged
			return d, nil
		}
	}
	d.Reason = ReasonJudged
	exs := h.Exceptions
	if h.ServiceExceptions != nil {
		exs = h.ServiceExceptions.Set()
	}
	fs, err := scan.Evaluate(ctx, scan.Evaluation{Kind: "admission", Account: h.Cluster, Library: h.Library,
		Resources: []*model.Resource{res}, Index: h.Cache.Index(), Inputs: h.Cache.Inputs(), Params: h.Params, Exceptions: exs,
		Now: h.Now, Log: h.Log})
	if err != nil {
		return nil, err
	}
	labels := res.Labels
	if k.Namespaced {
		labels, _ = h.Cache.NamespaceLabels(res.Namespace)
	}
	// Only what a user applies is denied: a bare pod or a controller.
	ceiling := Enforce
	if !k.Workload() || controlled(res) {
		ceiling = Warn
	}
	var denied []string
	sort.SliceStable(fs, func(i, j int) bool { return fs[i].Severity > fs[j].Severity })
	for _, f := range fs {
		v := Verdict{Fingerprint: f.Fingerprint, RuleID: f.RuleID, Severity: f.Severity.String(), Message: f.Message, Path: f.Evidence.Path}
		m := min(h.Policy.ModeFor(f.RuleID, labels), ceiling)
		v.Mode = m.String()
		switch {
		case f.Status != model.StatusOpen:
			v.Result = Excepted
		case m == Enforce:
			v.Result = Denied
			denied = append(denied, line(&f))
		case m == Warn:
			v.Result = Warned
			d.Warnings = append(d.Warnings, warning(&f))
		default:
			v.Result = Audited
		}
		d.Verdicts = append(d.Verdicts, v)
	}
	if len(denied) > 0 {
		d.Allowed = false
		d.Message = fmt.Sprintf("vigil denied %s %s: %d enforced rule(s) violated:\n%s", k.Kind, objectName(res), len(denied), strings.Join(denied, "\n"))
	}
	return d, nil
}

// normalize reads obj as a resource of the request's cluster and
// namespace.
func (h *Handler) normalize(k kube.Kind, obj map[string]any, req *admissionv1.AdmissionRequest) (*model.Resource, error) {
	meta, _ := obj["metadata"].(map[string]any)
	if meta == nil {
		meta = map[string]any{}
		obj["metadata"] = meta
	}
	if ns, _ := meta["namespace"].(string); ns == "" && k.Namespaced && req.Namespace != "" {
		meta["namespace"] = req.Namespace
	}
	if n, _ := meta["name"].(string); n == "" && req.Name != "" {
		meta["name"] = req.Name
	}
	return h.Norm.NormalizeOwned(obj, h.Cluster, model.Source{Kind: model.SourceAdmission})
}

// controlled reports whether a controller owns r.
func controlled(r *model.Resource) bool {
	for _, rel := range r.Relations {
		if rel.Type == model.RelControlledBy {
			return true
		}
	}
	return false
}

func objectName(r *model.Resource) string {
	if r.Namespace == "" {
		return r.Name
	}
	return r.Namespace + "/" + r.Name
}

// line is a denied finding: the rule, what is wrong where, and the fix.
func line(f *model.Finding) string {
	s := fmt.Sprintf("- %s (%s): %s", f.RuleID, f.Severity, f.Message)
	if f.Evidence.Path != "" {
		s += " at " + f.Evidence.Path
	}
	if fix := firstLine(f.Remediation); fix != "" {
		s += "; fix: " + fix
	}
	return s
}

// maxWarning is how long one admission warning may be (the API server
// truncates longer ones).
const maxWarning = 256

func warning(f *model.Finding) string {
	s := "vigil " + strings.TrimPrefix(line(f), "- ")
	if len(s) > maxWarning {
		s = s[:maxWarning-3] + "..."
	}
	return s
}

func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = strings.TrimSpace(s[:i])
	}
	return strings.TrimSuffix(s, ":")
}

// Unchanged reports whether an UPDATE leaves what rules read of the
// object as it was: its attributes, the replica count aside. Labels,
// annotations and status of the object itself are not compared (a
// namespace's labels are), so scaling, relabelling or a status write
// on an object that violates a rule is never what gets judged.
func Unchanged(old, cur *model.Resource) bool {
	if old.Type != cur.Type {
		return false
	}
	if cur.Type == "k8s.core.namespace" && !reflect.DeepEqual(orNil(old.Labels), orNil(cur.Labels)) {
		return false
	}
	return reflect.DeepEqual(withoutReplicas(old.Attributes), withoutReplicas(cur.Attributes))
}

func orNil(m map[string]string) map[string]string {
	if len(m) == 0 {
		return nil
	}
	return m
}

// withoutReplicas is attrs without spec.replicas (a shallow copy).
func withoutReplicas(attrs map[string]any) map[string]any {
	spec, ok := attrs["spec"].(map[string]any)
	if !ok {
		return attrs
	}
	if _, ok := spec["replicas"]; !ok {
		return attrs
	}
	out := make(map[string]any, len(attrs))
	for k, v := range attrs {
		out[k] = v
	}
	s := make(map[string]any, len(spec))
	for k, v := range spec {
		if k != "replicas" {
			s[k] = v
		}
	}
	out["spec"] = s
	return out
}

// errNotServing is the readiness error before the cache has synced.
var errNotServing = errors.New("the cache of related objects has not synced yet")
