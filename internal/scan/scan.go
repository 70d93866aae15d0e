// Package scan is Vigil's scan pipeline as a library. A Request names a
// source, the loaded rule library, the framework to report, the store
// and where findings go; Run streams the source's scopes through the
// engine one at a time — evaluate, build findings, locate their
// evidence, apply inline and governed exceptions, store, hand to the writer — and
// returns what only the whole scan knows (coverage, counts, resolved
// findings, requirement states). Every front-end (the CLI's scan
// commands, later the server's jobs and the admission webhook) builds a
// Request and renders the Result; none evaluates on its own.
//
// Invariants: memory holds one scope at a time, plus the resource index
// (the types rules read across scopes) and the resources whose
// cross-scope rules wait for types still incomplete; a rule is evaluated
// on a resource only once every type it reads across scopes is complete,
// so results do not depend on the order scopes arrive in; a scan that
// does not finish resolves nothing.
package scan

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"slices"
	"sync"
	"time"

	"github.com/vigil-cspm/vigil/internal/exceptions"
	"github.com/vigil-cspm/vigil/internal/findings"
	"github.com/vigil-cspm/vigil/internal/graph"
	"github.com/vigil-cspm/vigil/internal/inventory"
	"github.com/vigil-cspm/vigil/internal/kube"
	"github.com/vigil-cspm/vigil/internal/model"
	"github.com/vigil-cspm/vigil/internal/params"
	"github.com/vigil-cspm/vigil/internal/policy"
	"github.com/vigil-cspm/vigil/internal/report"
	"github.com/vigil-cspm/vigil/internal/risk"
	"github.com/vigil-cspm/vigil/internal/store"
)

// Source streams the scopes of one scan (inventory.Source).
type Source = inventory.Source

// Sink receives a scan's findings scope by scope, with their stored
// lifecycle fields; report.Stream is one.
type Sink interface {
	Findings(fs []model.Finding) error
}

// Request is one scan to run.
type Request struct {
	// Kind ("aws", "k8s", "iac") and Account (cluster, AWS account or
	// organization; "" for IaC) identify the scan in the store.
	Kind, Account string
	Source        Source
	Library       *Library
	// Framework, when set, is reported requirement by requirement.
	Framework string
	// Store, when set, records the scan scope by scope.
	Store store.Store
	// IncludeSystem reports findings on Kubernetes' own objects.
	IncludeSystem bool
	// Sink, when set, receives the findings.
	Sink Sink
	Log  *slog.Logger
	// Params are the rule parameters rules read (vigil.param); nil for
	// the defaults.
	Params *params.Set
	// Exceptions are the governed exceptions findings are judged by
	// (the store's set, or a file's when there is no store).
	Exceptions []exceptions.Exception
	// FalsePositives are the store's false-positive marks in force, by
	// fingerprint (store.MarksInForce): those findings are read as
	// false positives and never gate.
	FalsePositives map[string]*model.Mark
	// Now is the clock the scan's start and finish (a finding's first and
	// last seen) are read from and exceptions' expiry is judged against;
	// nil is time.Now.
	Now func() time.Time
	// Criticality rates each resource for its findings' risk (nil: no
	// criticality factor).
	Criticality risk.Criticality
	// BaseIndex, when set, holds resources of the related types rules
	// read besides the scopes' own (a shared cache, not changed during
	// the scan): the scopes' resources hide its resources of the same
	// ID. Risk and combination rules see only the scopes' resources.
	BaseIndex *graph.Index
	// BaseInputs, when set, hold BaseIndex's resources converted to
	// rule input beforehand (by the cache, when it took them), so
	// rules reading them convert nothing.
	BaseInputs *policy.Inputs
}

// Result is what the whole scan yields once every scope is done.
type Result struct {
	Scan      *model.Scan
	Resources int
	// Counts tallies the findings by severity name.
	Counts map[string]int
	// MaxOpen is the highest severity of an open (not excepted)
	// finding; 0 when there is none.
	MaxOpen      model.Severity
	Resolved     []model.Finding
	Frameworks   []report.FrameworkResult
	Inconclusive []model.Inconclusive
	// Opened counts findings the store saw for the first time (or again
	// after resolution).
	Opened int
	// Deferred counts resources whose rules that read other scopes were
	// evaluated at the end of the scan.
	Deferred int
	// Rescored counts findings whose risk rose or fell once the whole
	// scan was read, after they were handed to the sink with the risk
	// their scope knew: the store holds their final risk.
	Rescored int
}

