package web

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/vigil-cspm/vigil/internal/audit"
	"github.com/vigil-cspm/vigil/internal/config"
	"github.com/vigil-cspm/vigil/internal/exceptions"
	"github.com/vigil-cspm/vigil/internal/metrics"
	"github.com/vigil-cspm/vigil/internal/model"
	"github.com/vigil-cspm/vigil/internal/scan"
	"github.com/vigil-cspm/vigil/internal/server/auth"
	"github.com/vigil-cspm/vigil/internal/store"
	"github.com/vigil-cspm/vigil/internal/triage"
)

// Data is what the pages read, already scoped to the principal: every
// finding and resource a method returns is one p sees. StoreData reads
// the store directly; the API's query functions can stand in for it.
type Data interface {
	Executive(ctx context.Context, p *auth.Principal) (*Executive, error)
	OnCall(ctx context.Context, p *auth.Principal) (*OnCall, error)
	Findings(ctx context.Context, p *auth.Principal, f Filter) (*FindingPage, error)
	// Finding returns nil when there is no such finding or p does not
	// see it.
	Finding(ctx context.Context, p *auth.Principal, id string) (*FindingView, error)
	// Resource returns nil when the inventory does not hold it or p
	// does not see it.
	Resource(ctx context.Context, p *auth.Principal, id string) (*ResourceView, error)
}

// Executive is the executive dashboard.
type Executive struct {
	Frameworks []FrameworkScore
	// TopRisks are the open critical findings with the highest risk.
	TopRisks []model.Finding
	// Remediation is the time-to-remediate histogram of the findings
	// resolved in the last Window.
	Remediation []Bucket
	// Coverage is inventory coverage (metric M1) in percent; nil when
	// nothing was expected yet.
	Coverage       *float64
	CoverageDetail *metrics.CoverageDetail
	Window         time.Duration
	// Estate says that the compliance scores and coverage are judged
	// over the whole estate (scoped principals see their own findings
	// in them, but every scan's coverage).
	Estate bool
}

// FrameworkScore is one framework's compliance score and trend.
type FrameworkScore struct {
	ID, Title, Version string
	Score              audit.Score
	Trend              []audit.TrendPoint
}

// Bucket is one bar of a histogram.
type Bucket struct {
	Label string
	Count int
}

// OnCall is the on-call dashboard.
type OnCall struct {
	// Active are open critical and high findings, overdue first, then
	// by due date and risk; ActiveTotal counts them all.
	Active      []model.Finding
	ActiveTotal int
	TopRules    []RuleGroup
	// Combinations are the open toxic combinations.
	Combinations []model.Finding
}

// RuleGroup is a failing rule with the resources it fails on.
type RuleGroup struct {
	RuleID, Title string
	Severity      model.Severity
	Count         int
	Resources     []string
}

// FindingPage is one page of the findings list.
type FindingPage struct {
	Findings []model.Finding
	Total    int
	Filter   Filter
	Pages    int
	// Rules and Accounts are the values the filters suggest.
	Rules, Accounts []string
}

// FindingView is one finding with what the detail page shows.
type FindingView struct {
	Finding model.Finding
	History []store.Event
	// Stored reports whether the inventory still holds the resource
	// (the debug page has something to show).
	Stored bool
	// Proposals are the exceptions proposed for this finding's rule and
	// resource, newest first; Pending says one awaits a decision.
	Proposals []ProposalView
	Pending   bool
}

// ProposalView is one proposed exception for a finding.
type ProposalView struct {
	ID, Status, ProposedBy, Reason, Expires string
	ProposedAt                              time.Time
	Version                                 int64
	// Open: it awaits a decision.
	Open bool
}

// ResourceView is the debug page of one resource.
type ResourceView struct {
	Resource *model.Resource
	// Verdicts are the library's rules for the resource's type: failed
	// (with the finding) or passed.
	Verdicts []Verdict
	// Stored reports, per related resource, whether the inventory holds it.
	Stored map[string]bool
	// Declared is the IaC resource that declares this live one, with the
	// attributes where live differs from it.
	Declared *model.Declaration
	Drift    []Drift
	// Calls are the API errors and throttles of the latest scans of the
	// resource's account, per service.
	Calls []CallStats
}

