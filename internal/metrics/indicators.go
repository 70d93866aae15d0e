package metrics

import (
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/vigil-cspm/vigil/internal/model"
	"github.com/vigil-cspm/vigil/internal/store"
)

// finished reports whether a scan ran to the end (complete or partial).
func finished(sc model.Scan) bool {
	return sc.Status == model.ScanComplete || sc.Status == model.ScanPartial
}

// CoverageDetail is M1's breakdown.
type CoverageDetail struct {
	ExpectedScopes    int      `json:"expected_scopes"`
	CoveredScopes     int      `json:"covered_scopes"`
	DeclaredResources int      `json:"declared_resources"`
	DeclaredSeenLive  int      `json:"declared_seen_live"`
	NotCovered        []string `json:"not_covered"`
}

// coverage (M1): of what should have been read in the span, the share a
// finished scan read. Expected are vigil.yaml's accounts, organizations
// and clusters, and the AWS resources IaC declares whose type a live
// scan read in full; a declared resource is seen when the live
// inventory holds one of the same type and name.
func coverage(d *data, s Span) (*float64, any) {
	det := CoverageDetail{NotCovered: []string{}}
	var scans []model.Scan
	for _, sc := range d.scans {
		if finished(sc) && s.has(sc.StartedAt) {
			scans = append(scans, sc)
		}
	}
	scope := func(kind, id string, covered func(model.Scan) bool) {
		det.ExpectedScopes++
		if slices.ContainsFunc(scans, covered) {
			det.CoveredScopes++
			return
		}
		det.NotCovered = append(det.NotCovered, kind+" "+id)
	}
	for _, a := range d.expected.Accounts {
		scope("aws account", a, func(sc model.Scan) bool {
			return sc.Source == "aws" && (sc.Account == a || slices.ContainsFunc(sc.Coverage, func(c model.Coverage) bool {
				return c.Account == a && c.Status == model.CoverageComplete
			}))
		})
	}
	for _, o := range d.expected.Organizations {
		scope("aws organization", o, func(sc model.Scan) bool { return sc.Source == "aws" && sc.Account == o })
	}
	for _, c := range d.expected.Clusters {
		scope("k8s cluster", c, func(sc model.Scan) bool { return sc.Source == "k8s" && sc.Account == c })
	}
	// Types a live AWS scan read in full in the span.
	read := map[string]bool{}
	for _, sc := range scans {
		if sc.Source != "aws" {
			continue
		}
		for _, c := range sc.Coverage {
			if c.Status == model.CoverageComplete {
				read[strings.SplitN(c.Scope, "@", 2)[0]] = true
			}
		}
	}
	live := map[[2]string]bool{}
	for _, r := range d.resources {
		if r.Source == "aws" && present(r, s) {
			live[[2]string{r.Type, r.Name}] = true
		}
	}
	for _, r := range d.resources {
		if r.Source != "iac" || !strings.HasPrefix(r.Type, "aws.") || !read[r.Type] || !r.FirstSeen.Before(s.To) {
			continue
		}
		det.DeclaredResources++
		if live[[2]string{r.Type, r.Name}] {
			det.DeclaredSeenLive++
			continue
		}
		det.NotCovered = append(det.NotCovered, fmt.Sprintf("%s %s (declared in %s)", r.Type, r.Name, r.File))
	}
	sort.Strings(det.NotCovered)
	return ratio(det.CoveredScopes+det.DeclaredSeenLive, det.ExpectedScopes+det.DeclaredResources), det
}

// ComplianceDetail is M2's breakdown.
type ComplianceDetail struct {
	Rules       int `json:"rules"`
	Evaluations int `json:"evaluations"`
	Failing     int `json:"failing"`
}

