package notify

import (
	"slices"

	"github.com/vigil-cspm/vigil/internal/config"
	"github.com/vigil-cspm/vigil/internal/model"
	"github.com/vigil-cspm/vigil/internal/params"
)

// factorExposure is the risk factor of a resource reachable from the
// internet (risk.FactorExposure).
const factorExposure = "exposure"

// Route returns the index of the first route that matches f, or -1.
func Route(routes []config.Route, f *model.Finding) int {
	for i := range routes {
		if matches(&routes[i].Match, f) {
			return i
		}
	}
	return -1
}

// matches reports whether every key m sets holds for f.
func matches(m *config.RouteMatch, f *model.Finding) bool {
	r := f.Resource
	var account, cluster string
	if r != nil {
		if r.Provider == "k8s" {
			cluster = r.Account
		} else {
			account = r.Account
		}
	}
	risk := 0
	if f.Risk != nil {
		risk = f.Risk.Score
	}
	switch {
	case m.MinSeverity != 0 && f.Severity < m.MinSeverity,
		m.MinRisk > 0 && risk < m.MinRisk,
		m.Toxic && len(f.Members) == 0,
		m.Exposed && !exposed(f),
		!anyGlob(m.Rules, f.RuleID),
		!anyGlob(m.Accounts, account),
		!anyGlob(m.Clusters, cluster),
		!anyGlob(m.Owners, owner(f)):
		return false
	}
	if len(m.Frameworks) > 0 && !slices.ContainsFunc(frameworks(f), func(fw string) bool { return anyGlob(m.Frameworks, fw) }) {
		return false
	}
	return true
}

// anyGlob reports whether one of globs matches s; no globs match all.
// Globs are matched as the config checks them (params.Glob): "*" does
// not cross "/".
func anyGlob(globs []string, s string) bool {
	return len(globs) == 0 || slices.ContainsFunc(globs, func(g string) bool { return g != "" && params.Glob(g, s) })
}

// exposed reports whether f's resource is reachable from the internet:
// its risk has an exposure factor.
func exposed(f *model.Finding) bool {
	if f.Risk == nil {
		return false
	}
	for _, fa := range f.Risk.Factors {
		if fa.Name == factorExposure && fa.Points > 0 {
			return true
		}
	}
	return false
}

func owner(f *model.Finding) string {
	if f.Triage == nil {
		return ""
	}
	return f.Triage.Owner
}

// frameworks lists the frameworks f bears on, each once.
func frameworks(f *model.Finding) []string {
	var out []string
	for _, c := range f.Compliance {
		if !slices.Contains(out, c.Framework) {
			out = append(out, c.Framework)
		}
	}
	return out
}