// Verdict is one rule's outcome on a resource.
type Verdict struct {
	Rule    *model.RuleMeta
	Finding *model.Finding
}

// Drift is one attribute where live differs from IaC.
type Drift struct {
	Path      string
	Live, IaC string
}

// CallStats counts a service's calls that were refused or failed in the
// latest finished scan of an account.
type CallStats struct {
	Account, Service        string
	Complete, Denied        int
	Errors, Throttled       int
	Scan                    string
	LastReason              string
	ErrorRate, ThrottleRate float64
}

// StoreData is Data over a store: the findings judged as `vigil
// findings list` judges them (exceptions, false-positive marks, owners,
// due dates, IaC–live links), then scoped.
type StoreData struct {
	Store   store.Store
	Library *scan.Library
	Config  *config.Config
	// Current, when set, is the configuration in force (a service that
	// reloads); it wins over Config.
	Current func() *config.Config
	// Now is the clock (nil: time.Now).
	Now func() time.Time
	// Window is how far back the executive page looks (0: 30 days).
	Window time.Duration
	// CacheFor keeps the executive page's judgement this long per scope
	// (0: 30 s): compliance reports and metrics read the whole history.
	CacheFor time.Duration

	mu    sync.Mutex
	cache map[string]cached
}

type cached struct {
	at  time.Time
	exe *Executive
}

var _ Data = (*StoreData)(nil)

func (d *StoreData) now() time.Time {
	if d.Now != nil {
		return d.Now()
	}
	return time.Now()
}

func (d *StoreData) cfg() *config.Config {
	if d.Current != nil {
		return d.Current()
	}
	if d.Config != nil {
		return d.Config
	}
	return config.Default()
}

// Subject is where a finding's resource lives and who owns it, for
// scoping: a Kubernetes resource's account is its cluster.
func Subject(f *model.Finding) auth.Subject {
	var s auth.Subject
	if r := f.Resource; r != nil {
		s = resourceSubject(r)
	}
	if f.Triage != nil {
		s.Owner = f.Triage.Owner
	}
	return s
}

func resourceSubject(r *model.Resource) auth.Subject {
	s := auth.Subject{Namespace: r.Namespace}
	if r.Provider == "k8s" {
		s.Cluster = r.Account
	} else {
		s.Account = r.Account
	}
	return s
}

// judged reads findings for q and judges them at now, keeping those p
// sees.
func (d *StoreData) judged(ctx context.Context, p *auth.Principal, q store.Query) ([]model.Finding, error) {
	fs, err := d.Store.Findings(ctx, q)
	if err != nil {
		return nil, err
	}
	return d.judge(ctx, p, fs)
}

// judge judges fs at now, keeping those p sees.
func (d *StoreData) judge(ctx context.Context, p *auth.Principal, fs []model.Finding) ([]model.Finding, error) {
	set, err := exceptions.Load(ctx, d.Store)
	if err != nil {
		return nil, err
	}
	now := d.now()
	exceptions.Apply(fs, set, now)
	marks, err := d.Store.Marks(ctx, "")
	if err != nil {
		return nil, err
	}
	store.ApplyMarks(fs, store.MarksInForce(marks, now))
	triage.Apply(fs, d.cfg(), now)
	out := fs[:0]
	for i := range fs {
		if p.Sees(Subject(&fs[i])) {
			out = append(out, fs[i])
		}
	}
	return out, nil
}

func riskOf(f *model.Finding) int {
	if f.Risk == nil {
		return 0
	}
	return f.Risk.Score
}

// byRisk orders findings by risk, then severity, then id.
func byRisk(fs []model.Finding) {
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := &fs[i], &fs[j]
		if riskOf(a) != riskOf(b) {
			return riskOf(a) > riskOf(b)
		}
		if a.Severity != b.Severity {
			return a.Severity > b.Severity
		}
		return a.Fingerprint < b.Fingerprint
	})
}