// compliance (M2): of the (resource, critical or high rule) pairs of
// the span — every resource the inventory held in it, with every such
// rule of its type — the share with no finding open at the span's end.
// An excepted finding fails (an accepted risk is still a failed
// control); a false positive does not.
func compliance(d *data, s Span) (*float64, any) {
	var det ComplianceDetail
	byType := map[string]int{}
	typeOf := map[string]string{}
	for _, r := range d.resources {
		if present(r, s) {
			byType[r.Type]++
			typeOf[r.ID] = r.Type
		}
	}
	critical := map[string]*model.RuleMeta{}
	for _, r := range d.rules {
		if r.Severity < model.SeverityHigh || len(r.ResourceTypes) == 0 {
			continue
		}
		critical[r.ID] = r
		det.Rules++
		for _, t := range r.ResourceTypes {
			det.Evaluations += byType[t]
		}
	}
	fp := store.MarksInForce(d.marks, s.To)
	for _, f := range d.findings {
		r := critical[f.RuleID]
		if r == nil || fp[f.Fingerprint] != nil || !d.openAt(f.Fingerprint, s.To) {
			continue
		}
		if t, ok := typeOf[f.Resource.ID]; ok && slices.Contains(r.ResourceTypes, t) {
			det.Failing++
		}
	}
	det.Failing = min(det.Failing, det.Evaluations)
	return ratio(det.Evaluations-det.Failing, det.Evaluations), det
}

// DetectionDetail is M3's breakdown.
type DetectionDetail struct {
	Opened int `json:"opened"`
	// Untimed are findings whose source gave no creation or change time
	// (IaC, kinds without one).
	Untimed int `json:"untimed"`
	Durations
}

// detection (M3): for findings first seen in the span whose resource's
// source gave a creation or change time, the mean time from that time
// to the finding's first sighting.
func detection(d *data, s Span) (*float64, any) {
	var det DetectionDetail
	var ds []time.Duration
	for _, f := range d.findings {
		if !s.has(f.FirstSeen) {
			continue
		}
		det.Opened++
		ch := f.Resource.Changed
		if ch == nil || ch.After(f.FirstSeen) {
			det.Untimed++
			continue
		}
		ds = append(ds, f.FirstSeen.Sub(*ch))
	}
	det.Durations = summarize(ds)
	return det.Mean, det
}

// RemediationDetail is M4's breakdown.
type RemediationDetail struct {
	Durations
	BySeverity map[string]Durations `json:"by_severity"`
}

// remediation (M4): for every resolution in the span, the time since
// the finding was opened (or last reopened); the median, and per
// severity.
func remediation(d *data, s Span) (*float64, any) {
	det := RemediationDetail{BySeverity: map[string]Durations{}}
	var all []time.Duration
	by := map[string][]time.Duration{}
	for _, events := range d.events {
		var opened *time.Time
		for _, e := range events {
			switch e.Event {
			case store.EventOpened, store.EventReopened:
				at := e.At
				opened = &at
			case store.EventResolved:
				if opened != nil && s.has(e.At) {
					dur := e.At.Sub(*opened)
					all = append(all, dur)
					by[e.Severity] = append(by[e.Severity], dur)
				}
				opened = nil
			}
		}
	}
	det.Durations = summarize(all)
	for sev, ds := range by {
		det.BySeverity[sev] = summarize(ds)
	}
	return det.Median, det
}

// DriftDetail is M7's breakdown.
type DriftDetail struct {
	New       int `json:"new_resources"`
	Violating int `json:"violating"`
}

// drift (M7): of the live resources first seen in the span, the share
// that violated a rule the moment they appeared: a finding (not a false
// positive) first seen by the scan that first saw the resource, so by a
// rule that existed before it.
func drift(d *data, s Span) (*float64, any) {
	var det DriftDetail
	fp := store.MarksInForce(d.marks, s.To)
	byResource := map[string][]model.Finding{}
	for _, f := range d.findings {
		if fp[f.Fingerprint] == nil {
			byResource[f.Resource.ID] = append(byResource[f.Resource.ID], f)
		}
	}
	for _, r := range d.resources {
		if r.Source == "iac" || r.FirstSeen.IsZero() || !s.has(r.FirstSeen) {
			continue
		}
		det.New++
		if slices.ContainsFunc(byResource[r.ID], func(f model.Finding) bool { return f.FirstSeen.Equal(r.FirstSeen) }) {
			det.Violating++
		}
	}
	return ratio(det.Violating, det.New), det
}

