package admission

import (
	"fmt"
	"sync"

	"github.com/vigil-cspm/vigil/internal/compliance"
	"slices"
	"strings"
)

// Mode is what a violated rule does to a request; a higher mode is
// stricter.
type Mode int

// The modes, loosest first.
const (
	// Audit allows and records.
	Audit Mode = iota + 1
	// Warn allows, returns an admission warning and records.
	Warn
	// Enforce denies (workloads only; see Judge) and records.
	Enforce
)

// Modes are the modes by name, loosest first.
func Modes() []Mode { return []Mode{Audit, Warn, Enforce} }

func (m Mode) String() string {
	switch m {
	case Audit:
		return "audit"
	case Warn:
		return "warn"
	case Enforce:
		return "enforce"
	}
	return "none"
}

// ParseMode reads a mode's name.
func ParseMode(s string) (Mode, error) {
	for _, m := range Modes() {
		if m.String() == s {
			return m, nil
		}
	}
	return 0, fmt.Errorf("%q is not a mode: use audit, warn or enforce", s)
}

// LabelPrefix is the prefix of the namespace labels that raise modes:
// vigil.dev/enforce, vigil.dev/warn and vigil.dev/audit, each naming a
// framework or "all".
const LabelPrefix = "vigil.dev/"

// All is the label value naming every rule.
const All = "all"

// Floor is the cluster-wide floor of modes: per rule, per framework,
// and for every other rule. The strictest that names a rule wins.
type Floor struct {
	// Default is the mode of a rule nothing else names (Audit when 0).
	Default Mode
	// Frameworks and Rules map framework and rule ids to modes.
	Frameworks map[string]Mode
	Rules      map[string]Mode
}

// Policy resolves the mode of each violated rule of a request.
type Policy struct {
	Floor Floor
	// RulesOf returns the rule ids a framework maps, false for an
	// unknown framework (a namespace label naming one raises nothing).
	RulesOf func(framework string) (map[string]bool, bool)
}

// NewPolicy is a policy over the library's frameworks.
func NewPolicy(floor Floor, fws *compliance.Set) *Policy {
	sets := map[string]map[string]bool{}
	var mu sync.Mutex
	return &Policy{Floor: floor, RulesOf: func(id string) (map[string]bool, bool) {
		mu.Lock()
		defer mu.Unlock()
		if s, ok := sets[id]; ok {
			return s, s != nil
		}
		fw, err := fws.Lookup(id)
		if err != nil {
			sets[id] = nil
			return nil, false
		}
		sets[id] = fw.RuleSet()
		return sets[id], true
	}}
}

// ModeFor is rule's mode in a namespace with labels: the floor's mode,
// raised (never lowered) by the namespace's vigil.dev/ labels.
func (p *Policy) ModeFor(rule string, labels map[string]string) Mode {
	m := p.Floor.Default
	if m == 0 {
		m = Audit
	}
	if r, ok := p.Floor.Rules[rule]; ok {
		m = max(m, r)
	}
	for fw, fm := range p.Floor.Frameworks {
		if p.inFramework(fw, rule) {
			m = max(m, fm)
		}
	}
	for _, lm := range Modes() {
		if v, ok := labels[LabelPrefix+lm.String()]; ok && p.inFramework(strings.TrimSpace(v), rule) {
			m = max(m, lm)
		}
	}
	return m
}

func (p *Policy) inFramework(fw, rule string) bool {
	if fw == All {
		return true
	}
	if p.RulesOf == nil {
		return false
	}
	set, ok := p.RulesOf(fw)
	return ok && set[rule]
}

// Exemptions are the requests Vigil allows without judging them.
type Exemptions struct {
	Namespaces []string
	Users      []string
	Groups     []string
	// ServiceAccounts are "namespace/name" (name may be "*").
	ServiceAccounts []string
}

// Exempt reports why a request is exempt ("" when it is not).
func (e *Exemptions) Exempt(namespace, user string, groups []string) string {
	if namespace != "" && slices.Contains(e.Namespaces, namespace) {
		return "namespace " + namespace
	}
	if slices.Contains(e.Users, user) {
		return "user " + user
	}
	for _, g := range groups {
		if slices.Contains(e.Groups, g) {
			return "group " + g
		}
	}
	if rest, ok := strings.CutPrefix(user, "system:serviceaccount:"); ok {
		ns, name, _ := strings.Cut(rest, ":")
		for _, sa := range e.ServiceAccounts {
			sns, sname, _ := strings.Cut(sa, "/")
			if sns == ns && (sname == name || sname == "*") {
				return "service account " + ns + "/" + name
			}
		}
	}
	return ""
}
