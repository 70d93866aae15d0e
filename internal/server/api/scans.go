package api

import (
	"errors"
	"net/http"
	"slices"
	"strings"

	"github.com/vigil-cspm/vigil/internal/jobs"
	"github.com/vigil-cspm/vigil/internal/model"
	"github.com/vigil-cspm/vigil/internal/server"
	"github.com/vigil-cspm/vigil/internal/server/auth"
)

// scanSubject is where a scan looked: a cluster, or an account (or
// organization); IaC scans are nowhere a scope names.
func scanSubject(sc *model.Scan) auth.Subject {
	if sc.Source == "k8s" {
		return auth.Subject{Cluster: sc.Account}
	}
	if sc.Source == "aws" {
		return auth.Subject{Account: sc.Account}
	}
	return auth.Subject{}
}

type scanList struct {
	Items []model.Scan `json:"items"`
}

// visibleScans reads the latest limit scans and keeps those p sees.
func (a *api) visibleScans(r *http.Request, limit int) ([]model.Scan, error) {
	p := auth.From(r.Context())
	scans, err := a.Store.Scans(r.Context(), limit)
	if err != nil {
		return nil, err
	}
	out := []model.Scan{}
	for i := range scans {
		if p.Sees(scanSubject(&scans[i])) {
			out = append(out, scans[i])
		}
	}
	return out, nil
}

func (a *api) listScans(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if err := checkParams(q, []string{"limit"}); err != nil {
		a.fail(w, r, err)
		return
	}
	limit, err := parseLimit(q.Get("limit"))
	if err != nil {
		a.fail(w, r, err)
		return
	}
	scans, err := a.visibleScans(r, limit)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	server.JSON(w, http.StatusOK, scanList{Items: scans})
}

// scopeCoverage is the coverage of one source and account's latest
// finished scan.
type scopeCoverage struct {
	Source   string           `json:"source"`
	Account  string           `json:"account,omitempty"`
	ScanID   string           `json:"scan_id"`
	Finished string           `json:"finished_at"`
	Status   string           `json:"status"`
	Complete int              `json:"complete"`
	Total    int              `json:"total"`
	Gaps     []model.Coverage `json:"gaps"`
}

// coverageScans is how many recent scans coverage looks through.
const coverageScans = 500

func (a *api) coverage(w http.ResponseWriter, r *http.Request) {
	if err := checkParams(r.URL.Query(), nil); err != nil {
		a.fail(w, r, err)
		return
	}
	scans, err := a.visibleScans(r, coverageScans)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	seen := map[string]bool{}
	out := []scopeCoverage{}
	for _, sc := range scans {
		key := sc.Source + "\x00" + sc.Account
		if seen[key] || sc.Status == model.ScanRunning {
			continue
		}
		seen[key] = true
		c := scopeCoverage{Source: sc.Source, Account: sc.Account, ScanID: sc.ID, Finished: sc.FinishedAt.UTC().Format("2006-01-02T15:04:05Z"), Status: sc.Status,
			Total: len(sc.Coverage), Gaps: []model.Coverage{}}
		for _, cv := range sc.Coverage {
			if cv.Status == model.CoverageComplete {
				c.Complete++
			} else {
				c.Gaps = append(c.Gaps, cv)
			}
		}
		out = append(out, c)
	}
	server.JSON(w, http.StatusOK, map[string]any{"items": out})
}

// refSubject is where a connector's scope looks ("aws:<account>/…",
// "k8s:<cluster>/ns/<namespace>", "k8s:<cluster>/cluster").
func refSubject(scope string) auth.Subject {
	kind, path, _ := strings.Cut(scope, ":")
	parts := strings.Split(path, "/")
	switch kind {
	case "aws":
		if len(parts) >= 2 && strings.HasPrefix(parts[0], "o-") {
			return auth.Subject{Account: parts[1]} // an organization's member account
		}
		return auth.Subject{Account: parts[0]}
	case "k8s":
		s := auth.Subject{Cluster: parts[0]}
		if len(parts) >= 3 && parts[1] == "ns" {
			s.Namespace = parts[2]
		}
		return s
	}
	return auth.Subject{}
}

func (a *api) connectors(w http.ResponseWriter, r *http.Request) {
	if a.Jobs == nil {
		server.Fail(w, http.StatusServiceUnavailable, "this server runs no jobs engine", "scheduled scans run under vigil serve")
		return
	}
	p := auth.From(r.Context())
	hs, err := a.Jobs.Health(r.Context())
	if err != nil {
		a.fail(w, r, err)
		return
	}
	out := []jobs.ConnectorHealth{}
	for _, h := range hs {
		if p.Unscoped() {
			out = append(out, h)
			continue
		}
		// A scoped principal sees its scopes only, without the
		// connector's totals (they sum scopes it does not see).
		var mine []jobs.ScopeHealth
		for _, s := range h.Scopes {
			if p.Sees(refSubject(s.Scope)) {
				mine = append(mine, s)
			}
		}
		if len(mine) > 0 {
			out = append(out, jobs.ConnectorHealth{Connector: h.Connector, Scopes: mine})
		}
	}
	server.JSON(w, http.StatusOK, map[string]any{"items": out})
}

