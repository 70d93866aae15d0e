package iac_test

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/vigil-cspm/vigil/internal/scan/scantest"
)

// expectation is one line of a corpus project's .expected file: a
// problem a reviewer expects a scan to report, written before the scan.
type expectation struct {
	line      int
	address   string
	problem   string
	rule      string // "" when the library has no rule for it
	debatable string
	// knownMiss says why the rule does not report it, on purpose.
	knownMiss string
	// keys are the "rule  address" pairs any of which meets it.
	keys []string
}

var ruleID = regexp.MustCompile(`^(aws|k8s)-[a-z0-9-]+$`)

// readExpected parses testdata/corpus/<project>.expected (its format is
// described at the top of each file).
func readExpected(t *testing.T, path string) []expectation {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []expectation
	section := ""
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		text := strings.TrimSpace(sc.Text())
		if s, ok := strings.CutPrefix(text, "# ["); ok {
			section, _, _ = strings.Cut(s, "]")
		}
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		if strings.Contains(text, "\t") {
			out = append(out, manifestExpectation(t, path, n, section, text))
			continue
		}
		e := expectation{line: n}
		if i := strings.Index(text, "  #"); i >= 0 {
			for _, note := range strings.Split(text[i+3:], "#") {
				e.note(t, path, n, note)
			}
			text = strings.TrimSpace(text[:i])
		}
		fields := regexp.MustCompile(`\s{2,}`).Split(text, -1)
		if len(fields) < 2 || len(fields) > 3 {
			t.Fatalf("%s:%d: want <address>  <problem>  [rule id], got %q", path, n, text)
		}
		e.address, e.problem = fields[0], fields[1]
		if len(fields) == 3 {
			if !ruleID.MatchString(fields[2]) {
				t.Fatalf("%s:%d: %q is not a rule id", path, n, fields[2])
			}
			e.rule = fields[2]
			e.keys = []string{e.rule + "  " + e.address}
		}
		out = append(out, e)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// manifestExpectation parses a line of a Kubernetes corpus's .expected
// file (kubernetes-goat.expected says how): tab-separated file, "Kind
// namespace/name", rule ("-" for none), problem and an optional note, in
// a section ("must", "hardening", "chart", "debatable"). A manifest
// without a namespace was written down as in "default", where kubectl
// puts it; RELEASE stands for the release name a chart is rendered with.
// The rule "workload-network-policy" is met by either per-workload
// NetworkPolicy rule, or by the namespace rule on its namespace (which
// reports a namespace without any policy instead of each workload).
func manifestExpectation(t *testing.T, path string, n int, section, text string) expectation {
	t.Helper()
	f := strings.Split(text, "\t")
	if len(f) < 4 || len(f) > 5 {
		t.Fatalf("%s:%d: want file, kind namespace/name, rule, problem [, note], tab-separated; got %q", path, n, text)
	}
	kind, nsName, ok := strings.Cut(f[1], " ")
	ns, name, ok2 := strings.Cut(nsName, "/")
	if !ok || !ok2 {
		t.Fatalf("%s:%d: %q is not \"Kind namespace/name\"", path, n, f[1])
	}
	name = strings.ReplaceAll(name, "RELEASE", "release-name")
	e := expectation{line: n, address: kind + " " + ns + "/" + name, problem: f[3]}
	addrs := []string{e.address}
	if ns == "default" {
		addrs = append(addrs, kind+" /"+name)
	}
	rules := []string{f[2]}
	switch f[2] {
	case "-":
		rules = nil
	case "workload-network-policy":
		rules = []string{"k8s-workload-no-ingress-network-policy", "k8s-workload-no-egress-network-policy"}
		e.keys = append(e.keys, "k8s-namespace-no-network-policy  Namespace /"+ns)
	default:
		if !ruleID.MatchString(f[2]) {
			t.Fatalf("%s:%d: %q is not a rule id", path, n, f[2])
		}
	}
	if len(rules) > 0 {
		e.rule = rules[0]
	}
	for _, r := range rules {
		for _, a := range addrs {
			e.keys = append(e.keys, r+"  "+a)
		}
	}
	if section == "debatable" {
		e.debatable = "listed under [debatable]"
	}
	if len(f) == 5 {
		e.note(t, path, n, strings.TrimPrefix(strings.TrimSpace(f[4]), "#"))
	}
	return e
}

// note records a "debatable: why" or "known miss: why" note of line n.
func (e *expectation) note(t *testing.T, path string, n int, note string) {
	t.Helper()
	k, v, _ := strings.Cut(note, ":")
	switch strings.TrimSpace(k) {
	case "debatable":
		e.debatable = strings.TrimSpace(v)
	case "known miss":
		e.knownMiss = strings.TrimSpace(v)
	default:
		t.Fatalf("%s:%d: unknown note %q (debatable or known miss)", path, n, note)
	}
}

// TestCorpusExpectations scans each corpus project that has a .expected
// file and requires every expectation naming a rule to be among the
// findings (rule and address); it reports recall, the expectations no
// rule covers yet, and the findings no expectation foresaw. An
// expectation noted "known miss" is one the rule leaves out on purpose:
// it counts as unmet, and the test fails once it is reported.
func TestCorpusExpectations(t *testing.T) {
	lib := scantest.Library(t)
	for _, p := range corpus {
		path := filepath.Join(corpusDir, p.name+".expected")
		if _, err := os.Stat(path); err != nil {
			continue
		}
		t.Run(p.name, func(t *testing.T) {
			exps := readExpected(t, path)
			for _, e := range exps {
				if e.rule != "" && strings.HasPrefix(e.rule, "k8s-workload-no-") {
					continue // one of the rules that meet workload-network-policy
				}
				if e.rule != "" && !lib.Known(e.rule) {
					t.Errorf("%s:%d: rule %s is not in the library", path, e.line, e.rule)
				}
			}
			got, _ := scanCorpus(t, lib, filepath.Join(corpusDir, p.path), p.opts)
			found := map[string]bool{} // "rule  address"
			for _, l := range got {
				f := strings.Split(l, "  ")
				found[f[0]+"  "+f[1]] = true
			}
			met, expected := 0, map[string]bool{}
			var unruled []string
			for _, e := range exps {
				if e.rule == "" {
					unruled = append(unruled, fmt.Sprintf("%s  %s", e.address, e.problem))
					continue
				}
				hit := false
				for _, k := range e.keys {
					expected[k] = true
					hit = hit || found[k]
				}
				switch {
				case hit && e.knownMiss != "":
					t.Errorf("%s:%d: %s on %s is reported now: remove the known-miss note", path, e.line, e.rule, e.address)
				case hit:
					met++
					continue
				case e.knownMiss != "":
					t.Logf("known miss: %s on %s: %s", e.rule, e.address, e.knownMiss)
					continue
				}
				t.Errorf("%s:%d: expected %s on %s (%s), not found", path, e.line, e.rule, e.address, e.problem)
			}
			t.Logf("recall: %d of %d expectations met (%d name a rule; %d have none yet)", met, len(exps), len(exps)-len(unruled), len(unruled))
			for _, u := range unruled {
				t.Logf("no rule: %s", u)
			}
			for _, l := range got {
				f := strings.Split(l, "  ")
				if !expected[f[0]+"  "+f[1]] {
					t.Logf("not expected: %s", l)
				}
			}
		})
	}
}
