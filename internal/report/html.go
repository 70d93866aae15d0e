package report

import (
	_ "embed"
	"html/template"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/vigil-cspm/vigil/internal/compliance"
	"github.com/vigil-cspm/vigil/internal/findings"
	"github.com/vigil-cspm/vigil/internal/model"
)

//go:embed html.tmpl
var htmlSource string

// htmlTemplate is the page: one document, its style inline, no script
// and nothing fetched, so it opens offline, mails as an attachment and
// prints. html/template escapes every value by context.
var htmlTemplate = template.Must(template.New("report").Funcs(template.FuncMap{"count": count}).Parse(htmlSource))

// count writes n with its noun, in the singular for one.
func count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// HTML writes one self-contained page for people: counts by severity,
// then the open findings grouped by severity and rule (each rule with
// its fix, references and requirements; each finding with its
// resource, location, message and evidence), then what was excepted,
// resolved, not covered or not read, and the frameworks' requirements.
func HTML(w io.Writer, r *Report, _ Options) error {
	return htmlTemplate.Execute(w, htmlPageOf(r))
}

type htmlPage struct {
	Scan       *model.Scan
	Version    string
	Resources  int
	Open       int
	Top        []htmlRow
	Counts     []htmlCount
	Severities []htmlSeverity
	Excepted   []htmlRow
	// FalsePositives are findings people marked so (vigil findings mark).
	FalsePositives []htmlRow
	Resolved       []htmlRow
	Gaps           []model.Coverage
	Errors         []model.InputError
	Frameworks     []htmlFramework
}

type htmlCount struct {
	Severity string
	N        int
}

type htmlSeverity struct {
	Severity string
	N        int
	Rules    []*htmlRule
}

type htmlRule struct {
	ID, Title, Description, Remediation string
	References                          []string
	Compliance                          []string
	Findings                            []htmlRow
}

type htmlRow struct {
	ID, Rule, Severity, Resource, Kind, Location, Message, Evidence, Reason, Until string
	// Exception names an excepted finding's exception and its owner.
	Exception string
	// Risk is the score (0: not scored); Factors say what made it, Path
	// is the attack path, Members how many findings a combination joins.
	Risk    int
	Factors []htmlFactor
	Path    string
	Title   string
	Members int
	// MarkedBy and MarkedOn say who marked a false positive, and when.
	MarkedBy, MarkedOn string
	// Owner and Due (YYYY-MM-DD) are the finding's triage, when judged
	// (findings read from the store); Overdue marks an open finding past
	// its due date.
	Owner, Due string
	Overdue    bool
}

type htmlFactor struct {
	Name   string
	Points int
	Detail string
}

// topRisks is how many findings the page ranks first.
const topRisks = 10

type htmlFramework struct {
	Title, Version                 string
	Pass, Fail, Manual, NotCovered int
	Failing                        []compliance.RequirementState
}

func htmlPageOf(r *Report) htmlPage {
	p := htmlPage{Scan: r.Scan, Version: r.Version, Resources: r.Resources}
	var open []model.Finding
	for _, f := range r.Findings {
		switch stateOf(f).name {
		case model.StatusExcepted:
			p.Excepted = append(p.Excepted, htmlRowOf(f))
			continue
		case model.StatusFalsePositive:
			p.FalsePositives = append(p.FalsePositives, htmlRowOf(f))
			continue
		}
		open = append(open, f)
	}
	p.Open = len(open)
	p.Top = topRows(open)
	counts := findings.Counts(open)
	for _, sev := range model.Severities() {
		p.Counts = append(p.Counts, htmlCount{Severity: sev.String(), N: counts[sev.String()]})
		group := htmlSeverity{Severity: sev.String()}
		index := map[string]*htmlRule{}
		for _, f := range open {
			if f.Severity != sev {
				continue
			}
			rule, ok := index[f.RuleID]
			if !ok {
				rule = htmlRuleOf(f, r.Rules[f.RuleID])
				index[f.RuleID] = rule
				group.Rules = append(group.Rules, rule)
			}
			rule.Findings = append(rule.Findings, htmlRowOf(f))
			group.N++
		}
		if group.N > 0 {
			p.Severities = append(p.Severities, group)
		}
	}
	for _, f := range r.Resolved {
		p.Resolved = append(p.Resolved, htmlRowOf(f))
	}
	if s := r.Scan; s != nil {
		for _, c := range s.Coverage {
			if c.Status == model.CoverageDenied || c.Status == model.CoverageError {
				p.Gaps = append(p.Gaps, c)
			}
		}
		p.Errors = s.Errors
	}
	for _, fw := range r.Frameworks {
		h := htmlFramework{Title: fw.Title, Version: fw.Version}
		for _, req := range fw.Requirements {
			switch req.State {
			case compliance.StatePass:
				h.Pass++
			case compliance.StateFail:
				h.Fail++
				h.Failing = append(h.Failing, req)
			case compliance.StateManual:
				h.Manual++
			case compliance.StateNotCovered:
				h.NotCovered++
			}
		}
		p.Frameworks = append(p.Frameworks, h)
	}
	return p
}