// Executive implements Data.
func (d *StoreData) Executive(ctx context.Context, p *auth.Principal) (*Executive, error) {
	key, _ := json.Marshal(p.Scope)
	ttl := d.CacheFor
	if ttl <= 0 {
		ttl = 30 * time.Second
	}
	d.mu.Lock()
	if c, ok := d.cache[string(key)]; ok && d.now().Sub(c.at) < ttl {
		d.mu.Unlock()
		return c.exe, nil
	}
	d.mu.Unlock()
	exe, err := d.executive(ctx, p)
	if err != nil {
		return nil, err
	}
	d.mu.Lock()
	if d.cache == nil {
		d.cache = map[string]cached{}
	}
	d.cache[string(key)] = cached{at: d.now(), exe: exe}
	d.mu.Unlock()
	return exe, nil
}

func (d *StoreData) executive(ctx context.Context, p *auth.Principal) (*Executive, error) {
	now := d.now()
	win := d.Window
	if win <= 0 {
		win = 30 * 24 * time.Hour
	}
	exe := &Executive{Window: win, Estate: !p.Unscoped()}
	st := d.Store
	if !p.Unscoped() {
		st = &scoped{Store: d.Store, d: d, p: p}
	}
	if d.Library != nil {
		for _, fw := range d.Library.Frameworks.Frameworks() {
			rep, _, err := audit.Build(ctx, st, audit.Options{Framework: fw, Rules: d.Library.Rules(), Now: now,
				MaxAge: time.Duration(d.cfg().Reports.MaxAge), Version: d.Library.Version})
			if err != nil {
				return nil, fmt.Errorf("judge framework %s: %w", fw.ID, err)
			}
			exe.Frameworks = append(exe.Frameworks, FrameworkScore{ID: fw.ID, Title: fw.Title, Version: fw.Version, Score: rep.Score, Trend: rep.Trend})
		}
		var rules []*model.RuleMeta
		for _, r := range d.Library.Rules() {
			rules = append(rules, r)
		}
		m, err := metrics.Compute(ctx, metrics.Request{Store: st, Rules: rules, Now: now, Window: win})
		if err != nil {
			return nil, fmt.Errorf("measure coverage: %w", err)
		}
		for _, mt := range m.Metrics {
			if mt.ID == "M1" {
				exe.Coverage = mt.Value
				if det, ok := mt.Detail.(metrics.CoverageDetail); ok {
					exe.CoverageDetail = &det
				}
			}
		}
	}
	top, err := d.judged(ctx, p, store.Query{Status: model.StatusOpen, MinSeverity: model.SeverityCritical})
	if err != nil {
		return nil, err
	}
	byRisk(top)
	exe.TopRisks = top[:min(10, len(top))]
	events, err := st.History(ctx, "")
	if err != nil {
		return nil, err
	}
	exe.Remediation = remediationHistogram(events, now.Add(-win), now)
	return exe, nil
}

// remediationBounds are the histogram's upper bounds; the last bucket is
// everything longer.
var remediationBounds = []struct {
	label string
	upTo  time.Duration
}{
	{"< 1 h", time.Hour},
	{"1 h – 1 d", 24 * time.Hour},
	{"1 – 7 d", 7 * 24 * time.Hour},
	{"7 – 30 d", 30 * 24 * time.Hour},
	{"30 – 90 d", 90 * 24 * time.Hour},
	{"> 90 d", 0},
}

// remediationHistogram counts resolutions in [from, to) by the time
// since the finding was opened or last reopened (as metric M4 measures).
func remediationHistogram(events []store.Event, from, to time.Time) []Bucket {
	out := make([]Bucket, len(remediationBounds))
	for i, b := range remediationBounds {
		out[i].Label = b.label
	}
	opened := map[string]time.Time{}
	for _, e := range events {
		switch e.Event {
		case store.EventOpened, store.EventReopened:
			opened[e.Fingerprint] = e.At
		case store.EventResolved:
			o, ok := opened[e.Fingerprint]
			delete(opened, e.Fingerprint)
			if !ok || e.At.Before(from) || !e.At.Before(to) {
				continue
			}
			took := e.At.Sub(o)
			i := len(out) - 1
			for j, b := range remediationBounds[:len(remediationBounds)-1] {
				if took < b.upTo {
					i = j
					break
				}
			}
			out[i].Count++
		}
	}
	return out
}