// Gate reports whether an open finding is at or above threshold (0
// never gates).
func (r *Result) Gate(threshold model.Severity) bool {
	return threshold != 0 && r.MaxOpen >= threshold
}

// Unread reports whether the scan read nothing at all: no resource, and
// no scope of its coverage read in full.
func (r *Result) Unread() bool {
	if r.Resources > 0 || len(r.Scan.Coverage) == 0 {
		return false
	}
	for _, c := range r.Scan.Coverage {
		if c.Status == model.CoverageComplete {
			return false
		}
	}
	return true
}

// Report is the end of the report for a writer: everything but the
// findings, which it received scope by scope.
func (r *Result) Report(lib *Library) *report.Report {
	return &report.Report{Scan: r.Scan, Resources: r.Resources, Counts: r.Counts, Resolved: r.Resolved, Rules: lib.Rules(),
		Version: lib.Version, Frameworks: r.Frameworks, Inconclusive: r.Inconclusive}
}

// NewScan starts a scan record.
func NewScan(kind, account string) *model.Scan {
	var b [8]byte
	_, _ = rand.Read(b[:])
	now := time.Now().UTC()
	return &model.Scan{
		ID:        now.Format("20060102T150405Z") + "-" + hex.EncodeToString(b[:]),
		StartedAt: now, Source: kind, Account: account, Status: model.ScanComplete,
		Coverage: []model.Coverage{}, Errors: []model.InputError{},
	}
}

// Run runs a scan.
func Run(ctx context.Context, req Request) (*Result, error) {
	if req.Log == nil {
		req.Log = slog.New(slog.DiscardHandler)
	}
	eng := req.Library.Engine
	clock := time.Now
	if req.Now != nil {
		clock = req.Now
	}
	scan := NewScan(req.Kind, req.Account)
	scan.StartedAt = clock().UTC()
	scan.ID = scan.StartedAt.Format("20060102T150405Z") + scan.ID[len("20060102T150405Z"):]
	scan.RulesVersion, scan.RulesHash = req.Library.Version, rulesHash(req.Library.Hash, req.Params)
	p := &pipeline{
		ctx: ctx, req: req, eng: eng, scan: scan,
		index:    graph.NewIndex(eng.RelatedTypes()),
		complete: map[string]bool{},
		hidden:   map[string]bool{},
		byRule:   map[string]int{},
		res:      &Result{Scan: scan, Counts: findings.Counts(nil)},
		risk:     risk.NewGraph(req.Criticality),
	}
	p.pending = p.pendingTypes()
	combos, err := req.Library.Combinations.Rules()
	if err != nil {
		return nil, err
	}
	var evaluated map[string]bool
	if req.Store != nil {
		// What the store needs to resolve findings: which rules ran, and
		// the types each read.
		related := map[string][]string{}
		evaluated = map[string]bool{}
		for _, r := range eng.Rules() {
			related[r.ID] = r.RelatedTypes
			evaluated[r.ID] = eng.Selected(r.ID)
		}
		for _, r := range combos {
			evaluated[r.ID] = true
			related[r.ID] = risk.RelatedTypes(r.ResourceTypes)
		}
		rec, err := req.Store.Begin(ctx, scan, related)
		if err != nil {
			return nil, err
		}
		p.rec = rec
	}
	p.startWriter()
	err = p.stream(ctx)
	if err == nil {
		err = p.flushDeferred(ctx)
	}
	err = errors.Join(err, p.stopWriter())
	if err == nil {
		err = p.assess(ctx)
	}
	scan.FinishedAt = clock().UTC()
	if err != nil {
		if p.rec != nil {
			// Stored as failed: a scan that did not finish resolves nothing.
			scan.Status = model.ScanFailed
			if _, ferr := p.rec.Finish(context.WithoutCancel(ctx), store.Finish{}); ferr != nil {
				err = errors.Join(err, ferr)
			}
		}
		return nil, err
	}
	for _, c := range scan.Coverage {
		if c.Status == model.CoverageDenied || c.Status == model.CoverageError {
			scan.Status = model.ScanPartial
		}
	}
	if len(scan.Errors) > 0 {
		scan.Status = model.ScanPartial
	}
	if h, ok := req.Source.(interface{ Health() []model.ServiceHealth }); ok {
		scan.Health = h.Health()
	}
	if p.rec != nil {
		out, err := p.rec.Finish(ctx, store.Finish{Evaluated: evaluated, Hidden: p.hidden})
		if err != nil {
			return nil, fmt.Errorf("record scan %s: %w", scan.ID, err)
		}
		p.res.Resolved = out.Resolved
	}
	if req.Framework != "" {
		fw, err := req.Library.Frameworks.Lookup(req.Framework)
		if err != nil {
			return nil, err
		}
		p.res.Frameworks = []report.FrameworkResult{{ID: fw.ID, Title: fw.Title, Version: fw.Version,
			Requirements: fw.Evaluate(p.byRule, ruleCovered(scan, eng))}}
	}
	return p.res, nil
}

