package risk

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"reflect"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/vigil-cspm/vigil/internal/model"
)

// Record is what the end of a scan keeps of each finding it streamed:
// enough to score it again on the whole graph and to find combinations.
type Record struct {
	Fingerprint, RuleID, Status string
	Severity                    model.Severity
	Resource                    *model.Resource // the finding's (identity only)
	Risk                        *model.Risk     // as it was streamed
}

// RecordOf is the record of a scored finding.
func RecordOf(f *model.Finding) Record {
	return Record{Fingerprint: f.Fingerprint, RuleID: f.RuleID, Status: f.Status, Severity: f.Severity, Resource: f.Resource, Risk: f.Risk}
}

// Assess judges a whole scan: it scores every record again on the
// complete graph, returning the findings (fingerprint and risk only)
// whose risk changed since they were streamed, and the toxic
// combinations the rules find, scored and ready to be reported like any
// finding (status open; exceptions are the caller's).
func Assess(ctx context.Context, g *Graph, recs []Record, rules *Combinations) (changed, combos []model.Finding, err error) {
	byRes := map[string][]int{}
	score := make(map[string]int, len(recs))
	for i := range recs {
		r := &recs[i]
		final := g.Score(r.Severity, r.Resource)
		if !reflect.DeepEqual(final, r.Risk) {
			changed = append(changed, model.Finding{Fingerprint: r.Fingerprint, Risk: final})
			r.Risk = final
		}
		score[r.Fingerprint] = final.Score
		byRes[r.Resource.ID] = append(byRes[r.Resource.ID], i)
	}
	if rules == nil || len(recs) == 0 {
		return changed, nil, nil
	}
	// The paths are gathered in order (the graph is not safe for
	// concurrent use), then judged by the rules on every core.
	type path struct {
		in    *Input
		entry *model.Resource
		hops  []string
	}
	var paths []path
	for _, id := range slices.Sorted(maps.Keys(byRes)) {
		n := g.Node(id)
		if n == nil {
			continue
		}
		// An attack path runs from the internet to an identity with
		// power: entries without one are not evaluated.
		exp, priv := g.ExposureOf(n), g.PrivilegeOf(n)
		if exp == nil || exp.Points < 25 || priv == nil {
			continue
		}
		in := &Input{Entry: InputResource{ID: n.ID, Type: n.Type, Name: n.Name, Namespace: n.Namespace, Account: n.Account},
			Exposure: InputExposure{Path: exp.Path, Detail: exp.Detail},
			Identity: &InputIdentity{Chain: priv.Chain, Detail: priv.Detail, Admin: priv.Admin, Escalates: priv.Escalates, ReadsSecrets: priv.ReadsSecrets, ClusterWide: priv.ClusterWide}}
		add := func(rid, on string) {
			for _, i := range byRes[rid] {
				r := &recs[i]
				if r.Status != model.StatusOpen && r.Status != model.StatusExcepted {
					continue
				}
				in.Findings = append(in.Findings, InputFinding{ID: r.Fingerprint, RuleID: r.RuleID, Severity: r.Severity.String(), ResourceID: rid, On: on})
			}
		}
		add(n.ID, "entry")
		for _, p := range exp.Path {
			if p != Internet && p != n.ID {
				add(p, "path")
			}
		}
		hops := slices.Clone(exp.Path)
		for _, c := range priv.Chain {
			if c != n.ID {
				add(c, "identity")
				hops = append(hops, c)
			}
		}
		paths = append(paths, path{in: in, entry: recs[byRes[n.ID][0]].Resource, hops: hops})
	}
	matches := make([][]Match, len(paths))
	errs := make([]error, len(paths))
	next := atomic.Int64{}
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(paths)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := int(next.Add(1) - 1); i < len(paths) && ctx.Err() == nil; i = int(next.Add(1) - 1) {
				matches[i], errs[i] = rules.Evaluate(ctx, paths[i].in)
			}
		}()
	}
	wg.Wait()
	if err := errors.Join(append(errs, ctx.Err())...); err != nil {
		return nil, nil, err
	}
	for i, ms := range matches {
		for _, m := range ms {
			combos = append(combos, combination(m, paths[i].entry, paths[i].hops, score))
		}
	}
	return changed, combos, nil
}

// combination is the finding of one match: its fingerprint is the rule's
// and the entry's, and it scores above every member.
func combination(m Match, entry *model.Resource, path []string, score map[string]int) model.Finding {
	top := 0
	for _, id := range m.Members {
		top = max(top, score[id])
	}
	bonus := max(1, (100-top+1)/2)
	if top >= 100 {
		bonus = 0
	}
	return model.Finding{
		Fingerprint: model.Fingerprint(m.Rule.ID, entry.ID),
		RuleID:      m.Rule.ID, Title: m.Rule.Title, Severity: m.Rule.Severity, Status: model.StatusOpen,
		Message: m.Message, Remediation: m.Rule.Remediation, Compliance: []model.ComplianceRef{},
		Resource: entry, Members: m.Members,
		Risk: &model.Risk{Score: min(100, top+bonus), Path: path, Factors: []model.RiskFactor{
			{Name: FactorMembers, Points: top, Detail: fmt.Sprintf("its strongest member finding scores %d", top)},
			{Name: FactorCombination, Points: bonus, Detail: fmt.Sprintf("%d findings on one attack path: %s", len(m.Members), model.PathText(path))},
		}},
	}
}