// scoped is the store as a scoped principal sees it: findings and their
// history only where p sees them. Reports and metrics read it.
type scoped struct {
	store.Store
	d *StoreData
	p *auth.Principal
}

func (s *scoped) Findings(ctx context.Context, q store.Query) ([]model.Finding, error) {
	fs, err := s.Store.Findings(ctx, q)
	if err != nil {
		return nil, err
	}
	triage.Apply(fs, s.d.cfg(), s.d.now())
	out := fs[:0]
	for i := range fs {
		if s.p.Sees(Subject(&fs[i])) {
			fs[i].Triage = nil
			out = append(out, fs[i])
		}
	}
	return out, nil
}

func (s *scoped) History(ctx context.Context, fp string) ([]store.Event, error) {
	evs, err := s.Store.History(ctx, fp)
	if err != nil {
		return nil, err
	}
	fs, err := s.Findings(ctx, store.Query{})
	if err != nil {
		return nil, err
	}
	seen := make(map[string]bool, len(fs))
	for _, f := range fs {
		seen[f.Fingerprint] = true
	}
	out := evs[:0]
	for _, e := range evs {
		if seen[e.Fingerprint] {
			out = append(out, e)
		}
	}
	return out, nil
}

// OnCall implements Data.
func (d *StoreData) OnCall(ctx context.Context, p *auth.Principal) (*OnCall, error) {
	fs, err := d.judged(ctx, p, store.Query{Status: model.StatusOpen, MinSeverity: model.SeverityHigh})
	if err != nil {
		return nil, err
	}
	oc := &OnCall{}
	byRisk(fs)
	for i := range fs {
		if len(fs[i].Members) > 0 {
			oc.Combinations = append(oc.Combinations, fs[i])
		}
	}
	active := make([]model.Finding, len(fs))
	copy(active, fs)
	sort.SliceStable(active, func(i, j int) bool {
		a, b := active[i].Triage, active[j].Triage
		if a.Overdue != b.Overdue {
			return a.Overdue
		}
		switch {
		case a.Due != nil && b.Due != nil && !a.Due.Equal(*b.Due):
			return a.Due.Before(*b.Due)
		case (a.Due == nil) != (b.Due == nil):
			return a.Due != nil
		}
		return false
	})
	oc.ActiveTotal = len(active)
	oc.Active = active[:min(50, len(active))]
	groups := map[string]*RuleGroup{}
	for i := range fs {
		f := &fs[i]
		g := groups[f.RuleID]
		if g == nil {
			g = &RuleGroup{RuleID: f.RuleID, Title: f.Title, Severity: f.Severity}
			groups[f.RuleID] = g
		}
		g.Count++
		if f.Resource != nil && len(g.Resources) < 5 {
			g.Resources = append(g.Resources, f.Resource.ID)
		}
	}
	for _, g := range groups {
		oc.TopRules = append(oc.TopRules, *g)
	}
	sort.Slice(oc.TopRules, func(i, j int) bool {
		a, b := oc.TopRules[i], oc.TopRules[j]
		if a.Count != b.Count {
			return a.Count > b.Count
		}
		if a.Severity != b.Severity {
			return a.Severity > b.Severity
		}
		return a.RuleID < b.RuleID
	})
	oc.TopRules = oc.TopRules[:min(5, len(oc.TopRules))]
	return oc, nil
}

