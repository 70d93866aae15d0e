package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/vigil-cspm/vigil/internal/diag"
	"github.com/vigil-cspm/vigil/internal/exceptions"
	"github.com/vigil-cspm/vigil/internal/server"
	"github.com/vigil-cspm/vigil/internal/server/auth"
	"github.com/vigil-cspm/vigil/internal/store"
)

// exceptionSubject is where an exception's selector pins it.
func exceptionSubject(e *exceptions.Exception) auth.Subject {
	s := e.Resource
	if s.Provider == "k8s" || isK8s(s.Type) {
		return auth.Subject{Cluster: s.Account, Namespace: s.Namespace, Owner: e.Owner}
	}
	return auth.Subject{Account: s.Account, Owner: e.Owner}
}

// seesException reports whether p's scope covers e: its selector pins
// an account or cluster (and namespace) p's scope covers, and its owner.
func seesException(p *auth.Principal, e *exceptions.Exception) bool {
	return p.Sees(exceptionSubject(e))
}

// mayWrite says why p may not propose or decide e, "" when it may: a
// scoped principal's exception must pin, without wildcards, an account
// or cluster (and namespace) its scope covers, and an owner-scoped
// principal cannot pin an owner in a selector at all.
func mayWrite(p *auth.Principal, e *exceptions.Exception) string {
	if p.Unscoped() {
		return ""
	}
	sel := e.Resource
	switch {
	case len(p.Scope.Owners) > 0:
		return "principal " + p.Name + " is scoped to owners, and a resource selector cannot be held to an owner"
	case strings.ContainsAny(sel.Account+sel.Namespace, `*?[\`):
		return "a scoped principal's exception names its account or cluster and namespace exactly, without wildcards"
	case !seesException(p, e):
		return "the exception's resource selector is not inside principal " + p.Name + "'s scope"
	}
	return ""
}

// exceptionView is an exception of the set.
type exceptionView struct {
	exceptions.Exception
	State    string `json:"state"` // active, expired
	DaysLeft int    `json:"days_left"`
}

// proposalView is a proposal with its exception.
type proposalView struct {
	store.Proposal
	Exception exceptions.Exception `json:"exception"`
}

type exceptionList struct {
	Exceptions []exceptionView `json:"exceptions"`
	Proposals  []proposalView  `json:"proposals"`
	SetVersion int64           `json:"set_version"`
}

func (a *api) listExceptions(w http.ResponseWriter, r *http.Request) {
	ctx, p := r.Context(), auth.From(r.Context())
	if err := checkParams(r.URL.Query(), nil); err != nil {
		a.fail(w, r, err)
		return
	}
	set, version, err := exceptions.LoadVersion(ctx, a.Store)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	props, err := a.Store.Proposals(ctx)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	now := a.Now()
	out := exceptionList{Exceptions: []exceptionView{}, Proposals: []proposalView{}, SetVersion: version}
	for _, e := range set {
		if !seesException(p, &e) {
			continue
		}
		state := "active"
		if e.Expired(now) {
			state = "expired"
		}
		out.Exceptions = append(out.Exceptions, exceptionView{Exception: e, State: state, DaysLeft: e.DaysLeft(now)})
	}
	for _, pr := range props {
		var e exceptions.Exception
		if err := json.Unmarshal([]byte(pr.Doc), &e); err != nil {
			a.fail(w, r, fmt.Errorf("read proposal %s: %w", pr.ID, err))
			return
		}
		if seesException(p, &e) {
			out.Proposals = append(out.Proposals, proposalView{Proposal: pr, Exception: e})
		}
	}
	server.JSON(w, http.StatusOK, out)
}

// proposeRequest is the body of POST /api/v1/exceptions: an exception
// as the exceptions file writes it, without approved_by and created
// (the approver and today).
type proposeRequest struct {
	ID       string         `json:"id"`
	Rule     string         `json:"rule"`
	Resource map[string]any `json:"resource"`
	Reason   string         `json:"reason"`
	Owner    string         `json:"owner"`
	Expires  string         `json:"expires"`
}

const proposeExample = `{"id": "legacy-privileged", "rule": "k8s-privileged-container", "resource": {"provider": "k8s", "account": "prod", "namespace": "legacy"}, "reason": "vendor agent (SEC-123)", "owner": "team-payments", "expires": "2027-02-28"}`

// pendingApprover stands for the approver until an admin approves.
const pendingApprover = "(pending approval)"

// parseProposal checks a proposal as the exceptions file is checked
// (package exceptions' parser: required fields, id form, expiry within
// exceptions.max_ttl) and returns the exception.
func parseProposal(req *proposeRequest, now time.Time, maxTTL time.Duration) (*exceptions.Exception, error) {
	doc := map[string]any{"version": 1, "exceptions": []any{map[string]any{
		"id": req.ID, "rule": req.Rule, "resource": req.Resource, "reason": req.Reason, "owner": req.Owner,
		"approved_by": pendingApprover, "created": now.UTC().Format("2006-01-02"), "expires": req.Expires,
	}}}
	if req.Resource == nil {
		delete(doc["exceptions"].([]any)[0].(map[string]any), "resource")
	}
	// JSON is YAML: the file's parser judges the proposal.
	b, err := json.Marshal(doc)
	if err != nil {
		return nil, badInput("send "+proposeExample, "the exception cannot be encoded: %v", err)
	}
	set, err := exceptions.Parse("request", b, maxTTL)
	if err != nil {
		var ds *diag.Errors
		msgs := []string{err.Error()}
		if errors.As(err, &ds) {
			msgs = msgs[:0]
			for _, d := range ds.List {
				msgs = append(msgs, d.Message)
			}
		}
		return nil, badInput("send "+proposeExample+"; created is today and approved_by the approving admin", "%s", strings.Join(msgs, "; "))
	}
	if len(set) != 1 {
		return nil, badInput("send "+proposeExample, "the body holds no exception")
	}
	return &set[0], nil
}

func (a *api) proposeException(w http.ResponseWriter, r *http.Request) {
	if isForm(r) {
		a.proposeFromForm(w, r)
		return
	}
	var req proposeRequest
	if err := readJSON(r, &req, proposeExample); err != nil {
		a.fail(w, r, err)
		return
	}
	status, v, problem := a.propose(r, &req)
	if problem != nil {
		server.Fail(w, status, problem.Error, problem.Hint)
		return
	}
	server.JSON(w, status, v)
}

// propose checks and stores a proposal for the principal of r: the
// status to answer with, and the proposal or what went wrong.
func (a *api) propose(r *http.Request, req *proposeRequest) (int, *proposalView, *server.Problem) {
	ctx, p := r.Context(), auth.From(r.Context())
	now := a.Now()
	e, err := parseProposal(req, now, time.Duration(a.cfg().Exceptions.MaxTTL))
	if err != nil {
		var in *inputError
		if errors.As(err, &in) {
			return http.StatusBadRequest, nil, &server.Problem{Error: in.msg, Hint: in.hint}
		}
		a.Log.Error("api request failed", "method", r.Method, "path", r.URL.Path, "err", err)
		return http.StatusInternalServerError, nil, &server.Problem{Error: "internal error", Hint: "the server logged the details"}
	}
	server.Audit(r, e.ID, "proposed: "+e.Rule)
	if why := mayWrite(p, e); why != "" {
		return http.StatusForbidden, nil, &server.Problem{Error: why, Hint: "propose exceptions for the accounts, clusters and namespaces your scope covers"}
	}
	b, _ := json.Marshal(e)
	pr := store.Proposal{ID: e.ID, Status: store.ProposalPending, Doc: string(b), ProposedBy: p.Name, ProposedAt: now.UTC()}
	if err := a.Store.Propose(ctx, pr); err != nil {
		if errors.Is(err, store.ErrConflict) {
			return http.StatusConflict, nil, &server.Problem{Error: err.Error(), Hint: "choose another id; GET /api/v1/exceptions lists those in use"}
		}
		a.Log.Error("api request failed", "method", r.Method, "path", r.URL.Path, "err", err)
		return http.StatusInternalServerError, nil, &server.Problem{Error: "internal error", Hint: "the server logged the details"}
	}
	pr.Version = 1
	return http.StatusCreated, &proposalView{Proposal: pr, Exception: *e}, nil
}

// isForm reports whether r is an HTML form post (the dashboards'
// finding page).
func isForm(r *http.Request) bool {
	ct := r.Header.Get("Content-Type")
	return strings.HasPrefix(ct, "application/x-www-form-urlencoded")
}

// proposeFromForm takes the finding page's form: an exception for that
// one resource and rule, owned by the proposer unless the form names an
// owner, and answers with a redirect back to the finding saying what
// happened.
func (a *api) proposeFromForm(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		server.Fail(w, http.StatusBadRequest, "the form could not be read: "+err.Error(), "send the finding page's form")
		return
	}
	fp := r.PostFormValue("finding")
	back := func(key, msg string) {
		http.Redirect(w, r, "/findings/"+url.PathEscape(fp)+"?"+url.Values{key: {msg}}.Encode(), http.StatusSeeOther)
	}
	if fp == "" || r.PostFormValue("rule") == "" || r.PostFormValue("resource") == "" {
		server.Fail(w, http.StatusBadRequest, "the form lacks finding, rule or resource", "send the finding page's form")
		return
	}
	owner := r.PostFormValue("owner")
	if owner == "" {
		owner = auth.From(r.Context()).Name
	}
	req := proposeRequest{ID: formID(r.PostFormValue("rule"), fp), Rule: r.PostFormValue("rule"),
		Resource: map[string]any{"id": r.PostFormValue("resource")}, Reason: r.PostFormValue("reason"),
		Owner: owner, Expires: r.PostFormValue("expires")}
	_, v, problem := a.propose(r, &req)
	if problem != nil {
		back("problem", problem.Error+" ("+problem.Hint+")")
		return
	}
	back("proposed", v.Exception.ID)
}

// formID names a proposal made from a finding page: its rule and the
// finding's short fingerprint, as exception ids are written.
func formID(rule, fp string) string {
	var b strings.Builder
	for _, c := range strings.ToLower(rule + "-" + fp[:min(8, len(fp))]) {
		if c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' {
			b.WriteRune(c)
		}
	}
	return b.String()
}

// decisionRequest is the body of approve, reject and revoke: the
// proposal's version the admin saw (optional; the current one when
// left out) and a note.
type decisionRequest struct {
	Version int64  `json:"version"`
	Note    string `json:"note"`
}

// decision reads the body of a decision (an empty body is allowed).
func decision(r *http.Request) (decisionRequest, error) {
	var d decisionRequest
	if isForm(r) {
		if v := r.PostFormValue("version"); v != "" {
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil || n < 1 {
				return d, &inputError{msg: "version " + clipText(v) + " is not a proposal version", hint: "reload the finding page"}
			}
			d.Version = n
		}
		d.Note = r.PostFormValue("note")
		return d, checkText("note", d.Note, 2000)
	}
	if r.ContentLength == 0 {
		return d, nil
	}
	if err := readJSON(r, &d, `{"version": 1, "note": "reviewed with the owner"}`); err != nil {
		return d, err
	}
	return d, checkText("note", d.Note, 2000)
}

// pendingProposal finds proposal id as p may see it.
func (a *api) proposal(r *http.Request, id string) (*store.Proposal, *exceptions.Exception, error) {
	props, err := a.Store.Proposals(r.Context())
	if err != nil {
		return nil, nil, err
	}
	for _, pr := range props {
		if pr.ID != id {
			continue
		}
		var e exceptions.Exception
		if err := json.Unmarshal([]byte(pr.Doc), &e); err != nil {
			return nil, nil, fmt.Errorf("read proposal %s: %w", pr.ID, err)
		}
		if !seesException(auth.From(r.Context()), &e) {
			return nil, nil, nil
		}
		return &pr, &e, nil
	}
	return nil, nil, nil
}

const proposalHint = "GET /api/v1/exceptions lists the proposals and their versions"

// answerWrite answers a store write's conflict or absence.
func (a *api) answerWrite(w http.ResponseWriter, r *http.Request, err error) {
	switch {
	case errors.Is(err, store.ErrConflict):
		server.Fail(w, http.StatusConflict, err.Error(), "someone else changed it: read it again ("+proposalHint+") and decide on what it is now")
	case errors.Is(err, store.ErrNotFound):
		server.Fail(w, http.StatusNotFound, err.Error(), proposalHint)
	default:
		a.fail(w, r, err)
	}
}

func (a *api) approveException(w http.ResponseWriter, r *http.Request) {
	a.decideMaybeForm(w, r, true)
}

func (a *api) rejectException(w http.ResponseWriter, r *http.Request) {
	a.decideMaybeForm(w, r, false)
}

// decideMaybeForm decides, answering the finding page's form with a
// redirect back to the finding that says what happened.
func (a *api) decideMaybeForm(w http.ResponseWriter, r *http.Request, approve bool) {
	if !isForm(r) {
		a.decide(w, r, approve)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		server.Fail(w, http.StatusBadRequest, "the form could not be read: "+err.Error(), "send the finding page's form")
		return
	}
	fp := r.PostFormValue("finding")
	if fp == "" {
		server.Fail(w, http.StatusBadRequest, "the form lacks the finding", "send the finding page's form")
		return
	}
	rec := &captured{header: http.Header{}}
	a.decide(rec, r, approve)
	q := url.Values{}
	if rec.status == http.StatusOK {
		verb := "rejected"
		if approve {
			verb = "approved"
		}
		q.Set("decided", r.PathValue("id")+" "+verb)
	} else {
		var p server.Problem
		_ = json.Unmarshal(rec.body.Bytes(), &p)
		q.Set("problem", strings.TrimSpace(p.Error+" ("+p.Hint+")"))
	}
	http.Redirect(w, r, "/findings/"+url.PathEscape(fp)+"?"+q.Encode(), http.StatusSeeOther)
}

// captured keeps an answer to turn it into a redirect.
type captured struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (c *captured) Header() http.Header { return c.header }

func (c *captured) WriteHeader(s int) {
	if c.status == 0 {
		c.status = s
	}
}

func (c *captured) Write(b []byte) (int, error) {
	if c.status == 0 {
		c.status = http.StatusOK
	}
	return c.body.Write(b)
}

func (a *api) decide(w http.ResponseWriter, r *http.Request, approve bool) {
	p, id := auth.From(r.Context()), r.PathValue("id")
	d, err := decision(r)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	verb := "rejected"
	if approve {
		verb = "approved"
	}
	server.Audit(r, id, verb+": "+d.Note)
	pr, e, err := a.proposal(r, id)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	if pr == nil {
		notFound(w, "proposed exception", id, proposalHint)
		return
	}
	if why := mayWrite(p, e); why != "" {
		server.Fail(w, http.StatusForbidden, why, "decide on exceptions inside your scope")
		return
	}
	if approve && pr.ProposedBy == p.Name {
		server.Fail(w, http.StatusForbidden, "you proposed exception "+id+"; its proposer may not approve it",
			"ask another admin to approve it (exceptions need two people)")
		return
	}
	if d.Version == 0 {
		d.Version = pr.Version
	}
	now := a.Now().UTC()
	dec := store.Decision{ID: id, Version: d.Version, By: p.Name, At: now, Note: d.Note}
	if !approve {
		if err := a.Store.Reject(r.Context(), dec); err != nil {
			a.answerWrite(w, r, err)
			return
		}
		server.JSON(w, http.StatusOK, map[string]any{"id": id, "status": store.ProposalRejected})
		return
	}
	e.ApprovedBy, e.Origin = p.Name, store.ExceptionFromAPI
	b, _ := json.Marshal(e)
	rec := store.ExceptionRecord{ID: e.ID, Rule: e.Rule, Owner: e.Owner, Expires: e.End(), Doc: string(b), Origin: store.ExceptionFromAPI}
	if err := a.Store.Approve(r.Context(), dec, rec); err != nil {
		a.answerWrite(w, r, err)
		return
	}
	server.JSON(w, http.StatusOK, exceptionView{Exception: *e, State: "active", DaysLeft: e.DaysLeft(now)})
}

func (a *api) revokeException(w http.ResponseWriter, r *http.Request) {
	ctx, p, id := r.Context(), auth.From(r.Context()), r.PathValue("id")
	d, err := decision(r)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	server.Audit(r, id, "revoked: "+d.Note)
	set, err := exceptions.Load(ctx, a.Store)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	var e *exceptions.Exception
	for i := range set {
		if set[i].ID == id && seesException(p, &set[i]) {
			e = &set[i]
		}
	}
	if e == nil {
		notFound(w, "exception", id, "GET /api/v1/exceptions lists the exception set")
		return
	}
	if why := mayWrite(p, e); why != "" {
		server.Fail(w, http.StatusForbidden, why, "revoke exceptions inside your scope")
		return
	}
	if err := a.Store.Revoke(ctx, store.Decision{ID: id, By: p.Name, At: a.Now().UTC(), Note: d.Note}); err != nil {
		a.answerWrite(w, r, err)
		return
	}
	server.JSON(w, http.StatusOK, map[string]any{"id": id, "status": store.ProposalRevoked})
}
