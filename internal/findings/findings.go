// Package findings turns rule results into findings: one per rule and
// resource (stable fingerprint), with compliance references, evidence
// and remediation; it hides the platform's own objects unless asked, and
// reports a controller's problem once — on the controller, not on every
// pod or replica set it owns.
package findings

import (
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/vigil-cspm/vigil/internal/graph"
	"github.com/vigil-cspm/vigil/internal/model"
	"github.com/vigil-cspm/vigil/internal/policy"
)

// RefSource answers which framework requirements a rule decides.
type RefSource interface {
	Refs(ruleID string) []model.ComplianceRef
}

// Options tune Build.
type Options struct {
	// IncludeSystem keeps findings on Kubernetes' own bootstrap and
	// control-plane objects.
	IncludeSystem bool
	// Now stamps first_seen and last_seen of new findings.
	Now time.Time
}

// Build groups results by rule and resource into findings, sorted by
// severity (highest first), then resource and rule.
func Build(results []policy.Result, g *graph.Graph, refs RefSource, opts Options) []model.Finding {
	type key struct{ rule, res string }
	has := make(map[key]bool, len(results))
	for _, r := range results {
		has[key{r.Rule.ID, r.Resource.ID}] = true
	}
	index := make(map[key]int, len(has))
	var out []model.Finding // nil when there are none, as before
	if len(has) > 0 {
		out = make([]model.Finding, 0, len(has))
	}
	for _, r := range results {
		if r.Resource.System && !opts.IncludeSystem {
			continue
		}
		if reportedOnController(r, g, func(id string) bool { return has[key{r.Rule.ID, id}] }) {
			continue
		}
		k := key{r.Rule.ID, r.Resource.ID}
		if i, ok := index[k]; ok {
			f := &out[i]
			if !strings.Contains(f.Message, r.Message) {
				f.Message += "; " + r.Message
			}
			continue
		}
		index[k] = len(out)
		compliance := refs.Refs(r.Rule.ID)
		if compliance == nil {
			compliance = []model.ComplianceRef{}
		}
		out = append(out, model.Finding{
			Fingerprint: model.Fingerprint(r.Rule.ID, r.Resource.ID),
			RuleID:      r.Rule.ID,
			Title:       r.Rule.Title,
			Severity:    r.Rule.Severity,
			Status:      model.StatusOpen,
			Message:     r.Message,
			Evidence:    r.Evidence,
			Remediation: r.Rule.Remediation,
			Compliance:  compliance,
			Resource:    r.Resource,
			Related:     r.Related,
			FirstSeen:   opts.Now,
			LastSeen:    opts.Now,
		})
	}
	Sort(out)
	return out
}

// Hidden returns the fingerprints of results Build leaves out because they
// are on system objects: found, but not reported.
func Hidden(results []policy.Result, opts Options) map[string]bool {
	out := map[string]bool{}
	if opts.IncludeSystem {
		return out
	}
	for _, r := range results {
		if r.Resource.System {
			out[model.Fingerprint(r.Rule.ID, r.Resource.ID)] = true
		}
	}
	return out
}

// reportedOnController reports whether a controller of the result's
// resource (replica set, deployment, job, cron job) has the same rule
// failing: then the pod (or replica set) does not differ from it in that
// respect and the finding belongs to the controller alone.
func reportedOnController(r policy.Result, g *graph.Graph, failing func(id string) bool) bool {
	if g == nil {
		return false
	}
	for _, c := range g.Controller(r.Resource) {
		if failing(c.ID) {
			return true
		}
	}
	return false
}

// Sort orders findings by severity (highest first), then location, rule.
func Sort(fs []model.Finding) {
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := fs[i], fs[j]
		if a.Severity != b.Severity {
			return a.Severity > b.Severity
		}
		if a.Resource != nil && b.Resource != nil && a.Resource.ID != b.Resource.ID {
			if a.Resource.Source.File != b.Resource.Source.File {
				return a.Resource.Source.File < b.Resource.Source.File
			}
			if a.Resource.Source.Line != b.Resource.Source.Line {
				return a.Resource.Source.Line < b.Resource.Source.Line
			}
			return a.Resource.ID < b.Resource.ID
		}
		return a.RuleID < b.RuleID
	})
}

// Counts tallies findings by severity name.
func Counts(fs []model.Finding) map[string]int {
	out := map[string]int{}
	for _, s := range model.Severities() {
		out[s.String()] = 0
	}
	for _, f := range fs {
		out[f.Severity.String()]++
	}
	return out
}

// unreadOf is the attributes a resource lists as unread.
func unreadOf(r *model.Resource) []any {
	u, _ := r.Attributes["unread"].([]any)
	return u
}

// Inconclusive lists the checks that could not judge a resource: a rule
// of the resource's type that did not fire and guards an attribute the
// resource lists as unread (access denied live, unknown before apply in
// IaC). selected reports whether a rule was evaluated.
func Inconclusive(resources []*model.Resource, rules []*model.RuleMeta, fs []model.Finding, selected func(string) bool) []model.Inconclusive {
	if !slices.ContainsFunc(resources, func(r *model.Resource) bool { return len(unreadOf(r)) > 0 }) {
		return nil
	}
	fired := map[string]bool{}
	for _, f := range fs {
		fired[f.Fingerprint] = true
	}
	byType := map[string][]*model.RuleMeta{}
	for _, r := range rules {
		if len(r.Guards) == 0 || (selected != nil && !selected(r.ID)) {
			continue
		}
		for _, t := range r.ResourceTypes {
			byType[t] = append(byType[t], r)
		}
	}
	var out []model.Inconclusive
	for _, res := range resources {
		unread := unreadOf(res)
		if len(unread) == 0 {
			continue
		}
		missing := map[string]bool{}
		for _, u := range unread {
			if s, ok := u.(string); ok {
				missing[s] = true
			}
		}
		for _, r := range byType[res.Type] {
			if fired[model.Fingerprint(r.ID, res.ID)] {
				continue
			}
			var attrs []string
			for _, g := range r.Guards {
				if missing[g] {
					attrs = append(attrs, g)
				}
			}
			if len(attrs) > 0 {
				out = append(out, model.Inconclusive{RuleID: r.ID, ResourceID: res.ID, Name: res.Name, Attributes: attrs})
			}
		}
	}
	return out
}