// FalsePositiveDetail is M8's breakdown.
type FalsePositiveDetail struct {
	Opened int `json:"opened"`
	Marked int `json:"marked"`
}

// falsePositives (M8): of the findings first seen in the span, the
// share marked false positive at its end.
func falsePositives(d *data, s Span) (*float64, any) {
	var det FalsePositiveDetail
	fp := store.MarksInForce(d.marks, s.To)
	for _, f := range d.findings {
		if !s.has(f.FirstSeen) {
			continue
		}
		det.Opened++
		if fp[f.Fingerprint] != nil {
			det.Marked++
		}
	}
	return ratio(det.Marked, det.Opened), det
}

// SourceLatency is one source's scans in M9.
type SourceLatency struct {
	Source string `json:"source"`
	Durations
	Failed int `json:"failed"`
	// Unfinished are scans stored running: still running, or whose
	// process ended before they did.
	Unfinished int `json:"unfinished"`
}

// LatencyDetail is M9's breakdown.
type LatencyDetail struct {
	Sources []SourceLatency `json:"sources"`
}

// latency (M9): how long scans started in the span took (finished −
// started), per source; failed and unfinished scans are counted apart
// and not timed. The value is the median over every source.
func latency(d *data, s Span) (*float64, any) {
	by := map[string][]time.Duration{}
	failed, unfinished := map[string]int{}, map[string]int{}
	var all []time.Duration
	for _, sc := range d.scans {
		if !s.has(sc.StartedAt) {
			continue
		}
		switch {
		case finished(sc):
			dur := sc.FinishedAt.Sub(sc.StartedAt)
			by[sc.Source] = append(by[sc.Source], dur)
			all = append(all, dur)
		case sc.Status == model.ScanFailed:
			failed[sc.Source]++
		default:
			unfinished[sc.Source]++
		}
	}
	sources := map[string]bool{}
	for _, m := range []map[string]int{failed, unfinished} {
		for src := range m {
			sources[src] = true
		}
	}
	for src := range by {
		sources[src] = true
	}
	det := LatencyDetail{Sources: []SourceLatency{}}
	for _, src := range slices.Sorted(maps.Keys(sources)) {
		det.Sources = append(det.Sources, SourceLatency{Source: src, Durations: summarize(by[src]), Failed: failed[src], Unfinished: unfinished[src]})
	}
	return summarize(all).Median, det
}

// FrameworkReadiness is one framework's evidence bundles in M10.
type FrameworkReadiness struct {
	Framework string `json:"framework"`
	Durations
	// Last is when the newest bundle of the span was made.
	Last time.Time `json:"last"`
}

// ReadinessDetail is M10's breakdown.
type ReadinessDetail struct {
	Frameworks []FrameworkReadiness `json:"frameworks"`
}

// readiness (M10): how long producing an evidence bundle took (vigil
// report evidence, as the store recorded each run), per framework; the
// value is the median over every bundle made in the span.
func readiness(d *data, s Span) (*float64, any) {
	by := map[string][]time.Duration{}
	last := map[string]time.Time{}
	var all []time.Duration
	for _, r := range d.reports {
		if r.Kind != store.ReportEvidence || !s.has(r.At) {
			continue
		}
		by[r.Framework] = append(by[r.Framework], r.Duration)
		all = append(all, r.Duration)
		if r.At.After(last[r.Framework]) {
			last[r.Framework] = r.At
		}
	}
	det := ReadinessDetail{Frameworks: []FrameworkReadiness{}}
	for _, fw := range slices.Sorted(maps.Keys(by)) {
		det.Frameworks = append(det.Frameworks, FrameworkReadiness{Framework: fw, Durations: summarize(by[fw]), Last: last[fw].UTC()})
	}
	return summarize(all).Median, det
}
