package api

import (
	"net/http"
	"slices"
	"strings"

	"github.com/vigil-cspm/vigil/internal/server"
	"github.com/vigil-cspm/vigil/internal/server/auth"
	"github.com/vigil-cspm/vigil/internal/store"
)

const admissionExample = `{"uid": "…", "time": "2026-03-01T10:00:00Z", "cluster": "prod", "operation": "CREATE", "kind": "Pod", "namespace": "payments", "name": "web", "user": "alice", "allowed": false, "reason": "judged", "message": "…", "verdicts": [{"fingerprint": "…", "rule_id": "k8s-privileged-container", "severity": "critical", "mode": "enforce", "result": "denied"}]}`

// recordDecision stores a decision a webhook sends.
func (a *api) recordDecision(w http.ResponseWriter, r *http.Request) {
	// The body is the decision as stored, less when it was received.
	var req store.AdmissionDecision
	if err := readJSON(r, &req, admissionExample); err != nil {
		a.fail(w, r, err)
		return
	}
	if err := checkAdmission(&req); err != nil {
		a.fail(w, r, err)
		return
	}
	p := auth.From(r.Context())
	if !p.Sees(auth.Subject{Cluster: req.Cluster, Namespace: req.Namespace}) {
		server.Fail(w, http.StatusForbidden, "principal "+p.Name+" may not record decisions in cluster "+clipText(req.Cluster)+" namespace "+clipText(req.Namespace),
			"give the webhook a token whose scope covers the cluster")
		return
	}
	d := req
	d.At, d.Received = req.At.UTC(), a.Now().UTC()
	if err := a.Store.RecordDecision(r.Context(), d); err != nil {
		a.fail(w, r, err)
		return
	}
	server.Audit(r, req.UID, req.Operation+" "+req.Kind+" "+req.Namespace+"/"+req.Name)
	server.JSON(w, http.StatusCreated, map[string]string{"uid": req.UID})
}

// checkAdmission refuses a decision that is incomplete or out of shape.
func checkAdmission(d *store.AdmissionDecision) error {
	hint := "send a decision as vigil admission serve does: " + admissionExample
	for _, f := range []struct{ name, v string }{{"uid", d.UID}, {"cluster", d.Cluster}, {"operation", d.Operation}, {"kind", d.Kind}, {"name", d.Name}, {"reason", d.Reason}} {
		if strings.TrimSpace(f.v) == "" {
			return badInput(hint, "%s is missing", f.name)
		}
		if err := checkText(f.name, f.v, 512); err != nil {
			return err
		}
	}
	// A denial lists one violated rule a line.
	if err := checkText("message", strings.ReplaceAll(d.Message, "\n", " "), 16<<10); err != nil {
		return err
	}
	if d.At.IsZero() {
		return badInput(hint, "time is missing")
	}
	if !slices.Contains([]string{"CREATE", "UPDATE", "DELETE", "CONNECT"}, d.Operation) {
		return badInput(hint, "operation %q is not CREATE, UPDATE, DELETE or CONNECT", clipText(d.Operation))
	}
	if len(d.Verdicts) > 1000 {
		return badInput(hint, "%d verdicts: at most 1,000", len(d.Verdicts))
	}
	seen := map[string]bool{}
	for i, v := range d.Verdicts {
		if len(v.Fingerprint) != 32 || strings.Trim(v.Fingerprint, "0123456789abcdef") != "" {
			return badInput(hint, "verdicts[%d].fingerprint %q is not a finding fingerprint (32 hex digits)", i, clipText(v.Fingerprint))
		}
		if seen[v.Fingerprint] {
			return badInput(hint, "verdicts[%d].fingerprint %s appears twice", i, v.Fingerprint)
		}
		seen[v.Fingerprint] = true
		if !slices.Contains([]string{"audit", "warn", "enforce"}, v.Mode) {
			return badInput(hint, "verdicts[%d].mode %q is not audit, warn or enforce", i, clipText(v.Mode))
		}
		if !slices.Contains([]string{"denied", "warned", "audited", "excepted"}, v.Result) {
			return badInput(hint, "verdicts[%d].result %q is not denied, warned, audited or excepted", i, clipText(v.Result))
		}
		if strings.TrimSpace(v.RuleID) == "" || strings.TrimSpace(v.Severity) == "" {
			return badInput(hint, "verdicts[%d] needs rule_id and severity", i)
		}
		if err := checkText("rule_id", v.RuleID, 256); err != nil {
			return err
		}
	}
	return nil
}

// admissionList is the answer of GET /api/v1/admission/decisions.
type admissionList struct {
	Items []store.AdmissionDecision `json:"items"`
}

// listDecisions lists decisions, newest first, of a finding when
// fingerprint is given; a scoped principal sees those of its scope.
func (a *api) listDecisions(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if err := checkParams(q, []string{"fingerprint", "limit"}); err != nil {
		a.fail(w, r, err)
		return
	}
	limit, err := parseLimit(q.Get("limit"))
	if err != nil {
		a.fail(w, r, err)
		return
	}
	ds, err := a.Store.AdmissionDecisions(r.Context(), store.AdmissionQuery{Fingerprint: q.Get("fingerprint"), Limit: limit})
	if err != nil {
		a.fail(w, r, err)
		return
	}
	p := auth.From(r.Context())
	out := admissionList{Items: []store.AdmissionDecision{}}
	for _, d := range ds {
		if p.Sees(auth.Subject{Cluster: d.Cluster, Namespace: d.Namespace}) {
			out.Items = append(out.Items, d)
		}
	}
	server.JSON(w, http.StatusOK, out)
}
