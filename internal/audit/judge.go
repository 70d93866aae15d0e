package audit

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"time"

	"github.com/vigil-cspm/vigil/internal/compliance"
	"github.com/vigil-cspm/vigil/internal/model"
)

// judged is the requirements' statuses at one time.
type judged struct {
	requirements []Requirement
	scopes       []Scope
}

// judgeAt judges every requirement at t: each scope's latest scan
// finished by t is its evidence when no older than opt.MaxAge, and
// findings (already judged as of t: open, excepted or resolved) count
// only in such fresh scopes.
func judgeAt(opt Options, scopes []*scopeData, t time.Time, findings map[scopeKey][]model.Finding) judged {
	var out judged
	type fresh struct {
		sd   *scopeData
		scan model.Scan
	}
	var live []fresh
	stale := map[scopeKey]bool{}
	for _, sd := range scopes {
		sc := latestAt(sd, t)
		if sc.ID == "" {
			continue // not scanned yet at t
		}
		s := Scope{Source: sd.key.source, Account: sd.key.account, State: ScopeFresh, Scan: scanRef(sc)}
		for _, n := range sd.counts {
			s.Resources += n
		}
		if t.Sub(sc.FinishedAt) > opt.MaxAge {
			s.State = ScopeStale
			stale[sd.key] = true
		} else {
			live = append(live, fresh{sd, sc})
		}
		out.scopes = append(out.scopes, s)
	}
	depth := sectionDepth(opt.Framework.Requirements)
	for _, r := range opt.Framework.Requirements {
		req := Requirement{ID: r.ID, Section: sectionOf(r.ID, depth), Title: r.Title, Level: r.Level, Automated: r.Automated, Check: r.Check(),
			Rules: append([]string{}, r.Rules...), Note: r.Note, Failing: []FindingRef{}, Excepted: []FindingRef{}, Scans: []string{}}
		if req.Rules == nil {
			req.Rules = []string{}
		}
		rules := map[string]bool{}
		types := map[string]bool{}
		for _, id := range r.Rules {
			rules[id] = true
			if meta := opt.Rules[id]; meta != nil {
				for _, typ := range meta.ResourceTypes {
					types[typ] = true
				}
			}
		}
		staleSeen := 0 // resources and findings of its types in stale scopes
		for _, sd := range scopes {
			if !stale[sd.key] {
				continue
			}
			for typ := range types {
				staleSeen += sd.counts[typ]
			}
			for _, f := range findings[sd.key] {
				if rules[f.RuleID] && f.Status != model.StatusResolved {
					req.StaleFindings++
					staleSeen++
				}
			}
		}
		var uncovered []string
		resources := map[string]bool{}
		for _, fr := range live {
			used := false
			for typ := range types {
				if n := fr.sd.counts[typ]; n > 0 {
					req.Evaluated += n
					used = true
				}
			}
			for _, f := range findings[fr.sd.key] {
				if !rules[f.RuleID] {
					continue
				}
				ref := FindingRef{Finding: f.Fingerprint, RuleID: f.RuleID, Severity: f.Severity.String()}
				if f.Resource != nil {
					ref.ResourceID = f.Resource.ID
				}
				switch f.Status {
				case model.StatusOpen:
					req.Failing = append(req.Failing, ref)
				case model.StatusExcepted:
					if f.Exception != nil {
						ref.Exception = f.Exception.ID
						if ref.Exception == "" {
							ref.Exception = f.Exception.Source
						}
					}
					req.Excepted = append(req.Excepted, ref)
				default:
					// Resolved, or marked a false positive (the rule was
					// wrong about it): not failing.
					continue
				}
				resources[ref.ResourceID] = true
				used = true
			}
			if used {
				req.Scans = append(req.Scans, fr.scan.ID)
			}
			uncovered = append(uncovered, uncoveredTypes(&fr.scan, types)...)
		}
		// A resource with a finding was evaluated even when the
		// inventory no longer counts it.
		if len(resources) > req.Evaluated {
			req.Evaluated = len(resources)
		}
		sortRefs(req.Failing)
		sortRefs(req.Excepted)
		sort.Strings(req.Scans)
		req.Status, req.Reason = status(r.Check(), len(r.Rules), len(live), &req, uncovered, staleSeen)
		// A manual or not-covered requirement's note says why: show it.
		if r.Note != "" && (r.Check() == compliance.StatusManual || r.Check() == compliance.StatusNotCovered) {
			req.Reason = r.Note
		}
		out.requirements = append(out.requirements, req)
	}
	return out
}

