package risk

import (
	"fmt"
	"strings"

	"github.com/vigil-cspm/vigil/internal/model"
)

// Factor names.
const (
	FactorSeverity    = "severity"
	FactorExposure    = "exposure"
	FactorPrivilege   = "privilege"
	FactorData        = "data_sensitivity"
	FactorCriticality = "criticality"
	FactorCombination = "combination"
	FactorMembers     = "members"
)

// MaxSingle is the highest score of a finding that is not a combination.
const MaxSingle = 95

// severityPoints is what the rule's severity adds.
func severityPoints(s model.Severity) int {
	switch s {
	case model.SeverityCritical:
		return 40
	case model.SeverityHigh:
		return 30
	case model.SeverityMedium:
		return 20
	case model.SeverityLow:
		return 10
	}
	return 0
}

// classification labels and what their values add.
var (
	classificationKeys = []string{"data-classification", "data_classification", "dataclassification", "classification", "data-sensitivity", "sensitivity"}
	classified         = map[string]int{"restricted": 8, "confidential": 8, "secret": 8, "sensitive": 8, "pii": 8, "phi": 8, "pci": 8, "internal": 3}
)

// dataFactor: a classification label, else the resource being a data
// store; nil when neither.
func dataFactor(r *model.Resource) *model.RiskFactor {
	for _, k := range classificationKeys {
		for lk, v := range r.Labels {
			if strings.EqualFold(lk, k) {
				if p, ok := classified[strings.ToLower(v)]; ok {
					return &model.RiskFactor{Name: FactorData, Points: p, Detail: fmt.Sprintf("labelled %s=%s", lk, v)}
				}
			}
		}
	}
	if dataTypes[r.Type] {
		return &model.RiskFactor{Name: FactorData, Points: 5, Detail: "it holds data (" + r.Type + ")"}
	}
	return nil
}

// Score returns the risk of a finding of severity sev on the resource
// with this ID, as the graph is now. Findings of one severity on one
// resource share it: treat it as read-only.
func (g *Graph) Score(sev model.Severity, r *model.Resource) *model.Risk {
	n := g.byID[r.ID]
	if n == nil {
		// Not a node: only its own labels and criticality count.
		k := plainKey{sev: sev, data: g.shared(dataFactor(r))}
		if g.crit != nil {
			k.crit, k.points = g.crit(r)
		}
		return g.plainRisk(k)
	}
	k := scoreKey{r.ID, sev}
	if rk, ok := g.scores[k]; ok {
		return rk
	}
	rk := g.score(sev, n)
	g.scores[k] = rk
	return rk
}

// shared returns one factor for equal data factors, so that equal plain
// risks are one value.
func (g *Graph) shared(f *model.RiskFactor) *model.RiskFactor {
	if f == nil {
		return nil
	}
	key := fmt.Sprintf("%d\x00%s", f.Points, f.Detail)
	if s, ok := g.factors[key]; ok {
		return s
	}
	g.factors[key] = f
	return f
}

// plainRisk is the one risk of findings the graph adds nothing to.
func (g *Graph) plainRisk(k plainKey) *model.Risk {
	if r, ok := g.plain[k]; ok {
		return r
	}
	r := g.compose(k, nil, nil)
	g.plain[k] = r
	return r
}

func (g *Graph) score(sev model.Severity, n *Node) *model.Risk {
	e, p := g.ExposureOf(n), g.PrivilegeOf(n)
	k := plainKey{sev: sev, data: g.shared(n.Data), crit: n.Criticality, points: n.CriticalityPoints}
	if e == nil && p == nil {
		return g.plainRisk(k)
	}
	return g.compose(k, e, p)
}

// compose sums the factors of a risk.
func (g *Graph) compose(k plainKey, e *Exposure, p *Privilege) *model.Risk {
	sev := k.sev
	r := &model.Risk{Factors: []model.RiskFactor{{Name: FactorSeverity, Points: severityPoints(sev), Detail: "the rule's severity is " + sev.String()}}}
	if e != nil {
		r.Factors = append(r.Factors, model.RiskFactor{Name: FactorExposure, Points: e.Points, Detail: e.Detail})
		r.Path = e.Path
	}
	if p != nil {
		r.Factors = append(r.Factors, model.RiskFactor{Name: FactorPrivilege, Points: p.Points, Detail: p.Detail})
	}
	if k.data != nil {
		r.Factors = append(r.Factors, *k.data)
	}
	if k.points > 0 {
		r.Factors = append(r.Factors, model.RiskFactor{Name: FactorCriticality, Points: k.points, Detail: "the asset's criticality is " + k.crit})
	}
	for _, f := range r.Factors {
		r.Score += f.Points
	}
	r.Score = min(r.Score, MaxSingle)
	return r
}

// plainKey is what the risk of a finding the graph adds nothing to
// depends on.
type plainKey struct {
	sev    model.Severity
	data   *model.RiskFactor
	crit   string
	points int
}

// CriticalityPoints are what each criticality level adds.
func CriticalityPoints(level string) int {
	switch level {
	case "critical":
		return 7
	case "high":
		return 5
	case "medium":
		return 3
	}
	return 0
}