// scanRequest is the body of POST /api/v1/scans.
type scanRequest struct {
	Connector string `json:"connector"`
	Scope     string `json:"scope"`
}

// scanQueued answers a trigger; Jobs lists those of a whole connector.
type scanQueued struct {
	JobID     int64           `json:"job_id"`
	Duplicate bool            `json:"duplicate"`
	Scope     string          `json:"scope,omitempty"`
	Jobs      []jobs.Enqueued `json:"jobs,omitempty"`
	Error     string          `json:"error,omitempty"`
	Hint      string          `json:"hint,omitempty"`
}

func (a *api) triggerScan(w http.ResponseWriter, r *http.Request) {
	p := auth.From(r.Context())
	var req scanRequest
	if err := readJSON(r, &req, `{"connector": "prod-aws", "scope": "aws:111111111111/eu-west-1"}`); err != nil {
		a.fail(w, r, err)
		return
	}
	if a.Jobs == nil {
		server.Fail(w, http.StatusServiceUnavailable, "this server runs no jobs engine", "scans are queued by vigil serve")
		return
	}
	if req.Scope == "" {
		a.triggerConnector(w, r, req.Connector)
		return
	}
	ref, err := jobs.ParseScope(req.Connector, req.Scope)
	if err != nil {
		a.fail(w, r, badInput(`send {"connector": "<a configured connector>", "scope": "<kind>:<path>"}; GET /api/v1/connectors lists them`, "%s", err.Error()))
		return
	}
	if !a.configured(w, r, ref.Connector) {
		return
	}
	server.Audit(r, ref.String(), "")
	if !p.Sees(refSubject(ref.Scope)) {
		server.Fail(w, http.StatusForbidden, "scope "+ref.Scope+" is outside principal "+p.Name+"'s scope", "trigger scans of the accounts, clusters or namespaces your scope covers")
		return
	}
	q, err := a.Jobs.Enqueue(r.Context(), ref)
	if errors.Is(err, jobs.ErrUnknownScope) {
		err = badInput("GET /api/v1/connectors lists the connector's scopes", "%s", err.Error())
	}
	if err != nil {
		a.fail(w, r, err)
		return
	}
	if q.Duplicate {
		server.Audit(r, ref.String(), "already queued")
		server.JSON(w, http.StatusConflict, scanQueued{JobID: q.JobID, Duplicate: true, Error: "a scan of " + ref.String() + " is already queued or running",
			Hint: "wait for it: GET /api/v1/connectors shows its outcome"})
		return
	}
	server.JSON(w, http.StatusAccepted, scanQueued{JobID: q.JobID, Scope: q.Scope})
}

// configured answers 400 unless connector is configured.
func (a *api) configured(w http.ResponseWriter, r *http.Request, connector string) bool {
	var names []string
	for _, c := range a.cfg().Serve.Connectors {
		names = append(names, c.Name)
	}
	if !slices.Contains(names, connector) {
		a.fail(w, r, badInput("configured connectors: "+strings.Join(names, ", "), "no connector %q is configured", connector))
		return false
	}
	return true
}

// triggerConnector queues every scope of a connector: only an unscoped
// principal may, since the scopes (an organization's accounts) are not
// known before they are listed.
func (a *api) triggerConnector(w http.ResponseWriter, r *http.Request, connector string) {
	p := auth.From(r.Context())
	if !a.configured(w, r, connector) {
		return
	}
	server.Audit(r, connector+" (every scope)", "")
	if !p.Unscoped() {
		server.Fail(w, http.StatusForbidden, "principal "+p.Name+" is scoped and may trigger only the scopes it covers", `name the scope: {"connector": "`+connector+`", "scope": "<kind>:<path>"}; GET /api/v1/connectors lists them`)
		return
	}
	qs, err := a.Jobs.EnqueueConnector(r.Context(), connector)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	out := scanQueued{Jobs: qs}
	if len(qs) > 0 {
		out.JobID = qs[0].JobID
		out.Duplicate = true
		for _, q := range qs {
			out.Duplicate = out.Duplicate && q.Duplicate
		}
	}
	if out.Duplicate {
		out.Error, out.Hint = "every scope of "+connector+" is already queued or running", "wait for them: GET /api/v1/connectors shows their outcome"
		server.Audit(r, connector+" (every scope)", "already queued")
		server.JSON(w, http.StatusConflict, out)
		return
	}
	server.JSON(w, http.StatusAccepted, out)
}