// pipeline is one running scan.
type pipeline struct {
	ctx   context.Context
	req   Request
	eng   *policy.Engine
	scan  *model.Scan
	rec   store.Recording
	index *graph.Index

	mu       sync.Mutex // one scope at a time
	complete map[string]bool
	// pending holds the types with a selected rule that reads a type not
	// yet complete: their resources wait for the end of the scan for
	// those rules.
	pending  map[string]bool
	deferred []*model.Resource
	// context are the controllers of deferred resources that are not
	// deferred themselves: kept so the deferred evaluation knows whose
	// findings a controller reports (findings.Build), never evaluated.
	context map[*model.Resource]bool
	hidden  map[string]bool
	// risk is the graph findings are scored on: every resource read so
	// far. records are the scan's findings as the end of the scan
	// judges them again, on the whole graph (written by the writer).
	risk    *risk.Graph
	records []risk.Record
	// waiting are findings stored but kept from the sink until the end,
	// when the resources their risk depends on have been read.
	waiting []model.Finding
	// The writer stage (store, sink, counts): it alone touches Counts,
	// byRule, MaxOpen and Opened until it stops.
	writes     chan written
	writerDone chan struct{}
	errMu      sync.Mutex
	wErr       error
	byRule     map[string]int
	res        *Result
}

// ready reports whether every type a rule reads across scopes is
// complete.
func (p *pipeline) ready(r *model.RuleMeta) bool { return readyWith(p.complete, r) }

// readyWith reports whether every type r reads across scopes is in
// complete.
func readyWith(complete map[string]bool, r *model.RuleMeta) bool {
	for _, t := range r.RelatedTypes {
		if !complete[t] {
			return false
		}
	}
	return true
}

func (p *pipeline) pendingTypes() map[string]bool {
	out := map[string]bool{}
	for _, r := range p.eng.CrossRules() {
		if p.ready(r) {
			continue
		}
		for _, t := range r.ResourceTypes {
			out[t] = true
		}
	}
	return out
}

// stream runs the source, taking its scopes one at a time in a goroutine
// of their own, so the source reads the next scope while this one is
// evaluated and written. At most one scope waits between them: the
// source's emit blocks until the pipeline takes it.
func (p *pipeline) stream(ctx context.Context) error {
	var (
		work   = make(chan *model.Scope)
		done   = make(chan struct{})
		mu     sync.Mutex
		failed error
	)
	go func() {
		defer close(done)
		for sc := range work {
			mu.Lock()
			ok := failed == nil
			mu.Unlock()
			if !ok {
				continue
			}
			if err := p.scope(sc); err != nil {
				mu.Lock()
				failed = err
				mu.Unlock()
			}
		}
	}()
	emit := func(sc *model.Scope) error {
		select {
		case work <- sc:
		case <-ctx.Done():
			return ctx.Err()
		}
		mu.Lock()
		defer mu.Unlock()
		return failed
	}
	err := p.req.Source.Scopes(ctx, emit)
	close(work)
	<-done
	if failed != nil {
		return failed
	}
	return err
}

