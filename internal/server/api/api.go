package api

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/vigil-cspm/vigil/internal/config"
	"github.com/vigil-cspm/vigil/internal/jobs"
	"github.com/vigil-cspm/vigil/internal/model"
	"github.com/vigil-cspm/vigil/internal/params"
	"github.com/vigil-cspm/vigil/internal/scan"
	"github.com/vigil-cspm/vigil/internal/server"
	"github.com/vigil-cspm/vigil/internal/server/auth"
	"github.com/vigil-cspm/vigil/internal/store"
)

// Store is what the API reads and writes: the store, its pages, the
// exception workflow and the service's audit log. The SQL store is all
// of them.
type Store interface {
	store.Store
	store.Browser
	store.ExceptionWorkflow
	store.ServiceState
	store.AdmissionLog
}

// Jobs is the jobs engine as the API uses it (jobs.Engine).
type Jobs interface {
	Enqueue(ctx context.Context, ref jobs.ScopeRef) (jobs.Enqueued, error)
	EnqueueConnector(ctx context.Context, name string) ([]jobs.Enqueued, error)
	Health(ctx context.Context) ([]jobs.ConnectorHealth, error)
}

var _ Jobs = (*jobs.Engine)(nil)

// Deps are what the API needs.
type Deps struct {
	Store Store
	// Config gives owners, due dates, the exceptions' maximum TTL, the
	// reports' maximum age and the expected inventory.
	Config *config.Config
	// Current, when set, is the configuration in force (a service that
	// reloads); it wins over Config.
	Current func() *config.Config
	// Library is the rule library: compliance summaries and metrics
	// judge its rules and frameworks.
	Library *scan.Library
	Jobs    Jobs
	// Now is the clock findings are judged at (nil: time.Now).
	Now func() time.Time
	Log *slog.Logger
	// Service answers the routes the running service owns (pushed IaC
	// scans, their checks, reloads); nil answers them 503.
	Service ServiceHandlers
}

// ServiceHandlers are the routes of the API the service itself answers:
// they belong to the document, but need the running service.
type ServiceHandlers struct {
	// PushIaC evaluates an IaC scan pushed from CI (iacpush.Payload).
	PushIaC http.HandlerFunc
	// IaCCheck serves a pushed scan stored as a check.
	IaCCheck http.HandlerFunc
	// Reload reads the configuration again.
	Reload http.HandlerFunc
}

// or503 is h, or a handler saying this process does not serve it.
func or503(h http.HandlerFunc) http.HandlerFunc {
	if h != nil {
		return h
	}
	return func(w http.ResponseWriter, _ *http.Request) {
		server.Fail(w, http.StatusServiceUnavailable, "this process does not serve that route", "send it to vigil serve")
	}
}

// api holds the dependencies of the handlers.
type api struct {
	Deps
	findingParts, resourceParts partsCache
}

// cfg is the configuration in force.
func (a *api) cfg() *config.Config {
	if a.Current != nil {
		return a.Current()
	}
	return a.Config
}