// Findings implements Data. A page is read from the database alone
// (store.Pager) when nothing judged at read time can change it: an
// unscoped principal, no exception or false-positive mark in force, and
// no filter or sort on owner or due date. Otherwise the filters the
// store takes are pushed down and the rest judged here.
func (d *StoreData) Findings(ctx context.Context, p *auth.Principal, f Filter) (*FindingPage, error) {
	page := &FindingPage{Filter: f}
	if err := d.facets(ctx, p, page); err != nil {
		return nil, err
	}
	q := store.Query{MinSeverity: f.Severity, RuleID: f.Rule, Account: f.Account, Namespace: f.Namespace}
	if f.Status == model.StatusOpen || f.Status == model.StatusResolved {
		q.Status = f.Status
	}
	pager, ok := d.Store.(store.Pager)
	if ok && f.Status != model.StatusExcepted && f.Status != model.StatusFalsePositive {
		fast, err := d.nothingJudged(ctx, p, f)
		if err != nil {
			return nil, err
		}
		if fast {
			q.Limit = f.PerPage
			fs, total, err := pager.FindingsPage(ctx, store.PageQuery{Query: q, Text: f.Q, Order: f.Sort, Offset: (f.Page - 1) * f.PerPage})
			if err != nil {
				return nil, err
			}
			triage.Apply(fs, d.cfg(), d.now())
			page.Findings, page.Total = fs, total
			page.Pages = max(1, (total+f.PerPage-1)/f.PerPage)
			return page, nil
		}
	}
	fs, err := d.judged(ctx, p, q)
	if err != nil {
		return nil, err
	}
	out := fs[:0]
	for i := range fs {
		if f.keeps(&fs[i]) {
			out = append(out, fs[i])
		}
	}
	f.sort(out)
	page.Total = len(out)
	page.Pages = max(1, (page.Total+f.PerPage-1)/f.PerPage)
	from := min((f.Page-1)*f.PerPage, len(out))
	page.Findings = out[from:min(from+f.PerPage, len(out))]
	return page, nil
}

// nothingJudged reports whether the stored findings are what p sees
// through f, with nothing judged at read time changing which or in what
// order.
func (d *StoreData) nothingJudged(ctx context.Context, p *auth.Principal, f Filter) (bool, error) {
	if !p.Unscoped() || f.Owner != "" || f.Overdue || f.Sort == "due" {
		return false, nil
	}
	set, err := exceptions.Load(ctx, d.Store)
	if err != nil || len(set) > 0 {
		return false, err
	}
	marks, err := d.Store.Marks(ctx, "")
	if err != nil {
		return false, err
	}
	return len(store.MarksInForce(marks, d.now())) == 0, nil
}

// facets are the values the filters offer: the library's rules and the
// accounts and clusters of the inventory p sees.
func (d *StoreData) facets(ctx context.Context, p *auth.Principal, page *FindingPage) error {
	if d.Library != nil {
		for _, r := range d.Library.Engine.Rules() {
			page.Rules = append(page.Rules, r.ID)
		}
		sort.Strings(page.Rules)
	}
	counts, err := d.Store.ResourceCounts(ctx)
	if err != nil {
		return err
	}
	seen := map[string]bool{}
	for _, c := range counts {
		if c.Account == "" || seen[c.Account] {
			continue
		}
		sub := auth.Subject{Account: c.Account}
		if strings.HasPrefix(c.Type, "k8s.") {
			sub = auth.Subject{Cluster: c.Account}
		}
		if p.Unscoped() || (len(p.Scope.Namespaces) == 0 && len(p.Scope.Owners) == 0 && p.Sees(sub)) {
			seen[c.Account] = true
			page.Accounts = append(page.Accounts, c.Account)
		}
	}
	sort.Strings(page.Accounts)
	return nil
}

// Finding implements Data.
func (d *StoreData) Finding(ctx context.Context, p *auth.Principal, id string) (*FindingView, error) {
	fs, err := d.judged(ctx, p, store.Query{IDPrefix: id})
	if err != nil {
		return nil, err
	}
	var f *model.Finding
	for i := range fs {
		if fs[i].Fingerprint == id {
			f = &fs[i]
		}
	}
	if f == nil {
		return nil, nil
	}
	known, err := d.Store.Findings(ctx, store.Query{RuleID: f.RuleID})
	if err != nil {
		return nil, err
	}
	one := []model.Finding{*f}
	triage.Link(one, known, d.cfg())
	v := &FindingView{Finding: one[0]}
	if v.History, err = d.Store.History(ctx, id); err != nil {
		return nil, err
	}
	if f.Resource != nil {
		r, err := d.Store.Resource(ctx, f.Resource.ID)
		if err != nil {
			return nil, err
		}
		v.Stored = r != nil
	}
	if v.Proposals, err = d.proposals(ctx, f); err != nil {
		return nil, err
	}
	for _, pr := range v.Proposals {
		v.Pending = v.Pending || pr.Open
	}
	return v, nil
}