// scope evaluates, stores and hands on one scope.
func (p *pipeline) scope(s *model.Scope) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	ctx := p.ctx
	if err := ctx.Err(); err != nil {
		return err
	}
	p.scan.Coverage = append(p.scan.Coverage, s.Coverage...)
	p.scan.Errors = append(p.scan.Errors, s.Errors...)
	p.scan.Warnings = append(p.scan.Warnings, s.Warnings...)
	p.index.Add(s.References)
	p.index.Add(s.Resources)
	p.risk.AddReferences(s.References)
	p.risk.Add(s.Resources)
	if len(s.Complete) > 0 {
		before := maps.Clone(p.complete)
		for _, t := range s.Complete {
			p.complete[t] = true
		}
		// Resources that waited get the rules that are ready now and
		// were not when they were set aside.
		readyBefore := func(r *model.RuleMeta) bool { return readyWith(before, r) }
		if err := p.evaluateDeferred(ctx, func(r *model.RuleMeta) bool { return p.ready(r) && !readyBefore(r) }); err != nil {
			return err
		}
		p.pending = p.pendingTypes()
	}
	p.res.Resources += len(s.Resources)
	p.req.Log.Debug("scope", "scope", s.Name, "resources", len(s.Resources), "references", len(s.References), "index", p.index.Len())
	return p.batch(ctx, s.Resources, p.ready, true)
}

// flushDeferred evaluates, at the end of the scan, the rules that read
// types other scopes delivered, on the resources that waited for them.
func (p *pipeline) flushDeferred(ctx context.Context) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.deferred) == 0 {
		return nil
	}
	waiting := p.pending
	p.res.Deferred = len(p.deferred)
	p.req.Log.Debug("deferred rules", "resources", len(p.deferred), "controllers", len(p.context))
	err := p.evaluateDeferred(ctx, func(r *model.RuleMeta) bool { return !p.ready(r) && anyType(r, waiting) })
	p.deferred, p.context = nil, nil
	return err
}

// evaluateDeferred evaluates the rules pick accepts on the resources
// that waited, with the controllers kept for their context.
func (p *pipeline) evaluateDeferred(ctx context.Context, pick func(*model.RuleMeta) bool) error {
	if len(p.deferred) == 0 {
		return nil
	}
	rs := slices.Clone(p.deferred)
	for r := range p.context {
		rs = append(rs, r)
	}
	return p.batch(ctx, rs, pick, false)
}

func anyType(r *model.RuleMeta, types map[string]bool) bool {
	for _, t := range r.ResourceTypes {
		if types[t] {
			return true
		}
	}
	return false
}

// batch evaluates the rules pick accepts on resources and takes their
// findings through to the store and the sink. With deferring, resources
// with rules still waiting for incomplete types are kept for the end.
func (p *pipeline) batch(ctx context.Context, resources []*model.Resource, pick func(*model.RuleMeta) bool, deferring bool) error {
	if len(resources) == 0 {
		return nil
	}
	var index model.Index = p.index
	if p.req.BaseIndex != nil {
		index = graph.Layer{Base: p.req.BaseIndex, Top: p.index}
	}
	inv := policy.NewInventory(resources, index)
	if p.req.Params != nil {
		inv.SetParams(p.req.Params)
	}
	if p.req.BaseInputs != nil {
		inv.SetInputs(p.req.BaseInputs)
	}
	var skipped int
	if deferring {
		// Pods, replica sets and jobs that run exactly what their
		// controller declares, rollout history, and replicas that repeat
		// a sibling are not evaluated: what rules say of them is said
		// once elsewhere.
		skipped = inv.Exclude(kube.NewControllerMatcher(inv.Graph()).Redundant)
	} else {
		// The deferred batch: their scopes decided that already; the
		// controllers kept for context are not evaluated.
		skipped = inv.Exclude(func(r *model.Resource) bool { return p.context[r] })
	}
	results, err := p.eng.Evaluate(ctx, inv, pick)
	if err != nil {
		return err
	}
	if deferring && len(p.pending) > 0 {
		p.deferFrom(inv, resources)
	}
	now := p.scan.StartedAt
	fopts := findings.Options{IncludeSystem: p.req.IncludeSystem, Now: now}
	fs := findings.Build(results, inv.Graph(), p.req.Library.Frameworks, fopts)
	for fp := range findings.Hidden(results, fopts) {
		p.hidden[fp] = true
	}
	p.req.Log.Debug("evaluated", "resources", len(resources), "redundant_workloads", skipped, "findings", len(fs))
	selected := func(id string) bool {
		r, ok := p.eng.Rule(id)
		return ok && p.eng.Selected(id) && pick(r)
	}
	judged := resources
	if !deferring && len(p.context) > 0 {
		judged = nil
		for _, r := range resources {
			if !p.context[r] {
				judged = append(judged, r)
			}
		}
	}
	p.res.Inconclusive = append(p.res.Inconclusive, findings.Inconclusive(judged, p.eng.Rules(), fs, selected)...)
	idents := map[*model.Resource]*model.Resource{}
	var waiting, untracked map[string]bool
	today := time.Now() // what exceptions' expiry is judged against
	if p.req.Now != nil {
		today = p.req.Now()
	}
	for i := range fs {
		f := &fs[i]
		if file, line := f.Resource.Source.Evidence(f.Evidence.Path); line > 0 {
			f.Evidence.Line = line
			if file != "" {
				f.Evidence.File = file
			}
		}
		findings.ApplyInline(f, today)
		if ex := f.Exception; ex != nil && ex.Expired {
			p.req.Log.Warn("inline exception expired; the finding is open again", "rule", f.RuleID, "at", fmt.Sprintf("%s:%d", ex.File, ex.Line), "expired", ex.Expires.Format("2006-01-02"))
		}
		exceptions.ApplyOne(f, p.req.Exceptions, today)
		store.ApplyMark(f, p.req.FalsePositives)
		if ex := f.Exception; ex != nil && ex.Expired && (ex.Source == exceptions.SourceFile || ex.Source == exceptions.SourceAPI) {
			p.req.Log.Warn("exception expired; the finding is open again", "rule", f.RuleID, "exception", ex.ID, "owner", ex.Owner, "expired", ex.Expires.AddDate(0, 0, -1).Format("2006-01-02"))
		}
		f.Risk = p.risk.Score(f.Severity, f.Resource)
		if p.risk.Waiting(f.Resource.ID) {
			if waiting == nil {
				waiting = map[string]bool{}
			}
			waiting[f.Fingerprint] = true
		}
		if !p.risk.Has(f.Resource.ID) {
			// Its risk cannot change and it is on no path: not kept.
			if untracked == nil {
				untracked = map[string]bool{}
			}
			untracked[f.Fingerprint] = true
		}
		id, ok := idents[f.Resource]
		if !ok {
			id = f.Resource.Identity()
			idents[f.Resource] = id
		}
		f.Resource = id
	}
	if !deferring {
		resources = nil // stored with their own scope
	}
	return p.write(written{resources, fs, waiting, untracked})
}