// htmlRuleOf describes a rule from its metadata, or from its first
// finding when the report has none.
func htmlRuleOf(f model.Finding, meta *model.RuleMeta) *htmlRule {
	rule := &htmlRule{ID: f.RuleID, Title: f.Title, Remediation: f.Remediation, Compliance: requirements(f.Compliance)}
	if meta != nil {
		rule.Description, rule.References = meta.Description, meta.References
		if meta.Title != "" {
			rule.Title = meta.Title
		}
	}
	return rule
}

func htmlRowOf(f model.Finding) htmlRow {
	r := resourceOf(f)
	row := htmlRow{ID: f.Fingerprint, Rule: f.RuleID, Severity: f.Severity.String(), Resource: qualifiedName(r), Kind: r.Kind, Message: f.Message}
	if row.Resource == "" {
		row.Resource = r.ID
	}
	switch {
	case evidenceAt(f) != "":
		row.Location = evidenceAt(f)
	case r.Source.File != "":
		row.Location = location(r)
	default:
		row.Location = strings.Join(nonEmpty(r.Account, r.Region), " / ")
		if row.Location == "" {
			row.Location = r.ID
		}
	}
	if f.Evidence.Path != "" {
		row.Evidence = f.Evidence.Path + evidenceValue(f.Evidence)
	}
	if ex := f.Exception; ex != nil {
		row.Reason, row.Until = ex.Reason, exceptionUntil(ex)
		row.Exception = strings.TrimSpace(ex.ID + " " + parenthesized(ex.Owner))
	}
	if rk := f.Risk; rk != nil {
		row.Risk = rk.Score
		for _, x := range rk.Factors {
			row.Factors = append(row.Factors, htmlFactor{Name: strings.ReplaceAll(x.Name, "_", " "), Points: x.Points, Detail: x.Detail})
		}
		row.Path = model.PathText(rk.Path)
	}
	row.Title, row.Members = f.Title, len(f.Members)
	if m := f.FalsePositive; m != nil && f.Status == model.StatusFalsePositive {
		row.Reason, row.Until, row.Exception = m.Reason, "", ""
		row.MarkedBy, row.MarkedOn = m.By, m.At.UTC().Format("2006-01-02")
	}
	if t := f.Triage; t != nil {
		row.Owner, row.Overdue = t.Owner, t.Overdue
		if t.Due != nil {
			row.Due = t.Due.UTC().Format(time.DateOnly)
		}
	}
	return row
}

// topRows are the open findings with the highest risk, highest first.
func topRows(open []model.Finding) []htmlRow {
	scored := make([]model.Finding, 0, len(open))
	for _, f := range open {
		if f.Risk != nil {
			scored = append(scored, f)
		}
	}
	slices.SortStableFunc(scored, func(a, b model.Finding) int {
		if a.Risk.Score != b.Risk.Score {
			return b.Risk.Score - a.Risk.Score
		}
		return int(b.Severity) - int(a.Severity)
	})
	var rows []htmlRow
	for _, f := range scored[:min(topRisks, len(scored))] {
		rows = append(rows, htmlRowOf(f))
	}
	return rows
}

func nonEmpty(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}
