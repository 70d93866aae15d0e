package web

import (
	"fmt"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/vigil-cspm/vigil/internal/model"
)

// Filter is the findings list's filters, sort and page, read from the
// URL query so a view can be shared.
type Filter struct {
	// Status is open (default), resolved, excepted, false_positive or
	// all.
	Status string
	// Severity is the lowest severity shown (0: every one).
	Severity  model.Severity
	Rule      string
	Account   string
	Namespace string
	Owner     string
	// Q matches the resource id, the rule id and the title, ignoring
	// case.
	Q string
	// Overdue keeps only overdue findings.
	Overdue bool
	// Sort is risk (default), severity, age, due or rule.
	Sort    string
	Page    int
	PerPage int
}

// Sorts are the findings list's orders.
var Sorts = []string{"risk", "severity", "age", "due", "rule"}

// Statuses are the findings list's status filters.
var Statuses = []string{model.StatusOpen, model.StatusExcepted, model.StatusFalsePositive, model.StatusResolved, "all"}

// maxQueryValue bounds each filter value.
const maxQueryValue = 512

// ParseFilter reads a filter from a URL query. A bad value is an error
// naming the parameter and the values it takes.
func ParseFilter(v url.Values) (Filter, error) {
	f := Filter{Status: model.StatusOpen, Sort: "risk", Page: 1, PerPage: 25}
	for k, vs := range v {
		for _, s := range vs {
			if len(s) > maxQueryValue || !utf8.ValidString(s) {
				return f, fmt.Errorf("filter %s: the value is longer than %d bytes or not UTF-8", k, maxQueryValue)
			}
		}
	}
	get := func(k string) string { return strings.TrimSpace(v.Get(k)) }
	if s := get("status"); s != "" {
		if !contains(Statuses, s) {
			return f, fmt.Errorf("filter status=%q: use one of %s", s, strings.Join(Statuses, ", "))
		}
		f.Status = s
	}
	if s := get("severity"); s != "" {
		sev, err := model.ParseSeverity(s)
		if err != nil {
			return f, fmt.Errorf("filter severity: %v", err)
		}
		f.Severity = sev
	}
	if s := get("sort"); s != "" {
		if !contains(Sorts, s) {
			return f, fmt.Errorf("filter sort=%q: use one of %s", s, strings.Join(Sorts, ", "))
		}
		f.Sort = s
	}
	for _, p := range []struct {
		name string
		dst  *int
		max  int
	}{{"page", &f.Page, 1 << 20}, {"per_page", &f.PerPage, 200}} {
		s := get(p.name)
		if s == "" {
			continue
		}
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > p.max {
			return f, fmt.Errorf("filter %s=%q: give a whole number from 1 to %d", p.name, s, p.max)
		}
		*p.dst = n
	}
	switch s := get("overdue"); s {
	case "", "0", "false":
	case "1", "true", "on":
		f.Overdue = true
	default:
		return f, fmt.Errorf("filter overdue=%q: use true or false", s)
	}
	f.Rule, f.Account, f.Namespace, f.Owner, f.Q = get("rule"), get("account"), get("namespace"), get("owner"), get("q")
	return f, nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// Values is the filter as a URL query, without defaults; page is the
// page to link to.
func (f Filter) Values(page int) url.Values {
	v := url.Values{}
	set := func(k, s, def string) {
		if s != "" && s != def {
			v.Set(k, s)
		}
	}
	set("status", f.Status, model.StatusOpen)
	if f.Severity > 0 {
		v.Set("severity", f.Severity.String())
	}
	set("rule", f.Rule, "")
	set("account", f.Account, "")
	set("namespace", f.Namespace, "")
	set("owner", f.Owner, "")
	set("q", f.Q, "")
	if f.Overdue {
		v.Set("overdue", "true")
	}
	set("sort", f.Sort, "risk")
	if page > 1 {
		v.Set("page", strconv.Itoa(page))
	}
	if f.PerPage != 25 && f.PerPage > 0 {
		v.Set("per_page", strconv.Itoa(f.PerPage))
	}
	return v
}

// keeps reports whether f shows x (the filters the store did not apply).
func (f Filter) keeps(x *model.Finding) bool {
	if f.Status != "all" && x.Status != f.Status {
		return false
	}
	if f.Owner != "" && (x.Triage == nil || x.Triage.Owner != f.Owner) {
		return false
	}
	if f.Overdue && (x.Triage == nil || !x.Triage.Overdue) {
		return false
	}
	if f.Q != "" {
		q := strings.ToLower(f.Q)
		id := ""
		if x.Resource != nil {
			id = x.Resource.ID
		}
		if !strings.Contains(strings.ToLower(id), q) && !strings.Contains(strings.ToLower(x.RuleID), q) &&
			!strings.Contains(strings.ToLower(x.Title), q) {
			return false
		}
	}
	return true
}

// sort orders findings by the filter's sort; ties by risk, then id.
func (f Filter) sort(fs []model.Finding) {
	byRisk(fs)
	due := func(x *model.Finding) (int64, bool) {
		if x.Triage == nil || x.Triage.Due == nil {
			return 0, false
		}
		return x.Triage.Due.Unix(), true
	}
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := &fs[i], &fs[j]
		switch f.Sort {
		case "severity":
			return a.Severity > b.Severity
		case "age":
			return a.FirstSeen.Before(b.FirstSeen)
		case "rule":
			return a.RuleID < b.RuleID
		case "due":
			da, oka := due(a)
			db, okb := due(b)
			if oka != okb {
				return oka
			}
			return da < db
		}
		return false
	})
}
