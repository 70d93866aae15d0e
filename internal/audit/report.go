package audit

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/vigil-cspm/vigil/internal/compliance"
	"github.com/vigil-cspm/vigil/internal/exceptions"
	"github.com/vigil-cspm/vigil/internal/model"
	"github.com/vigil-cspm/vigil/internal/store"
)

// SchemaVersion is the version of the report's JSON form; a change that
// removes or renames a field increments it.
const SchemaVersion = 1

// Requirement statuses.
const (
	StatusPass          = "pass"
	StatusFail          = "fail"
	StatusExcepted      = "excepted"
	StatusManual        = "manual"
	StatusNotCovered    = "not_covered"
	StatusNotApplicable = "not_applicable"
)

// Statuses lists the requirement statuses in the order reports show them.
var Statuses = []string{StatusFail, StatusExcepted, StatusPass, StatusNotCovered, StatusNotApplicable, StatusManual}

// Scope states.
const (
	ScopeFresh = "fresh" // its latest finished scan is within the maximum age: counted
	ScopeStale = "stale" // older: listed, never counted
)

// Store is what a report reads: the findings and exception set (as
// exceptions.Load reads them), false-positive marks, scans, histories
// and inventory counts.
type Store interface {
	exceptions.Store
	Marks(ctx context.Context, fingerprint string) ([]store.Mark, error)
	Scans(ctx context.Context, limit int) ([]model.Scan, error)
	History(ctx context.Context, fingerprint string) ([]store.Event, error)
	ExceptionHistory(ctx context.Context, id string) ([]store.ExceptionEvent, error)
	ResourceCounts(ctx context.Context) ([]store.ResourceCount, error)
}

var _ Store = store.Store(nil)

// Options say what to report and how.
type Options struct {
	Framework *compliance.Framework
	// Rules is the loaded library's rules (their resource types).
	Rules map[string]*model.RuleMeta
	// Now is the report's clock: scans' age and exceptions' expiry are
	// judged against it.
	Now time.Time
	// MaxAge is how old a scope's latest finished scan may be to count.
	MaxAge time.Duration
	// TrendPoints is how many of the last finished scans the trend
	// re-judges (0: DefaultTrendPoints).
	TrendPoints int
	// Version is Vigil's version, written in the report.
	Version string
}

// DefaultTrendPoints is the trend's length when Options leave it 0.
const DefaultTrendPoints = 10

// scanLimit bounds how many stored scans a report reads (each with its
// coverage); a report that reaches it says so in Warnings.
const scanLimit = 2000

// Report is a compliance report: the JSON form is this struct.
type Report struct {
	SchemaVersion int          `json:"schema_version"`
	Kind          string       `json:"kind"` // always "vigil.compliance_report"
	Framework     FrameworkRef `json:"framework"`
	GeneratedAt   time.Time    `json:"generated_at"`
	MaxAge        string       `json:"max_age"`
	VigilVersion  string       `json:"vigil_version"`
	Score         Score        `json:"score"`
	// Checks counts the framework's requirements by how they are
	// checked: automated, manual, not covered.
	Checks       compliance.Counts `json:"checks"`
	Sections     []Section         `json:"sections"`
	Requirements []Requirement     `json:"requirements"`
	Scopes       []Scope           `json:"scopes"`
	Trend        []TrendPoint      `json:"trend"`
	// Warnings say what the report could not take into account.
	Warnings []string `json:"warnings,omitempty"`
}

// FrameworkRef names the framework version reported on.
type FrameworkRef struct {
	ID      string `json:"id"`
	Title   string `json:"title"`
	Version string `json:"version"`
	URL     string `json:"url,omitempty"`
}

// Score counts requirements by status. Percent is passed / (passed +
// failed + excepted) × 100, one decimal; nil when none of the three.
type Score struct {
	Percent       *float64 `json:"percent"`
	Passed        int      `json:"passed"`
	Failed        int      `json:"failed"`
	Excepted      int      `json:"excepted"`
	Manual        int      `json:"manual"`
	NotCovered    int      `json:"not_covered"`
	NotApplicable int      `json:"not_applicable"`
	Total         int      `json:"total"`
}

// Section is the score of the requirements whose ids share a leading
// part: "5.1.2" is in section "5", or in "5.1" when every id of the
// framework starts with 5; ids without a dot are in "-".
type Section struct {
	ID    string `json:"id"`
	Score Score  `json:"score"`
}

