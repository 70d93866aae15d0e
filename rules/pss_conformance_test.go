package rules_test

import (
	"fmt"
	"os"
	"path"
	"sort"
	"strings"
	"testing"

	"github.com/vigil-cspm/vigil/internal/compliance"
	"github.com/vigil-cspm/vigil/internal/iac/k8s"
	"github.com/vigil-cspm/vigil/internal/kube"
	"github.com/vigil-cspm/vigil/internal/policy"
	"github.com/vigil-cspm/vigil/internal/scan/scantest"
	"github.com/vigil-cspm/vigil/internal/secrets"
)

// conformanceDir holds the Pod Security Admission controller's own
// fixtures (see its README.md), at the version the frameworks implement.
const conformanceDir = "testdata/pss-conformance"

// pssControls maps the check a conformance fixture is named after to the
// requirement of frameworks/pss-<level>.yaml that decides it.
var pssControls = map[string]string{
	"allowprivilegeescalation":   "privilege-escalation",
	"apparmorprofile":            "apparmor",
	"capabilities_baseline":      "capabilities",
	"capabilities_restricted":    "capabilities",
	"hostnamespaces":             "host-namespaces",
	"hostpathvolumes":            "hostpath-volumes",
	"hostports":                  "host-ports",
	"hostprobesandhostlifecycle": "host-probes-lifecycle",
	"privileged":                 "privileged-containers",
	"procmount":                  "proc-mount",
	"procmount_restricted":       "proc-mount",
	"restrictedvolumes":          "volume-types",
	"runasnonroot":               "running-as-non-root",
	"runasuser":                  "running-as-non-root-user",
	"seccompprofile_baseline":    "seccomp",
	"seccompprofile_restricted":  "seccomp",
	"selinuxoptions":             "selinux",
	"sysctls":                    "sysctls",
	"windowshostprocess":         "host-process",
}

// TestPSSConformance evaluates the Pod Security Admission controller's
// fixtures with the library, through the parser and engine the rule
// fixtures use: every pod the controller rejects at a level must be
// flagged by a rule of the control the fixture is about, and no pod it
// admits at a level may be flagged by any rule of that level (restricted
// includes baseline).
func TestPSSConformance(t *testing.T) {
	lib := scantest.Library(t)
	parser := k8s.NewParser(kube.NewNormalizer(kube.NewCatalog(), secrets.New()))
	var levelRules map[string]bool // the rules of the levels checked so far
	for _, level := range []string{"baseline", "restricted"} {
		fw, err := lib.Frameworks.Lookup("pss-" + level)
		if err != nil {
			t.Fatal(err)
		}
		if fw.Version != pssVersion(t) {
			t.Errorf("%s implements Pod Security Standards %s, the conformance fixtures are %s", fw.ID, fw.Version, pssVersion(t))
		}
		requirement := requirementOfRule(fw)
		levelRules = union(levelRules, fw.RuleSet())
		caught, failing, flagged, passing := 0, 0, 0, 0
		for _, want := range []string{"fail", "pass"} {
			dir := path.Join(conformanceDir, level, want)
			entries, err := os.ReadDir(dir)
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range entries {
				file := path.Join(dir, e.Name())
				results := evaluateFixture(t, lib.Engine, parser, file)
				var got []string // the findings of this level's rules
				byControl := map[string]bool{}
				for _, r := range results {
					if levelRules[r.Rule.ID] {
						got = append(got, fmt.Sprintf("%s (%s): %s", r.Rule.ID, requirement[r.Rule.ID], r.Message))
						byControl[requirement[r.Rule.ID]] = true
					}
				}
				sort.Strings(got)
				found := "none"
				if len(got) > 0 {
					found = strings.Join(got, "; ")
				}
				if want == "pass" {
					passing++
					if len(got) > 0 {
						flagged++
						t.Errorf("%s: the controller admits this pod at %s, Vigil flags it: %s", file, level, found)
					}
					continue
				}
				failing++
				check := strings.TrimRight(strings.TrimSuffix(e.Name(), ".yaml"), "0123456789")
				control, ok := pssControls[check]
				if !ok {
					t.Errorf("%s: check %q maps to no requirement: add it to pssControls", file, check)
					continue
				}
				if byControl[control] {
					caught++
					continue
				}
				t.Errorf("%s: the controller rejects this pod at %s for %s; want a finding of requirement %s (rules %s), got: %s",
					file, level, check, control, strings.Join(rulesOf(fw, control), ", "), found)
			}
		}
		t.Logf("%s: %d/%d fail pods caught by their control, %d/%d pass pods flagged", level, caught, failing, flagged, passing)
	}
}

// pssVersion is the Pod Security Standards version of the fixtures.
func pssVersion(t *testing.T) string {
	t.Helper()
	readme, err := os.ReadFile(path.Join(conformanceDir, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	const marker = "(the fixtures of Pod Security Standards version "
	s := string(readme)
	i := strings.Index(s, marker)
	if i < 0 {
		t.Fatalf("%s/README.md does not say %q", conformanceDir, marker)
	}
	v, _, _ := strings.Cut(s[i+len(marker):], ")")
	return v
}

func evaluateFixture(t *testing.T, eng *policy.Engine, parser *k8s.Parser, file string) []policy.Result {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	res := parser.Parse(file, data)
	if len(res.Errors) > 0 {
		t.Fatalf("%s: %v", file, res.Errors[0])
	}
	if len(res.Resources) != 1 {
		t.Fatalf("%s: want one pod, parsed %d resources", file, len(res.Resources))
	}
	return scantest.Evaluate(t, eng, res.Resources)
}

func requirementOfRule(fw *compliance.Framework) map[string]string {
	m := map[string]string{}
	for _, req := range fw.Requirements {
		for _, id := range req.Rules {
			m[id] = req.ID
		}
	}
	return m
}

func rulesOf(fw *compliance.Framework, requirement string) []string {
	for _, req := range fw.Requirements {
		if req.ID == requirement {
			return req.Rules
		}
	}
	return []string{"none: the framework has no such requirement"}
}

func union(a, b map[string]bool) map[string]bool {
	out := map[string]bool{}
	for k := range a {
		out[k] = true
	}
	for k := range b {
		out[k] = true
	}
	return out
}