// written is one batch on its way to the store and the sink. The
// findings waiting (by fingerprint) are on resources whose risk depends
// on resources not read yet: stored now, handed to the sink at the end.
type written struct {
	resources []*model.Resource
	findings  []model.Finding
	waiting   map[string]bool
	// untracked findings are on resources risk keeps no node of: their
	// risk is final and they join no path, so no record is kept.
	untracked map[string]bool
}

// startWriter starts the stage that stores batches and hands their
// findings on, in order, while the next scope is evaluated.
func (p *pipeline) startWriter() {
	p.writes = make(chan written, 1)
	p.writerDone = make(chan struct{})
	go func() {
		defer close(p.writerDone)
		for w := range p.writes {
			if p.writeErr() != nil {
				continue
			}
			if err := p.store(w); err != nil {
				p.errMu.Lock()
				p.wErr = err
				p.errMu.Unlock()
			}
		}
	}()
}

// stopWriter waits for the batches sent to be written.
func (p *pipeline) stopWriter() error {
	close(p.writes)
	<-p.writerDone
	return p.writeErr()
}

func (p *pipeline) writeErr() error {
	p.errMu.Lock()
	defer p.errMu.Unlock()
	return p.wErr
}

// write sends a batch to the writer stage.
func (p *pipeline) write(w written) error {
	if err := p.writeErr(); err != nil {
		return err
	}
	select {
	case p.writes <- w:
		return nil
	case <-p.ctx.Done():
		return p.ctx.Err()
	}
}

// store records a batch and hands its findings on.
func (p *pipeline) store(w written) error {
	fs := w.findings
	if p.rec != nil {
		out, err := p.rec.Scope(p.ctx, w.resources, fs)
		if err != nil {
			return fmt.Errorf("record scan %s: %w", p.scan.ID, err)
		}
		fs = out.Findings
		p.res.Opened += out.Opened
	}
	p.count(fs)
	for i := range fs {
		if !w.untracked[fs[i].Fingerprint] {
			p.records = append(p.records, risk.RecordOf(&fs[i]))
		}
	}
	if len(w.waiting) > 0 {
		now := make([]model.Finding, 0, len(fs))
		for _, f := range fs {
			if w.waiting[f.Fingerprint] {
				p.waiting = append(p.waiting, f)
			} else {
				now = append(now, f)
			}
		}
		fs = now
	}
	if p.req.Sink != nil {
		return p.req.Sink.Findings(fs)
	}
	return nil
}