// proposals are the proposed exceptions of f's rule whose selector is
// f's resource (as the finding page's form proposes them).
func (d *StoreData) proposals(ctx context.Context, f *model.Finding) ([]ProposalView, error) {
	wf, ok := d.Store.(store.ExceptionWorkflow)
	if !ok || f.Resource == nil {
		return nil, nil
	}
	props, err := wf.Proposals(ctx)
	if err != nil {
		return nil, err
	}
	var out []ProposalView
	for _, pr := range props {
		var doc struct {
			Rule     string `json:"rule"`
			Reason   string `json:"reason"`
			Expires  string `json:"expires"`
			Resource struct {
				ID string `json:"id"`
			} `json:"resource"`
		}
		if json.Unmarshal([]byte(pr.Doc), &doc) != nil || doc.Rule != f.RuleID || doc.Resource.ID != f.Resource.ID {
			continue
		}
		if len(doc.Expires) > 10 {
			doc.Expires = doc.Expires[:10]
		}
		out = append(out, ProposalView{ID: pr.ID, Status: pr.Status, ProposedBy: pr.ProposedBy, Reason: doc.Reason,
			Expires: doc.Expires, ProposedAt: pr.ProposedAt, Version: pr.Version, Open: pr.Status == store.ProposalPending})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ProposedAt.After(out[j].ProposedAt) })
	return out, nil
}

// Resource implements Data.
func (d *StoreData) Resource(ctx context.Context, p *auth.Principal, id string) (*ResourceView, error) {
	r, err := d.Store.Resource(ctx, id)
	if err != nil || r == nil {
		return nil, err
	}
	v := &ResourceView{Resource: r, Stored: map[string]bool{}}
	fs, err := d.findingsOn(ctx, p, r)
	if err != nil {
		return nil, err
	}
	mine := map[string]*model.Finding{}
	for i := range fs {
		// A resolved finding is a rule that passes now.
		if fs[i].Resource != nil && fs[i].Resource.ID == id && fs[i].Status != model.StatusResolved {
			mine[fs[i].RuleID] = &fs[i]
		}
	}
	// A principal scoped by owner sees a resource through its findings.
	if !p.Sees(resourceSubject(r)) && len(mine) == 0 {
		return nil, nil
	}
	if d.Library != nil {
		for _, rule := range d.Library.Engine.Rules() {
			if !appliesTo(rule, r.Type) {
				continue
			}
			v.Verdicts = append(v.Verdicts, Verdict{Rule: rule, Finding: mine[rule.ID]})
		}
	}
	for id, f := range mine {
		if d.Library == nil || !d.Library.Known(id) {
			v.Verdicts = append(v.Verdicts, Verdict{Rule: &model.RuleMeta{ID: f.RuleID, Title: f.Title, Severity: f.Severity}, Finding: f})
		}
	}
	sort.SliceStable(v.Verdicts, func(i, j int) bool {
		a, b := v.Verdicts[i], v.Verdicts[j]
		if (a.Finding == nil) != (b.Finding == nil) {
			return a.Finding != nil
		}
		return a.Rule.ID < b.Rule.ID
	})
	for _, rel := range r.Relations {
		if _, ok := v.Stored[rel.Target]; ok {
			continue
		}
		t, err := d.Store.Resource(ctx, rel.Target)
		if err != nil {
			return nil, err
		}
		v.Stored[rel.Target] = t != nil
	}
	if err := d.declared(ctx, v, mine); err != nil {
		return nil, err
	}
	if v.Calls, err = d.calls(ctx, r.Account); err != nil {
		return nil, err
	}
	return v, nil
}

// findingsOn reads the findings on r, judged and scoped.
func (d *StoreData) findingsOn(ctx context.Context, p *auth.Principal, r *model.Resource) ([]model.Finding, error) {
	fs, err := d.Store.Findings(ctx, store.Query{ResourceID: r.ID})
	if err != nil {
		return nil, err
	}
	return d.judge(ctx, p, fs)
}

