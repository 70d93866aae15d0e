package web

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"html/template"
	"log/slog"
	"math"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/vigil-cspm/vigil/internal/jobs"
	"github.com/vigil-cspm/vigil/internal/model"
	"github.com/vigil-cspm/vigil/internal/server"
	"github.com/vigil-cspm/vigil/internal/server/auth"
)

// Deps are what the dashboards read.
type Deps struct {
	// Data reads findings and resources (required; StoreData reads a
	// store).
	Data Data
	// Deliveries lists recent notifications and tickets; nil shows
	// "no notifications yet".
	Deliveries Deliveries
	// Health reports the connectors' scan health; nil shows none.
	Health Health
	Log    *slog.Logger
	// Now is the clock ages are judged by (nil: time.Now).
	Now func() time.Time
}

// Deliveries lists the latest notifications and tickets, newest first.
type Deliveries interface {
	Deliveries(ctx context.Context, limit int) ([]Delivery, error)
}

// Delivery is one notification or ticket and how its delivery went.
type Delivery struct {
	At time.Time
	// Kind is "notification" or "ticket"; Channel names where it went
	// (slack, pagerduty, jira …).
	Kind, Channel string
	// Finding is the fingerprint it was about; Rule its rule.
	Finding, Rule string
	// Status is delivered, failed, retrying or pending; Detail says why
	// (the error, or the ticket's key).
	Status, Detail string
	// URL links to the ticket or message, when there is one.
	URL string
}

// Health is the jobs engine's view of the connectors.
type Health interface {
	Health(ctx context.Context) ([]jobs.ConnectorHealth, error)
}

// The jobs engine reports connector health as the debug page takes it.
var _ Health = (*jobs.Engine)(nil)

// Routes are the dashboards' pages and static files.
func Routes(d Deps) []server.Route {
	if d.Log == nil {
		d.Log = slog.New(slog.DiscardHandler)
	}
	if d.Now == nil {
		d.Now = time.Now
	}
	a := newAssets()
	s := &site{deps: d, assets: a, pages: parsePages(a, d.Now)}
	return []server.Route{
		{Method: "GET", Path: "/static/", Need: auth.NeedNothing, Summary: "The dashboards' stylesheet, script and front-end libraries", Handler: a.ServeHTTP},
		{Method: "GET", Path: "/favicon.ico", Need: auth.NeedNothing, Summary: "The icon browsers ask for", Handler: func(w http.ResponseWriter, r *http.Request) {
			r.URL.Path = "/static/favicon.svg"
			a.ServeHTTP(w, r)
		}},
		{Method: "GET", Path: "/{$}", Need: auth.NeedViewer, Summary: "Executive dashboard", Handler: s.executive},
		{Method: "GET", Path: "/oncall", Need: auth.NeedViewer, Summary: "On-call dashboard", Handler: s.oncall},
		{Method: "GET", Path: "/findings", Need: auth.NeedViewer, Summary: "Findings list with filters", Handler: s.findings},
		{Method: "GET", Path: "/findings/{id}", Need: auth.NeedViewer, Summary: "One finding", Handler: s.finding},
		{Method: "GET", Path: "/resources/{id}", Need: auth.NeedViewer, Summary: "Debug a resource", Handler: s.resource},
	}
}

type site struct {
	deps   Deps
	assets *assets
	pages  map[string]*template.Template
}

// view is what every page template gets.
type view struct {
	Title, Nav string
	User       *auth.Principal
	// CanPropose: the principal may propose exceptions; CanDecide:
	// approve or reject them (never their own).
	CanPropose, CanDecide bool
	Problem               string
	// Notice and FormProblem say what a form the page sent did (an
	// exception proposed, or why not); the page is shown below them.
	Notice, FormProblem string
	Body                any
}