// Requirement is one requirement's status and its evidence.
type Requirement struct {
	ID        string `json:"id"`
	Section   string `json:"section"`
	Title     string `json:"title"`
	Level     int    `json:"level,omitempty"`
	Automated bool   `json:"automated"`
	// Check is how it is checked: automated, manual or not-covered.
	Check  string   `json:"check"`
	Rules  []string `json:"rules"`
	Status string   `json:"status"`
	// Reason says why the status, in a sentence.
	Reason string `json:"reason"`
	// Evaluated counts the resources of the rules' types in fresh scopes.
	Evaluated int          `json:"evaluated"`
	Failing   []FindingRef `json:"failing"`
	Excepted  []FindingRef `json:"excepted"`
	// StaleFindings counts open findings of its rules in stale scopes,
	// which are not counted.
	StaleFindings int `json:"stale_findings"`
	// Scans are the ids of the scans whose evidence decided it.
	Scans []string `json:"scans"`
	Note  string   `json:"note,omitempty"`
}

// FindingRef names a finding behind a requirement's status.
type FindingRef struct {
	Finding    string `json:"finding"`
	RuleID     string `json:"rule_id"`
	ResourceID string `json:"resource_id"`
	Severity   string `json:"severity"`
	// Exception is the id of the exception that excepts it.
	Exception string `json:"exception,omitempty"`
}

// Scope is one source and account with the scan that is its evidence.
type Scope struct {
	Source  string  `json:"source"`
	Account string  `json:"account"`
	State   string  `json:"state"` // fresh or stale
	Scan    ScanRef `json:"scan"`
	// Resources counts the inventory of the scope.
	Resources int `json:"resources"`
}

// Name is how reports show a scope: "aws 111111111111", "iac".
func (s Scope) Name() string { return strings.TrimSpace(s.Source + " " + s.Account) }

// ScanRef identifies a stored scan and the library that judged it.
type ScanRef struct {
	ID           string    `json:"id"`
	Status       string    `json:"status"`
	StartedAt    time.Time `json:"started_at"`
	FinishedAt   time.Time `json:"finished_at"`
	RulesVersion string    `json:"rules_version"`
	RulesHash    string    `json:"rules_hash"`
}

// TrendPoint is the overall score as of one finished scan.
type TrendPoint struct {
	At     time.Time `json:"at"`
	ScanID string    `json:"scan_id"`
	Score  Score     `json:"score"`
}

// Evidence is what a report was judged from, for an evidence bundle.
type Evidence struct {
	// Findings are every finding of the framework's rules in every
	// scope, fresh or stale: open, excepted (naming the exception), and
	// resolved within the maximum age.
	Findings []model.Finding
	// Exceptions are the exceptions of the store's set in force at the
	// report's clock (not expired).
	Exceptions []exceptions.Exception
	// Scans are the scopes' latest finished scans, fresh and stale.
	Scans []model.Scan
}

// scopeKey identifies a scope.
type scopeKey struct{ source, account string }

// scopeData is one scope's scans and findings.
type scopeData struct {
	key      scopeKey
	scans    []model.Scan // finished, newest first
	findings []model.Finding
	counts   map[string]int // type → resources
}

// Build reads the store and judges fw's requirements at opt.Now.
func Build(ctx context.Context, st Store, opt Options) (*Report, *Evidence, error) {
	fw := opt.Framework
	if fw == nil {
		return nil, nil, fmt.Errorf("build report: no framework")
	}
	if opt.MaxAge <= 0 {
		return nil, nil, fmt.Errorf("build report: the maximum age must be more than zero")
	}
	if opt.TrendPoints <= 0 {
		opt.TrendPoints = DefaultTrendPoints
	}
	ruleSet := fw.RuleSet()
	scans, err := st.Scans(ctx, scanLimit)
	if err != nil {
		return nil, nil, err
	}
	scopes, err := loadScopes(ctx, st, scans, ruleSet)
	if err != nil {
		return nil, nil, err
	}
	set, err := exceptions.Load(ctx, st)
	if err != nil {
		return nil, nil, err
	}
	marks, err := st.Marks(ctx, "")
	if err != nil {
		return nil, nil, err
	}
	rep := &Report{
		SchemaVersion: SchemaVersion, Kind: "vigil.compliance_report",
		Framework:   FrameworkRef{ID: fw.ID, Title: fw.Title, Version: fw.Version, URL: fw.URL},
		GeneratedAt: opt.Now.UTC(), MaxAge: formatAge(opt.MaxAge), VigilVersion: opt.Version,
		Checks: fw.Counts(),
	}
	if len(scans) >= scanLimit {
		rep.Warnings = append(rep.Warnings, fmt.Sprintf("only the last %d scans were read: a scope scanned only before them is not listed (it would be stale)", scanLimit))
	}
	ev := &Evidence{}
	// The report as of now: stored findings judged by today's set.
	current := map[scopeKey][]model.Finding{}
	for _, sd := range scopes {
		fs := cloneFindings(sd.findings)
		exceptions.Apply(fs, set, opt.Now)
		store.ApplyMarks(fs, store.MarksInForce(marks, opt.Now))
		current[sd.key] = fs
		for _, f := range fs {
			if f.Status != model.StatusResolved || (f.ResolvedAt != nil && !f.ResolvedAt.Before(opt.Now.Add(-opt.MaxAge))) {
				ev.Findings = append(ev.Findings, f)
			}
		}
	}
	j := judgeAt(opt, scopes, opt.Now, current)
	rep.Requirements, rep.Scopes = j.requirements, j.scopes
	rep.Score, rep.Sections = scoreOf(rep.Requirements), sectionsOf(rep.Requirements)
	for _, sd := range scopes {
		if len(sd.scans) > 0 && !sd.scans[0].FinishedAt.After(opt.Now) {
			ev.Scans = append(ev.Scans, latestAt(sd, opt.Now))
		}
	}
	for _, e := range set {
		if !e.Expired(opt.Now) {
			ev.Exceptions = append(ev.Exceptions, e)
		}
	}
	rep.Trend, err = trend(ctx, st, opt, scopes)
	if err != nil {
		return nil, nil, err
	}
	return rep, ev, nil
}