func (p *pipeline) count(fs []model.Finding) {
	for _, f := range fs {
		p.res.Counts[f.Severity.String()]++
		p.byRule[f.RuleID]++
		if f.Status == model.StatusOpen && f.Severity > p.res.MaxOpen {
			p.res.MaxOpen = f.Severity
		}
	}
}

// assess judges the whole scan: findings whose risk the scopes read
// after them changed get their final score in the store, and the toxic
// combinations among the findings are stored and handed to the sink.
func (p *pipeline) assess(ctx context.Context) error {
	changed, combos, err := risk.Assess(ctx, p.risk, p.records, p.req.Library.Combinations)
	if err != nil {
		return err
	}
	today := time.Now()
	if p.req.Now != nil {
		today = p.req.Now()
	}
	for i := range combos {
		exceptions.ApplyOne(&combos[i], p.req.Exceptions, today)
		store.ApplyMark(&combos[i], p.req.FalsePositives)
	}
	p.req.Log.Debug("risk", "resources", p.risk.Len(), "findings", len(p.records), "rescored", len(changed), "combinations", len(combos))
	p.records = nil
	if p.rec != nil {
		if err := p.rec.Rescore(ctx, changed); err != nil {
			return fmt.Errorf("record scan %s: %w", p.scan.ID, err)
		}
		if len(combos) > 0 {
			out, err := p.rec.Scope(ctx, nil, combos)
			if err != nil {
				return fmt.Errorf("record scan %s: %w", p.scan.ID, err)
			}
			combos = out.Findings
			p.res.Opened += out.Opened
		}
	}
	p.count(combos)
	final := make(map[string]*model.Risk, len(changed))
	for _, f := range changed {
		final[f.Fingerprint] = f.Risk
	}
	late, lateChanged := p.waiting, 0
	for i := range late {
		if r, ok := final[late[i].Fingerprint]; ok {
			late[i].Risk = r
			lateChanged++
		}
	}
	// Those the sink had with another risk than the store's.
	p.res.Rescored = len(changed) - lateChanged
	p.waiting = nil
	if p.req.Sink != nil && len(late)+len(combos) > 0 {
		return p.req.Sink.Findings(append(late, combos...))
	}
	return nil
}

// deferFrom keeps, for the end of the scan, the resources of a batch
// whose types have rules waiting for incomplete types, and the
// controllers up their chains that are not kept themselves.
func (p *pipeline) deferFrom(inv *policy.Inventory, resources []*model.Resource) {
	kept := map[*model.Resource]bool{}
	var chains []*model.Resource
	for i, r := range resources {
		if p.pending[r.Type] && !inv.Excluded(i) {
			p.deferred = append(p.deferred, r)
			kept[r] = true
			chains = append(chains, r)
		}
	}
	for _, r := range chains {
		for _, c := range inv.Graph().Controller(r) {
			if !kept[c] {
				if p.context == nil {
					p.context = map[*model.Resource]bool{}
				}
				p.context[c] = true
			}
		}
	}
}

// ruleCovered reports whether a live scan read every type a rule needs
// (its resource types and related types, everywhere). IaC scans read
// whole files, so every rule counts as covered there.
func ruleCovered(scan *model.Scan, eng *policy.Engine) func(string) bool {
	return func(id string) bool {
		if scan.Source == "iac" {
			return true
		}
		r, ok := eng.Rule(id)
		if !ok {
			return false
		}
		for _, t := range append(append([]string{}, r.ResourceTypes...), r.RelatedTypes...) {
			if !scan.Covered(t, "") {
				return false
			}
		}
		return true
	}
}

// rulesHash is the library's hash, or, when rule parameters other than
// the defaults are configured, a digest of both: the same rules judging
// with other thresholds are another rule set.
func rulesHash(library string, p *params.Set) string {
	d := p.Digest()
	if d == "" {
		return library
	}
	sum := sha256.Sum256([]byte(library + "\x00params:" + d))
	return "sha256:" + hex.EncodeToString(sum[:])
}
