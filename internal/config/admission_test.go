package config

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

// TestAdmission: the section reads into the values it says; a file
// without it gets the defaults (audit, kube-system and nodes exempt,
// Ignore, 5s).
func TestAdmission(t *testing.T) {
	d := parse(t, "version: 1\n").Admission
	if d.Default != "audit" || d.FailurePolicy != "Ignore" || d.Timeout != Duration(5*time.Second) || d.Decisions != nil || d.ExceptionsRefresh != Duration(time.Minute) ||
		!reflect.DeepEqual(d.Exempt.Namespaces, []string{"kube-system"}) || !reflect.DeepEqual(d.Exempt.Groups, []string{"system:nodes"}) {
		t.Errorf("defaults %+v", d)
	}
	a := parse(t, `version: 1
admission:
  default: warn
  frameworks: {pss-baseline: enforce, cis-kubernetes-1.12: audit}
  rules: {k8s-privileged-container: enforce}
  exempt:
    namespaces: [kube-system, vigil-system]
    users: [ci-bot]
    groups: []
    service_accounts: [flux-system/*]
  failure_policy: Fail
  timeout: 3s
  decisions: {url: "https://vigil.example.com", token_file: /var/run/vigil/token}
  exceptions_refresh: 30s
`).Admission
	if a.Default != "warn" || a.Frameworks["pss-baseline"] != "enforce" || a.Frameworks["cis-kubernetes-1.12"] != "audit" ||
		a.Rules["k8s-privileged-container"] != "enforce" || a.FailurePolicy != "Fail" || a.Timeout != Duration(3*time.Second) ||
		!reflect.DeepEqual(a.Exempt.ServiceAccounts, []string{"flux-system/*"}) || !reflect.DeepEqual(a.Exempt.Users, []string{"ci-bot"}) ||
		a.Decisions == nil || a.Decisions.URL != "https://vigil.example.com" || a.Decisions.TokenFile != "/var/run/vigil/token" ||
		a.ExceptionsRefresh != Duration(30*time.Second) {
		t.Errorf("read %+v", a)
	}
}

// TestAdmissionMistakes: each mistake names its line and what to write.
func TestAdmissionMistakes(t *testing.T) {
	for src, want := range map[string]string{
		"admission:\n  default: block\n":                              "3:12: admission.default: \"block\" is not a mode",
		"admission:\n  frameworks: {pss-baseline: deny}\n":            "admission.frameworks.pss-baseline: \"deny\" is not a mode",
		"admission:\n  rules: [k8s-privileged-container]\n":           "admission.rules must be a mapping",
		"admission:\n  failure_policy: ignore\n":                      "use Ignore",
		"admission:\n  timeout: 45s\n":                                "from 1s to 30s",
		"admission:\n  exempt: {service_accounts: [deployer]}\n":      "namespace/name",
		"admission:\n  decisions: {url: \"https://v.example.com\"}\n": "needs both url and token_file",
		"admission:\n  mode: enforce\n":                               "mode",
		"admission:\n  exceptions_refresh: 1s\n":                      "every 10s to 24h",
		"admission:\n  exceptions_refresh: often\n":                   "exceptions_refresh",
	} {
		_, err := Parse("vigil.yaml", []byte("version: 1\n"+src))
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: got %v, want %q", src, err, want)
		}
	}
}