// loadScopes groups the finished scans by scope, newest first, with
// each scope's findings of the framework's rules (every status) and its
// inventory counts.
func loadScopes(ctx context.Context, st Store, scans []model.Scan, rules map[string]bool) ([]*scopeData, error) {
	byKey := map[scopeKey]*scopeData{}
	var out []*scopeData
	for _, sc := range scans {
		if sc.Status != model.ScanComplete && sc.Status != model.ScanPartial {
			continue // running or failed: not evidence
		}
		k := scopeKey{sc.Source, sc.Account}
		sd := byKey[k]
		if sd == nil {
			sd = &scopeData{key: k, counts: map[string]int{}}
			byKey[k] = sd
			out = append(out, sd)
		}
		sd.scans = append(sd.scans, sc)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].key.source != out[j].key.source {
			return out[i].key.source < out[j].key.source
		}
		return out[i].key.account < out[j].key.account
	})
	// A query with no account reads every account of the source: the
	// findings of the other scopes of that source are left out.
	others := map[string]bool{}
	for _, sd := range out {
		if sd.key.account == "" {
			continue
		}
		fs, err := st.Findings(ctx, store.Query{Source: sd.key.source, Account: sd.key.account})
		if err != nil {
			return nil, err
		}
		for _, f := range fs {
			others[f.Fingerprint] = true
		}
		sd.findings = keepRules(fs, rules, nil)
	}
	for _, sd := range out {
		if sd.key.account != "" {
			continue
		}
		fs, err := st.Findings(ctx, store.Query{Source: sd.key.source})
		if err != nil {
			return nil, err
		}
		sd.findings = keepRules(fs, rules, others)
	}
	counts, err := st.ResourceCounts(ctx)
	if err != nil {
		return nil, err
	}
	for _, c := range counts {
		if sd := byKey[scopeKey{c.Source, c.Account}]; sd != nil {
			sd.counts[c.Type] += c.Count
		}
	}
	return out, nil
}

func keepRules(fs []model.Finding, rules, skip map[string]bool) []model.Finding {
	out := fs[:0]
	for _, f := range fs {
		if rules[f.RuleID] && !skip[f.Fingerprint] {
			out = append(out, f)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Fingerprint < out[j].Fingerprint })
	return out
}

func cloneFindings(fs []model.Finding) []model.Finding {
	out := make([]model.Finding, len(fs))
	copy(out, fs)
	return out
}

// latestAt is the scope's latest scan finished at or before t; the zero
// Scan when none.
func latestAt(sd *scopeData, t time.Time) model.Scan {
	for _, sc := range sd.scans {
		if !sc.FinishedAt.After(t) {
			return sc
		}
	}
	return model.Scan{}
}

// formatAge writes a maximum age as days when it is whole days.
func formatAge(d time.Duration) string {
	if d%(24*time.Hour) == 0 {
		return fmt.Sprintf("%dd", d/(24*time.Hour))
	}
	return d.String()
}

func scanRef(sc model.Scan) ScanRef {
	return ScanRef{ID: sc.ID, Status: sc.Status, StartedAt: sc.StartedAt.UTC(), FinishedAt: sc.FinishedAt.UTC(), RulesVersion: sc.RulesVersion, RulesHash: sc.RulesHash}
}