// Routes returns the API's routes (the OpenAPI document's included).
func Routes(d Deps) []server.Route {
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Log == nil {
		d.Log = slog.New(slog.DiscardHandler)
	}
	if d.Config == nil {
		d.Config = config.Default()
	}
	a := &api{Deps: d}
	r := func(method, path string, need auth.Need, summary string, h http.HandlerFunc) server.Route {
		return server.Route{Method: method, Path: path, Need: need, Summary: summary, API: true, Handler: h}
	}
	return []server.Route{
		server.OpenAPIRoute(OpenAPI()),
		r("GET", "/api/v1/findings", auth.NeedViewer, "List findings: filters, sort, cursor paging", a.listFindings),
		r("GET", "/api/v1/findings/{id}", auth.NeedViewer, "One finding in detail", a.showFinding),
		r("POST", "/api/v1/findings/{id}/mark", auth.NeedOperator, "Mark a finding a false positive, or clear the mark", a.markFinding),
		r("GET", "/api/v1/combinations", auth.NeedViewer, "List toxic combinations with their members", a.listCombinations),
		r("GET", "/api/v1/resources", auth.NeedViewer, "Search the inventory", a.listResources),
		r("GET", "/api/v1/resources/{id}", auth.NeedViewer, "One resource: attributes (redacted) and relations", a.showResource),
		r("GET", "/api/v1/scans", auth.NeedViewer, "Recent scans with their coverage", a.listScans),
		r("POST", "/api/v1/scans", auth.NeedOperator, "Queue a scan of one scope of a connector, or of all its scopes", a.triggerScan),
		r("GET", "/api/v1/coverage", auth.NeedViewer, "Coverage of each source and account's latest scan", a.coverage),
		r("GET", "/api/v1/connectors", auth.NeedViewer, "Connector health", a.connectors),
		r("GET", "/api/v1/exceptions", auth.NeedViewer, "The exception set and the proposals", a.listExceptions),
		r("POST", "/api/v1/exceptions", auth.NeedOperator, "Propose an exception", a.proposeException),
		r("POST", "/api/v1/exceptions/{id}/approve", auth.NeedAdmin, "Approve a proposed exception (not by its proposer)", a.approveException),
		r("POST", "/api/v1/exceptions/{id}/reject", auth.NeedAdmin, "Reject a proposed exception", a.rejectException),
		r("POST", "/api/v1/exceptions/{id}/revoke", auth.NeedAdmin, "Remove an exception from the set", a.revokeException),
		r("GET", "/api/v1/compliance", auth.NeedViewer, "Compliance summary of every framework", a.complianceSummary),
		r("GET", "/api/v1/compliance/{framework}", auth.NeedViewer, "Compliance report of one framework", a.complianceReport),
		r("GET", "/api/v1/metrics", auth.NeedViewer, "The SLIs over a window", a.metrics),
		r("GET", "/api/v1/audit", auth.NeedAdmin, "The audit log of writes", a.auditLog),
		r("POST", "/api/v1/iac/scans", auth.NeedCI, "Push the resources of an IaC scan from CI; the server evaluates them", or503(d.Service.PushIaC)),
		r("GET", "/api/v1/iac/checks/{id}", auth.NeedViewer, "A pushed IaC scan of a ref outside the findings lifecycle", or503(d.Service.IaCCheck)),
		r("POST", "/api/v1/admission/decisions", auth.NeedOperator, "Record a decision of an admission webhook (vigil admission serve)", a.recordDecision),
		r("GET", "/api/v1/admission/decisions", auth.NeedViewer, "Admission webhook decisions, newest first, of a finding by fingerprint", a.listDecisions),
		r("POST", "/api/v1/reload", auth.NeedAdmin, "Read the configuration file again and apply it without dropping running scans", or503(d.Service.Reload)),
	}
}

// fail answers an error: input errors with 400, a cancelled request
// quietly, anything else with 500 (logged, not shown).
func (a *api) fail(w http.ResponseWriter, r *http.Request, err error) {
	var in *inputError
	switch {
	case errors.As(err, &in):
		server.Fail(w, http.StatusBadRequest, in.msg, in.hint)
	case errors.Is(err, context.Canceled):
		server.Fail(w, http.StatusServiceUnavailable, "the request was cancelled", "retry")
	default:
		a.Log.Error("api request failed", "method", r.Method, "path", r.URL.Path, "err", err)
		server.Fail(w, http.StatusInternalServerError, "internal error", "the server logged the details; report them with the time of the request")
	}
}

// notFound answers for something missing or outside the caller's scope
// alike.
func notFound(w http.ResponseWriter, what, id, hint string) {
	server.Fail(w, http.StatusNotFound, "no "+what+" "+clipText(id), hint)
}

// needUnscoped refuses scoped principals a view of the whole estate.
func needUnscoped(w http.ResponseWriter, r *http.Request, what string) bool {
	p := auth.From(r.Context())
	if p != nil && !p.Unscoped() {
		server.Fail(w, http.StatusForbidden, what+" covers the whole estate and principal "+p.Name+" is scoped",
			"use a principal without a scope, or read findings and resources, which are filtered to your scope")
		return false
	}
	return true
}

