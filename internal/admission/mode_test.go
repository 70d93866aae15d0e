package admission_test

import (
	"testing"

	"github.com/vigil-cspm/vigil/internal/admission"
)

// TestModeFor: the floor's strictest entry naming a rule decides;
// namespace labels raise it and never lower it; a label naming an
// unknown framework raises nothing.
func TestModeFor(t *testing.T) {
	fws := map[string]map[string]bool{
		"pss-baseline": {"priv": true, "hostpid": true},
		"cis":          {"rbac": true, "priv": true},
	}
	p := &admission.Policy{
		Floor: admission.Floor{Default: admission.Audit,
			Frameworks: map[string]admission.Mode{"pss-baseline": admission.Warn},
			Rules:      map[string]admission.Mode{"hostpid": admission.Enforce}},
		RulesOf: func(id string) (map[string]bool, bool) { s, ok := fws[id]; return s, ok },
	}
	for _, c := range []struct {
		rule   string
		labels map[string]string
		want   admission.Mode
	}{
		{"other", nil, admission.Audit},
		{"priv", nil, admission.Warn},
		{"hostpid", nil, admission.Enforce},
		{"priv", map[string]string{"vigil.dev/enforce": "cis"}, admission.Enforce},
		{"rbac", map[string]string{"vigil.dev/enforce": "pss-baseline"}, admission.Audit},
		{"other", map[string]string{"vigil.dev/warn": "all"}, admission.Warn},
		// Labels never loosen: audit on a rule the floor enforces.
		{"hostpid", map[string]string{"vigil.dev/audit": "all"}, admission.Enforce},
		{"priv", map[string]string{"vigil.dev/audit": "pss-baseline"}, admission.Warn},
		{"priv", map[string]string{"vigil.dev/enforce": "no-such-framework"}, admission.Warn},
		{"rbac", map[string]string{"vigil.dev/warn": "cis", "vigil.dev/enforce": "all"}, admission.Enforce},
	} {
		if got := p.ModeFor(c.rule, c.labels); got != c.want {
			t.Errorf("ModeFor(%s, %v) = %s, want %s", c.rule, c.labels, got, c.want)
		}
	}
	// No default: audit.
	if got := (&admission.Policy{}).ModeFor("x", nil); got != admission.Audit {
		t.Errorf("empty policy: %s", got)
	}
}

// TestExempt: namespaces, users, groups and service accounts (by name
// or namespace-wide) exempt; others do not.
func TestExempt(t *testing.T) {
	e := admission.Exemptions{Namespaces: []string{"kube-system"}, Users: []string{"ci-bot"}, Groups: []string{"system:nodes"},
		ServiceAccounts: []string{"flux-system/*", "ops/deployer"}}
	for _, c := range []struct {
		ns, user string
		groups   []string
		exempt   bool
	}{
		{"kube-system", "alice", nil, true},
		{"prod", "ci-bot", nil, true},
		{"prod", "system:node:n1", []string{"system:nodes"}, true},
		{"prod", "system:serviceaccount:flux-system:kustomize", nil, true},
		{"prod", "system:serviceaccount:ops:deployer", nil, true},
		{"prod", "system:serviceaccount:ops:other", nil, false},
		{"prod", "alice", []string{"devs"}, false},
		{"", "alice", nil, false},
	} {
		if got := e.Exempt(c.ns, c.user, c.groups) != ""; got != c.exempt {
			t.Errorf("Exempt(%q, %q, %v) = %v", c.ns, c.user, c.groups, got)
		}
	}
}
