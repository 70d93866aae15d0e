package api

import (
	"errors"
	"net/http"
	"sort"
	"time"

	"github.com/vigil-cspm/vigil/internal/audit"
	"github.com/vigil-cspm/vigil/internal/config"
	"github.com/vigil-cspm/vigil/internal/metrics"
	"github.com/vigil-cspm/vigil/internal/model"
	"github.com/vigil-cspm/vigil/internal/server"
	"github.com/vigil-cspm/vigil/internal/store"
)

// errNoLibrary: the server was built without the rule library.
var errNoLibrary = errors.New("the API has no rule library (Deps.Library)")

// frameworkSummary is one framework's score.
type frameworkSummary struct {
	Framework audit.FrameworkRef `json:"framework"`
	Score     audit.Score        `json:"score"`
	Sections  []audit.Section    `json:"sections"`
	// Stale counts scopes left out because their latest scan is older
	// than reports.max_age.
	Stale    int      `json:"stale_scopes"`
	Warnings []string `json:"warnings,omitempty"`
}

// buildReport judges one framework as `vigil report compliance` does.
func (a *api) buildReport(r *http.Request, id string, trend int) (*audit.Report, error) {
	if a.Library == nil {
		return nil, errNoLibrary
	}
	fw, err := a.Library.Frameworks.Lookup(id)
	if err != nil {
		return nil, badInput("GET /api/v1/compliance lists the frameworks", "%s", err.Error())
	}
	rep, _, err := audit.Build(r.Context(), a.Store, audit.Options{Framework: fw, Rules: a.Library.Rules(), Now: a.Now(),
		MaxAge: time.Duration(a.cfg().Reports.MaxAge), TrendPoints: trend, Version: a.Library.Version})
	return rep, err
}

func (a *api) complianceSummary(w http.ResponseWriter, r *http.Request) {
	if !needUnscoped(w, r, "a compliance summary") {
		return
	}
	if err := checkParams(r.URL.Query(), nil); err != nil {
		a.fail(w, r, err)
		return
	}
	out := []frameworkSummary{}
	for _, fw := range a.Library.Frameworks.Frameworks() {
		rep, err := a.buildReport(r, fw.ID, 1)
		if err != nil {
			a.fail(w, r, err)
			return
		}
		s := frameworkSummary{Framework: rep.Framework, Score: rep.Score, Sections: rep.Sections, Warnings: rep.Warnings}
		for _, sc := range rep.Scopes {
			if sc.State == audit.ScopeStale {
				s.Stale++
			}
		}
		out = append(out, s)
	}
	server.JSON(w, http.StatusOK, map[string]any{"items": out})
}

func (a *api) complianceReport(w http.ResponseWriter, r *http.Request) {
	if !needUnscoped(w, r, "a compliance report") {
		return
	}
	q := r.URL.Query()
	if err := checkParams(q, []string{"trend"}); err != nil {
		a.fail(w, r, err)
		return
	}
	trend := audit.DefaultTrendPoints
	if s := q.Get("trend"); s != "" {
		n, err := parseLimit(s)
		if err != nil || n > 100 {
			a.fail(w, r, badInput("send trend=1 … 100", "trend %q is not a number from 1 to 100", clipText(s)))
			return
		}
		trend = n
	}
	rep, err := a.buildReport(r, r.PathValue("framework"), trend)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	server.JSON(w, http.StatusOK, rep)
}

func (a *api) metrics(w http.ResponseWriter, r *http.Request) {
	if !needUnscoped(w, r, "the metrics") {
		return
	}
	q := r.URL.Query()
	if err := checkParams(q, []string{"since"}); err != nil {
		a.fail(w, r, err)
		return
	}
	window := config.Duration(30 * 24 * time.Hour)
	if s := q.Get("since"); s != "" {
		d, err := config.ParseDuration(s)
		if err != nil || d <= 0 || time.Duration(d) > 3*366*24*time.Hour {
			a.fail(w, r, badInput("send since=7d, 30d, 12w … (at most 3 years)", "since %q is not a window length", clipText(s)))
			return
		}
		window = d
	}
	if a.Library == nil {
		a.fail(w, r, errNoLibrary)
		return
	}
	rules := make([]*model.RuleMeta, 0, len(a.Library.Rules()))
	for _, rm := range a.Library.Rules() {
		rules = append(rules, rm)
	}
	sort.Slice(rules, func(i, j int) bool { return rules[i].ID < rules[j].ID })
	inv := a.cfg().Inventory
	rep, err := metrics.Compute(r.Context(), metrics.Request{Store: a.Store, Rules: rules, Now: a.Now(), Window: time.Duration(window),
		Expected: metrics.Expected{Accounts: inv.Accounts, Organizations: inv.Organizations, Clusters: inv.Clusters}})
	if err != nil {
		a.fail(w, r, err)
		return
	}
	server.JSON(w, http.StatusOK, rep)
}

func (a *api) auditLog(w http.ResponseWriter, r *http.Request) {
	if !needUnscoped(w, r, "the audit log") {
		return
	}
	q := r.URL.Query()
	if err := checkParams(q, []string{"since", "limit"}); err != nil {
		a.fail(w, r, err)
		return
	}
	limit, err := parseLimit(q.Get("limit"))
	if err != nil {
		a.fail(w, r, err)
		return
	}
	var since time.Time
	if s := q.Get("since"); s != "" {
		if since, err = time.Parse(time.RFC3339, s); err != nil {
			a.fail(w, r, badInput("send since as RFC 3339: 2026-12-01T00:00:00Z", "since %q is not a time", clipText(s)))
			return
		}
	}
	entries, err := a.Store.AuditLog(r.Context(), since, limit)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	if entries == nil {
		entries = []store.AuditEntry{}
	}
	server.JSON(w, http.StatusOK, map[string]any{"items": entries})
}