// subject is where a resource lives and who owns it, as scopes judge
// it: a Kubernetes resource's cluster and namespace, another's account.
func subject(r *model.Resource, owner string) auth.Subject {
	if r == nil {
		return auth.Subject{Owner: owner}
	}
	if isK8s(r.Type) {
		return auth.Subject{Cluster: r.Account, Namespace: r.Namespace, Owner: owner}
	}
	return auth.Subject{Account: r.Account, Owner: owner}
}

func isK8s(typ string) bool { return strings.HasPrefix(typ, "k8s.") }

// ownerOf is a judged finding's owner.
func ownerOf(f *model.Finding) string {
	if f.Triage == nil {
		return ""
	}
	return f.Triage.Owner
}

// seesFinding reports whether p's scope covers judged finding f.
func seesFinding(p *auth.Principal, f *model.Finding) bool {
	return p.Sees(subject(f.Resource, ownerOf(f)))
}

// seesResource reports whether p's scope covers r (its owner judged
// from the configuration).
func (a *api) seesResource(p *auth.Principal, r *model.Resource) bool {
	owner, _ := a.cfg().OwnerOf(r)
	return p.Sees(subject(r, owner))
}

// visibility is what the store keeps for p, nil when p sees
// everything. Scope lists of exact values go to the query as they are;
// one with a glob is matched against the values stored (parts, read
// only then). Owners are judged per row, later.
func visibility(p *auth.Principal, parts func() ([]store.Partition, error)) (*store.Visibility, error) {
	sc := p.Scope
	if len(sc.Accounts) == 0 && len(sc.Clusters) == 0 && len(sc.Namespaces) == 0 {
		return nil, nil
	}
	var known []store.Partition
	resolve := func(globs []string, pick func(store.Partition) (string, bool)) ([]string, error) {
		if len(globs) == 0 {
			return nil, nil
		}
		if !slices.ContainsFunc(globs, func(g string) bool { return strings.ContainsAny(g, `*?[\`) }) {
			return globs, nil
		}
		if known == nil {
			var err error
			if known, err = parts(); err != nil {
				return nil, err
			}
		}
		out := []string{}
		for _, part := range known {
			v, ok := pick(part)
			if ok && !slices.Contains(out, v) && slices.ContainsFunc(globs, func(g string) bool { return params.Glob(g, v) }) {
				out = append(out, v)
			}
		}
		return out, nil
	}
	var v store.Visibility
	var err error
	if v.Accounts, err = resolve(sc.Accounts, func(pt store.Partition) (string, bool) { return pt.Account, !pt.K8s }); err != nil {
		return nil, err
	}
	if v.Clusters, err = resolve(sc.Clusters, func(pt store.Partition) (string, bool) { return pt.Account, pt.K8s }); err != nil {
		return nil, err
	}
	if v.Namespaces, err = resolve(sc.Namespaces, func(pt store.Partition) (string, bool) { return pt.Namespace, pt.K8s }); err != nil {
		return nil, err
	}
	return &v, nil
}

// partsCache keeps the stored partitions for a few seconds: scopes with
// globs read them on every list. A partition stored meanwhile is seen
// by a glob scope only at the next read — never one outside the scope.
type partsCache struct {
	mu    sync.Mutex
	at    time.Time
	parts []store.Partition
}

const partsTTL = 10 * time.Second

func (c *partsCache) get(ctx context.Context, now time.Time, list func(context.Context) ([]store.Partition, error)) ([]store.Partition, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.parts != nil && now.Sub(c.at) < partsTTL && !now.Before(c.at) {
		return c.parts, nil
	}
	ps, err := list(ctx)
	if err != nil {
		return nil, err
	}
	if ps == nil {
		ps = []store.Partition{}
	}
	c.parts, c.at = ps, now
	return ps, nil
}