func appliesTo(rule *model.RuleMeta, typ string) bool {
	for _, t := range rule.ResourceTypes {
		if t == typ {
			return true
		}
	}
	return false
}

// declared finds the IaC resource that declares a live one (through its
// findings' IaC–live links) and the attributes where they differ.
func (d *StoreData) declared(ctx context.Context, v *ResourceView, mine map[string]*model.Finding) error {
	if v.Resource.Source.Kind != model.SourceLive || len(mine) == 0 {
		return nil
	}
	var one []model.Finding
	for _, f := range mine {
		one = append(one, *f)
	}
	// The declaring side is IaC: its findings and these are all Link
	// needs.
	known, err := d.Store.Findings(ctx, store.Query{Source: "iac"})
	if err != nil {
		return err
	}
	triage.Link(one, append(known, one...), d.cfg())
	for _, f := range one {
		if f.Triage != nil && f.Triage.DeclaredIn != nil {
			v.Declared = f.Triage.DeclaredIn
			break
		}
	}
	if v.Declared == nil {
		return nil
	}
	iac, err := d.Store.Resource(ctx, v.Declared.ResourceID)
	if err != nil || iac == nil {
		return err
	}
	v.Drift = drift(v.Resource.Attributes, iac.Attributes)
	return nil
}

// drift lists the attributes the template sets whose live value
// differs, by path.
func drift(live, iac map[string]any) []Drift {
	var out []Drift
	var walk func(path string, l, i any)
	walk = func(path string, l, i any) {
		if im, ok := i.(map[string]any); ok {
			lm, _ := l.(map[string]any)
			for k, iv := range im {
				walk(joinPath(path, k), lm[k], iv)
			}
			return
		}
		ls, is := show(l), show(i)
		if ls != is {
			out = append(out, Drift{Path: path, Live: ls, IaC: is})
		}
	}
	walk("", map[string]any(live), map[string]any(iac))
	sort.Slice(out, func(a, b int) bool { return out[a].Path < out[b].Path })
	return out
}

func joinPath(a, b string) string {
	if a == "" {
		return b
	}
	return a + "." + b
}

// show renders an attribute value for a page: JSON, shortened.
func show(v any) string {
	if v == nil {
		return "—"
	}
	if s, ok := v.(string); ok {
		return s
	}
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	s := string(b)
	if len(s) > 300 {
		s = s[:300] + "…"
	}
	return s
}

// calls counts the refused and failed API calls per service in the
// latest finished scan of account.
func (d *StoreData) calls(ctx context.Context, account string) ([]CallStats, error) {
	if account == "" {
		return nil, nil
	}
	scans, err := d.Store.Scans(ctx, 200)
	if err != nil {
		return nil, err
	}
	var latest *model.Scan
	for i := range scans {
		if scans[i].Account == account && scans[i].Status != model.ScanRunning {
			latest = &scans[i]
			break
		}
	}
	if latest == nil {
		return nil, nil
	}
	by := map[string]*CallStats{}
	var order []string
	for _, c := range latest.Coverage {
		if c.Service == "" {
			continue
		}
		s := by[c.Service]
		if s == nil {
			s = &CallStats{Account: account, Service: c.Service, Scan: latest.ID}
			by[c.Service] = s
			order = append(order, c.Service)
		}
		switch c.Status {
		case model.CoverageComplete:
			s.Complete++
		case model.CoverageDenied:
			s.Denied++
			s.LastReason = c.Reason
		case model.CoverageError:
			if strings.Contains(strings.ToLower(c.Reason), "throttl") {
				s.Throttled++
			} else {
				s.Errors++
			}
			s.LastReason = c.Reason
		}
	}
	sort.Strings(order)
	out := make([]CallStats, 0, len(order))
	for _, svc := range order {
		s := by[svc]
		if n := s.Complete + s.Denied + s.Errors + s.Throttled; n > 0 {
			s.ErrorRate = float64(s.Errors+s.Denied) / float64(n) * 100
			s.ThrottleRate = float64(s.Throttled) / float64(n) * 100
		}
		out = append(out, *s)
	}
	return out, nil
}