func (s *site) render(w http.ResponseWriter, r *http.Request, status int, name, title string, body any) {
	p := auth.From(r.Context())
	v := view{Title: title, Nav: name, User: p, CanPropose: auth.NeedOperator.Allows(p), CanDecide: auth.NeedAdmin.Allows(p), Body: body}
	if name == "finding" {
		v.Notice, v.FormProblem = notice(r)
	}
	var buf bytes.Buffer
	if err := s.pages[name].ExecuteTemplate(&buf, "layout", v); err != nil {
		s.deps.Log.Error("render page", "page", name, "err", err)
		http.Error(w, "the page could not be rendered; the server logged why", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

func (s *site) problem(w http.ResponseWriter, r *http.Request, status int, msg string) {
	p := auth.From(r.Context())
	v := view{Title: http.StatusText(status), User: p, Problem: msg}
	var buf bytes.Buffer
	_ = s.pages["problem"].ExecuteTemplate(&buf, "layout", v)
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

func (s *site) failed(w http.ResponseWriter, r *http.Request, what string, err error) {
	s.deps.Log.Error("read dashboard data", "page", r.URL.Path, "what", what, "err", err)
	s.problem(w, r, http.StatusInternalServerError, "Could not read "+what+" from the store: "+err.Error()+". Check that the store is reachable (GET /readyz) and retry.")
}

func (s *site) executive(w http.ResponseWriter, r *http.Request) {
	exe, err := s.deps.Data.Executive(r.Context(), auth.From(r.Context()))
	if err != nil {
		s.failed(w, r, "the executive summary", err)
		return
	}
	s.render(w, r, http.StatusOK, "executive", "Executive", exe)
}

type onCallView struct {
	*OnCall
	Deliveries []Delivery
	// DeliveriesProblem says why deliveries could not be read.
	DeliveriesProblem string
}

func (s *site) oncall(w http.ResponseWriter, r *http.Request) {
	oc, err := s.deps.Data.OnCall(r.Context(), auth.From(r.Context()))
	if err != nil {
		s.failed(w, r, "the on-call findings", err)
		return
	}
	v := onCallView{OnCall: oc}
	if s.deps.Deliveries != nil {
		if v.Deliveries, err = s.deps.Deliveries.Deliveries(r.Context(), 20); err != nil {
			v.DeliveriesProblem = "Could not read the notifications: " + err.Error()
		}
	}
	s.render(w, r, http.StatusOK, "oncall", "On-call", v)
}

type findingsView struct {
	*FindingPage
	Severities []string
	Statuses   []string
	Sorts      []string
	Prev, Next string
}

func (s *site) findings(w http.ResponseWriter, r *http.Request) {
	f, err := ParseFilter(r.URL.Query())
	if err != nil {
		s.problem(w, r, http.StatusBadRequest, "The findings filter is not valid: "+err.Error()+".")
		return
	}
	pg, err := s.deps.Data.Findings(r.Context(), auth.From(r.Context()), f)
	if err != nil {
		s.failed(w, r, "findings", err)
		return
	}
	v := findingsView{FindingPage: pg, Statuses: Statuses, Sorts: Sorts}
	for _, sev := range model.Severities() {
		v.Severities = append(v.Severities, sev.String())
	}
	if f.Page > 1 {
		v.Prev = findingsURL(f, f.Page-1)
	}
	if f.Page < pg.Pages {
		v.Next = findingsURL(f, f.Page+1)
	}
	s.render(w, r, http.StatusOK, "findings", "Findings", v)
}

func findingsURL(f Filter, page int) string {
	if q := f.Values(page).Encode(); q != "" {
		return "/findings?" + q
	}
	return "/findings"
}

func (s *site) finding(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	fv, err := s.deps.Data.Finding(r.Context(), auth.From(r.Context()), id)
	if err != nil {
		s.failed(w, r, "the finding", err)
		return
	}
	if fv == nil {
		s.problem(w, r, http.StatusNotFound, "No finding "+id+" that you can see. Find it on the findings page.")
		return
	}
	s.render(w, r, http.StatusOK, "finding", fv.Finding.Title, fv)
}

// notice is what the finding page's exception form did, as the API's
// redirect back says it: proposed=<id> or problem=<why>.
func notice(r *http.Request) (ok, problem string) {
	q := r.URL.Query()
	if id := q.Get("proposed"); id != "" {
		return "Exception " + id + " proposed. It applies once an admin other than you approves it.", ""
	}
	if d := q.Get("decided"); d != "" {
		return "Exception " + d + ".", ""
	}
	if p := q.Get("problem"); p != "" {
		return "", "The exception was not proposed: " + p
	}
	return "", ""
}

type resourceView struct {
	*ResourceView
	Graph      template.HTML
	Attributes string
	Health     []jobs.ConnectorHealth
	// HealthProblem says why connector health could not be read.
	HealthProblem string
}

func (s *site) resource(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	rv, err := s.deps.Data.Resource(r.Context(), auth.From(r.Context()), id)
	if err != nil {
		s.failed(w, r, "the resource", err)
		return
	}
	if rv == nil {
		s.problem(w, r, http.StatusNotFound, "The inventory holds no resource "+id+" that you can see.")
		return
	}
	attrs, _ := json.MarshalIndent(rv.Resource.Attributes, "", "  ")
	v := resourceView{ResourceView: rv, Graph: relationGraph(rv.Resource, rv.Stored), Attributes: string(attrs)}
	if s.deps.Health != nil {
		if v.Health, err = s.deps.Health.Health(r.Context()); err != nil {
			v.HealthProblem = "Could not read connector health: " + err.Error()
		}
	}
	s.render(w, r, http.StatusOK, "resource", rv.Resource.Name, v)
}

// ResourceURL is the debug page of a resource.
func ResourceURL(id string) string { return "/resources/" + url.PathEscape(id) }

// FindingURL is the detail page of a finding.
func FindingURL(id string) string { return "/findings/" + url.PathEscape(id) }

func funcs(a *assets, now func() time.Time) template.FuncMap {
	return template.FuncMap{
		"asset":       a.URL,
		"htmxJS":      func() string { return a.URL(htmxJS) },
		"chartJS":     func() string { return a.URL(chartJS) },
		"resourceURL": ResourceURL,
		"findingURL":  FindingURL,
		"findingsURL": findingsURL,
		"age":         func(t time.Time) string { return ago(now().Sub(t)) },
		"date": func(t any) string {
			switch v := t.(type) {
			case time.Time:
				if v.IsZero() {
					return "—"
				}
				return v.UTC().Format("2006-01-02 15:04")
			case *time.Time:
				if v == nil {
					return "—"
				}
				return v.UTC().Format("2006-01-02 15:04")
			}
			return "—"
		},
		"pct": func(v *float64) string {
			if v == nil {
				return "—"
			}
			return fmt.Sprintf("%.1f%%", *v)
		},
		"rate": func(v float64) string { return fmt.Sprintf("%.0f%%", v) },
		"calls": func(hs []model.ServiceHealth) string {
			if len(hs) == 0 {
				return "—"
			}
			var calls, throttled, errs int
			for _, h := range hs {
				calls, throttled, errs = calls+h.Calls, throttled+h.Throttled, errs+h.Errors
			}
			return fmt.Sprintf("%d (%d throttled, %d errors)", calls, throttled, errs)
		},
		"risk": func(f model.Finding) int { return riskOf(&f) },
		"where": func(f model.Finding) string {
			r := f.Resource
			if r == nil {
				return ""
			}
			parts := []string{}
			if r.Account != "" {
				if r.Provider == "k8s" {
					parts = append(parts, "cluster "+r.Account)
				} else {
					parts = append(parts, r.Account)
				}
			}
			if r.Region != "" {
				parts = append(parts, r.Region)
			}
			if r.Namespace != "" {
				parts = append(parts, r.Namespace)
			}
			if len(parts) == 0 && r.Source.File != "" {
				parts = append(parts, r.Source.File)
			}
			return strings.Join(parts, " / ")
		},
		"controls": controlsByFramework,
		"owner": func(f model.Finding) string {
			if f.Triage == nil || f.Triage.Owner == "" {
				return "—"
			}
			return f.Triage.Owner
		},
		"value":  show,
		"labels": chartLabels,
		"values": chartValues,
		"trendLabels": func(fs FrameworkScore) string {
			var out []string
			for _, p := range fs.Trend {
				out = append(out, p.At.UTC().Format("01-02 15:04"))
			}
			return jsonString(out)
		},
		"trendValues": func(fs FrameworkScore) string {
			var out []float64
			for _, p := range fs.Trend {
				v := math.NaN()
				if p.Score.Percent != nil {
					v = *p.Score.Percent
				}
				if math.IsNaN(v) {
					v = 0
				}
				out = append(out, v)
			}
			return jsonString(out)
		},
		"selected": func(a, b string) bool { return a == b },
		"hours":    func(d time.Duration) string { return ago(d) },
	}
}

func chartLabels(bs []Bucket) string {
	out := make([]string, len(bs))
	for i, b := range bs {
		out[i] = b.Label
	}
	return jsonString(out)
}

func chartValues(bs []Bucket) string {
	out := make([]int, len(bs))
	for i, b := range bs {
		out[i] = b.Count
	}
	return jsonString(out)
}

func jsonString(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// ago says a duration the way a person reads an age.
func ago(d time.Duration) string {
	switch {
	case d < 0:
		return "just now"
	case d < time.Hour:
		return fmt.Sprintf("%d min", int(d.Minutes()))
	case d < 48*time.Hour:
		return fmt.Sprintf("%d h", int(d.Hours()))
	}
	return fmt.Sprintf("%d d", int(d.Hours()/24))
}

// pageNames are the templates under templates/, each with the layout.
var pageNames = []string{"executive", "oncall", "findings", "finding", "resource", "problem"}

func parsePages(a *assets, now func() time.Time) map[string]*template.Template {
	base := template.Must(template.New("layout").Funcs(funcs(a, now)).ParseFS(files, "templates/layout.html"))
	out := map[string]*template.Template{}
	for _, n := range pageNames {
		t := template.Must(base.Clone())
		out[n] = template.Must(t.ParseFS(files, "templates/"+n+".html"))
	}
	return out
}

// frameworkControls is one framework's controls a finding maps to.
type frameworkControls struct {
	Framework string
	Controls  string
}

// controlsByFramework joins a finding's references per framework, in
// their order: "nist-800-53-r5: AC-3, AC-4" rather than a row each.
func controlsByFramework(refs []model.ComplianceRef) []frameworkControls {
	var out []frameworkControls
	at := map[string]int{}
	for _, r := range refs {
		i, ok := at[r.Framework]
		if !ok {
			i = len(out)
			at[r.Framework] = i
			out = append(out, frameworkControls{Framework: r.Framework, Controls: r.Control})
			continue
		}
		out[i].Controls += ", " + r.Control
	}
	return out
}