// status decides a requirement's status, in this order: manual, not
// covered (no rule yet, no fresh scope), fail (an open
// finding), excepted (only excepted findings), not covered (a type its
// rules judge was not read in full, or its resources are only in stale
// scopes), not applicable (no resource of those types anywhere), else
// pass.
func status(check string, rules, fresh int, req *Requirement, uncovered []string, staleSeen int) (string, string) {
	switch {
	case check == compliance.StatusManual:
		return StatusManual, "not automated: judge it by hand"
	case check == compliance.StatusNotCovered:
		return StatusNotCovered, "no rule decides it yet"
	case rules == 0:
		return StatusNotCovered, "no rule decides it"
	case fresh == 0:
		return StatusNotCovered, "no scan within the maximum age"
	case len(req.Failing) > 0:
		return StatusFail, fmt.Sprintf("%d of %d evaluated %s failing", distinct(req.Failing), req.Evaluated, plural(req.Evaluated, "resource", "resources"))
	case len(req.Excepted) > 0:
		return StatusExcepted, fmt.Sprintf("%d %s failing under an exception", distinct(req.Excepted), plural(distinct(req.Excepted), "resource", "resources"))
	case len(uncovered) > 0:
		sort.Strings(uncovered)
		return StatusNotCovered, "not read in full: " + strings.Join(uncovered, "; ")
	case req.Evaluated == 0 && staleSeen > 0:
		return StatusNotCovered, "its resources are only in stale scopes: scan them again"
	case req.Evaluated == 0:
		return StatusNotApplicable, "no resource its rules judge exists in a fresh scope"
	default:
		return StatusPass, fmt.Sprintf("%d %s evaluated, none failing", req.Evaluated, plural(req.Evaluated, "resource", "resources"))
	}
}

// uncoveredTypes lists the coverage records of scan that did not read
// one of types in full: the type's own records and provider-wide ones
// that failed ("aws@111111111111/eu-west-1" denied, for every aws.*
// type).
func uncoveredTypes(scan *model.Scan, types map[string]bool) []string {
	var out []string
	for _, c := range scan.Coverage {
		if c.Status == model.CoverageComplete {
			continue
		}
		head, _, _ := strings.Cut(c.Scope, "@")
		hit := types[head]
		// A provider-wide scope skipped on purpose (a region not
		// enabled) holds nothing to read.
		if !hit && !strings.Contains(head, ".") && c.Status != model.CoverageSkipped {
			for typ := range types {
				if strings.HasPrefix(typ, head+".") {
					hit = true
				}
			}
		}
		if hit {
			msg := c.Scope + " " + c.Status
			if c.Reason != "" {
				msg += " (" + c.Reason + ")"
			}
			out = append(out, msg)
		}
	}
	return out
}

func distinct(refs []FindingRef) int {
	seen := map[string]bool{}
	for _, r := range refs {
		seen[r.ResourceID] = true
	}
	return len(seen)
}

func sortRefs(refs []FindingRef) {
	sort.Slice(refs, func(i, j int) bool {
		if refs[i].ResourceID != refs[j].ResourceID {
			return refs[i].ResourceID < refs[j].ResourceID
		}
		return refs[i].RuleID < refs[j].RuleID
	})
}

// sectionOf is a requirement id's first depth dot-separated parts
// ("5.1.2" → "5" at depth 1, "5.1" at depth 2); "-" when it has no dot.
func sectionOf(id string, depth int) string {
	parts := strings.Split(id, ".")
	if len(parts) < 2 || parts[0] == "" {
		return "-"
	}
	if depth >= len(parts) {
		depth = len(parts) - 1
	}
	return strings.Join(parts[:depth], ".")
}

// sectionDepth is 1 (the leading number), or 2 when every id shares one
// leading number (CIS Kubernetes' section 5 is then 5.1, 5.2 …).
func sectionDepth(reqs []compliance.Requirement) int {
	first := map[string]bool{}
	for _, r := range reqs {
		first[sectionOf(r.ID, 1)] = true
	}
	if len(first) == 1 && !first["-"] {
		return 2
	}
	return 1
}

// scoreOf counts requirements by status.
func scoreOf(reqs []Requirement) Score {
	var s Score
	for _, r := range reqs {
		s.Total++
		switch r.Status {
		case StatusPass:
			s.Passed++
		case StatusFail:
			s.Failed++
		case StatusExcepted:
			s.Excepted++
		case StatusManual:
			s.Manual++
		case StatusNotCovered:
			s.NotCovered++
		case StatusNotApplicable:
			s.NotApplicable++
		}
	}
	if d := s.Passed + s.Failed + s.Excepted; d > 0 {
		p := math.Round(float64(s.Passed)*1000/float64(d)) / 10
		s.Percent = &p
	}
	return s
}

// sectionsOf scores each section, in the order sections first appear.
func sectionsOf(reqs []Requirement) []Section {
	var out []Section
	idx := map[string]int{}
	by := map[string][]Requirement{}
	for _, r := range reqs {
		if _, ok := idx[r.Section]; !ok {
			idx[r.Section] = len(out)
			out = append(out, Section{ID: r.Section})
		}
		by[r.Section] = append(by[r.Section], r)
	}
	for i := range out {
		out[i].Score = scoreOf(by[out[i].ID])
	}
	return out
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
