package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/vigil-cspm/vigil/internal/compliance"
)

type result struct {
	code           int
	stdout, stderr string
}

func run(t *testing.T, stdin string, args ...string) result {
	t.Helper()
	var out, errb bytes.Buffer
	code := Main(context.Background(), args, IO{In: strings.NewReader(stdin), Out: &out, Err: &errb})
	return result{code, out.String(), errb.String()}
}

// examples is the repository's examples folder, the README's quick start.
func examples(t *testing.T) string {
	t.Helper()
	p, err := filepath.Abs(filepath.Join("..", "..", "examples"))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

type doc struct {
	SchemaVersion int `json:"schema_version"`
	Scan          struct {
		Status   string
		Source   string
		Coverage []struct{ Scope, Status, Reason string }
		Errors   []struct {
			File    string
			Line    int
			Message string
		}
	}
	Summary struct {
		Resources  int
		Findings   int
		BySeverity map[string]int `json:"by_severity"`
		Resolved   int
	}
	Findings []struct {
		ID       string
		RuleID   string `json:"rule_id"`
		Severity string
		Status   string
		Message  string
		Evidence struct {
			Path  string
			Value any
			Line  int
		}
		Compliance []struct{ Framework, Control string }
		Resource   struct {
			Kind, Namespace, Name, Type string
			Source                      struct {
				Kind, File string
				Line       int
			}
		}
	}
}

func parseDoc(t *testing.T, s string) doc {
	t.Helper()
	var d doc
	if err := json.Unmarshal([]byte(s), &d); err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, s)
	}
	return d
}

func (d doc) has(rule, name string) bool {
	for _, f := range d.Findings {
		if f.RuleID == rule && f.Resource.Name == name {
			return true
		}
	}
	return false
}

func TestScanExamples(t *testing.T) {
	dir := examples(t)
	r := run(t, "", "scan", "iac", dir, "--format", "json")
	if r.code != ExitOK {
		t.Fatalf("exit %d, stderr %s", r.code, r.stderr)
	}
	d := parseDoc(t, r.stdout)
	if d.SchemaVersion != 1 || d.Scan.Source != "iac" || d.Scan.Status != "complete" {
		t.Fatalf("scan = %+v", d.Scan)
	}
	if d.Summary.Resources != 17 {
		t.Errorf("resources = %d, want 17 (8 Kubernetes objects, 1 bucket of the Terraform plan, 8 of the CloudFormation stack)", d.Summary.Resources)
	}
	if !d.has("aws-s3-public-bucket", "acme-site") {
		t.Error("the Terraform plan example's public bucket was not reported")
	}
	var priv bool
	for _, f := range d.Findings {
		if f.Resource.Namespace == "payments" && f.Severity != "low" && f.Severity != "info" {
			t.Errorf("hardened payments namespace has a %s finding: %s %s", f.Severity, f.RuleID, f.Message)
		}
		if f.RuleID == "k8s-privileged-container" {
			priv = true
			if !strings.HasSuffix(f.Resource.Source.File, "shop.yaml") || f.Resource.Source.Line != 8 || f.Resource.Source.Kind != "iac" {
				t.Errorf("privileged finding located at %+v, want shop.yaml:8", f.Resource.Source)
			}
			found := false
			for _, c := range f.Compliance {
				found = found || (c.Framework == "cis-kubernetes-1.12" && c.Control == "5.2.2")
			}
			if !found {
				t.Errorf("privileged finding lacks CIS 5.2.2: %+v", f.Compliance)
			}
			if f.Evidence.Path != "pod_spec.containers[0].security_context.privileged" || f.Evidence.Value != true || f.Evidence.Line != 29 {
				t.Errorf("evidence = %+v", f.Evidence)
			}
		}
	}
	if !priv {
		t.Fatal("no privileged-container finding in the examples")
	}
	if strings.Contains(r.stdout, "AKIAIOSFODNN7EXAMPLQ") || strings.Contains(r.stdout, "s3cr3t-Pa55w0rd") {
		t.Fatal("output holds a credential from the examples")
	}
}

func TestFailOn(t *testing.T) {
	dir := examples(t)
	if r := run(t, "", "scan", "iac", dir, "--fail-on", "critical", "-q"); r.code != ExitGate {
		t.Fatalf("--fail-on critical: exit %d, want 1", r.code)
	}
	if r := run(t, "", "scan", "iac", filepath.Join(dir, "payments.yaml"), "--fail-on", "medium"); r.code != ExitOK {
		t.Fatalf("hardened file with --fail-on medium: exit %d, want 0\n%s", r.code, r.stdout)
	}
	if r := run(t, "", "scan", "iac", dir, "--fail-on", "severe"); r.code != ExitError || !strings.Contains(r.stderr, "unknown severity") {
		t.Fatalf("bad --fail-on: exit %d, stderr %q", r.code, r.stderr)
	}
}

func TestFrameworkSelectsRules(t *testing.T) {
	r := run(t, "", "scan", "iac", examples(t), "--framework", "pss-baseline", "--format", "json")
	d := parseDoc(t, r.stdout)
	if len(d.Findings) == 0 {
		t.Fatal("no findings under pss-baseline")
	}
	for _, f := range d.Findings {
		ok := false
		for _, c := range f.Compliance {
			ok = ok || c.Framework == "pss-baseline"
		}
		if !ok {
			t.Errorf("finding %s is not mapped to pss-baseline", f.RuleID)
		}
	}
	var fw struct {
		Frameworks []struct {
			ID           string
			Requirements []struct{ ID, State string }
		}
	}
	r = run(t, "", "scan", "iac", examples(t), "--framework", "cis-kubernetes-1.12", "--format", "json")
	if err := json.Unmarshal([]byte(r.stdout), &fw); err != nil || len(fw.Frameworks) != 1 {
		t.Fatalf("framework section: %v %+v", err, fw)
	}
	states := map[string]string{}
	for _, req := range fw.Frameworks[0].Requirements {
		states[req.ID] = req.State
	}
	for id, want := range map[string]string{"5.2.2": "fail", "5.1.7": "manual", "5.2.3": "pass", "5.1.1": "fail"} {
		if states[id] != want {
			t.Errorf("requirement %s = %q, want %q", id, states[id], want)
		}
	}
	if len(states) != 35 {
		t.Errorf("framework lists %d requirements, want all 35", len(states))
	}
	if r := run(t, "", "scan", "iac", examples(t), "--framework", "nist"); r.code != ExitError || !strings.Contains(r.stderr, "cis-kubernetes-1.12") {
		t.Fatalf("unknown framework: exit %d, stderr %q", r.code, r.stderr)
	}
}

func TestStdinAndEnv(t *testing.T) {
	manifest := "apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: a}\nspec:\n  hostPID: true\n  containers: [{name: c, image: x}]\n"
	t.Setenv("VIGIL_FORMAT", "json")
	r := run(t, manifest, "scan", "iac", "-")
	d := parseDoc(t, r.stdout)
	if !d.has("k8s-host-pid", "p") {
		t.Fatalf("no host-pid finding from stdin: %s", r.stdout)
	}
	for _, f := range d.Findings {
		if f.Resource.Source.File != "<stdin>" || f.Resource.Source.Line != 1 {
			t.Fatalf("stdin finding located at %+v", f.Resource.Source)
		}
		if f.RuleID == "k8s-host-pid" && f.Evidence.Line != 5 {
			t.Errorf("host-pid evidence on stdin at line %d, want 5", f.Evidence.Line)
		}
	}
}

func TestSARIFOutputFile(t *testing.T) {
	out := filepath.Join(t.TempDir(), "v.sarif")
	r := run(t, "", "scan", "iac", examples(t), "--format", "sarif", "--output", out)
	if r.code != ExitOK || r.stdout != "" {
		t.Fatalf("exit %d, stdout %q", r.code, r.stdout)
	}
	b, err := os.ReadFile(out)
	if err != nil || !bytes.Contains(b, []byte(`"version": "2.1.0"`)) {
		t.Fatalf("SARIF file: %v %s", err, b)
	}
}

// TestOutputToAPipe writes --output to a named pipe, as to /dev/null or
// /dev/stdout: the output reaches the reader and the pipe stays a pipe
// (writing a file beside it and renaming it over would have replaced it).
func TestOutputToAPipe(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "out")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	got := make(chan []byte, 1)
	go func() {
		f, err := os.Open(fifo)
		if err != nil {
			got <- nil
			return
		}
		defer f.Close()
		b, _ := io.ReadAll(f)
		got <- b
	}()
	r := run(t, "", "scan", "iac", examples(t), "--format", "json", "--output", fifo)
	if r.code != ExitOK || r.stdout != "" {
		t.Fatalf("exit %d, stdout %q, stderr %s", r.code, r.stdout, r.stderr)
	}
	fi, err := os.Lstat(fifo)
	if err != nil || fi.Mode()&os.ModeNamedPipe == 0 {
		t.Fatalf("after the scan %s is %v (%v), want a named pipe", fifo, fi.Mode(), err)
	}
	select {
	case b := <-got:
		if !bytes.Contains(b, []byte(`"schema_version"`)) {
			t.Fatalf("the pipe's reader got %q, want the JSON report", b)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the pipe's reader got nothing")
	}
	if r := run(t, "", "scan", "iac", examples(t), "--output", t.TempDir()); r.code != ExitError || !strings.Contains(r.stderr, "is a directory") {
		t.Errorf("--output <dir>: exit %d, stderr %q; want an error naming the directory", r.code, r.stderr)
	}
}

func TestBadInputStillScansTheRest(t *testing.T) {
	dir := t.TempDir()
	write := func(name, s string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("good.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {name: ok, namespace: a}\nspec:\n  hostIPC: true\n  containers: [{name: c, image: x}]\n")
	write("broken.yaml", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: [oops\n")
	write("utf.yaml", "a: \xff\n")
	write("big.json", strings.Repeat(" ", 2<<20))
	if err := os.Symlink(dir, filepath.Join(dir, "loop")); err != nil {
		t.Fatal(err)
	}
	r := run(t, "", "scan", "iac", dir, "--format", "json", "--max-file-size", "1")
	if r.code != ExitError {
		t.Fatalf("exit %d, want 2", r.code)
	}
	d := parseDoc(t, r.stdout)
	if !d.has("k8s-host-ipc", "ok") {
		t.Fatal("the good file was not scanned")
	}
	msgs := map[string]string{}
	for _, e := range d.Scan.Errors {
		msgs[filepath.Base(e.File)] = e.Message
	}
	for file, want := range map[string]string{"broken.yaml": "cannot parse YAML", "utf.yaml": "UTF-8", "big.json": "larger than", "loop": "symlink loop"} {
		if !strings.Contains(msgs[file], want) {
			t.Errorf("error for %s = %q, want %q (all: %v)", file, msgs[file], want, msgs)
		}
	}
	if !strings.Contains(r.stderr, "could not be read or parsed") {
		t.Errorf("stderr = %q", r.stderr)
	}
}

func TestIaCStoreResolvesFixedFinding(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(t.TempDir(), "v.db")
	file := filepath.Join(dir, "app.yaml")
	bad := "apiVersion: v1\nkind: Pod\nmetadata: {name: app, namespace: a}\nspec:\n  hostNetwork: true\n  containers: [{name: c, image: x}]\n"
	if err := os.WriteFile(file, []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	if r := run(t, "", "scan", "iac", dir, "--store", db, "-q"); r.code != ExitOK {
		t.Fatalf("first scan exit %d: %s", r.code, r.stderr)
	}
	if err := os.WriteFile(file, []byte(strings.Replace(bad, "hostNetwork: true", "hostNetwork: false", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	r := run(t, "", "scan", "iac", dir, "--store", db, "--format", "json")
	if d := parseDoc(t, r.stdout); d.Summary.Resolved != 1 || d.has("k8s-host-network", "app") {
		t.Fatalf("second scan: resolved %d", d.Summary.Resolved)
	}
	r = run(t, "", "findings", "list", "--store", db, "--status", "resolved", "--format", "json")
	if !strings.Contains(r.stdout, "k8s-host-network") || strings.Count(r.stdout, `"rule_id"`) != 1 {
		t.Fatalf("resolved findings: %s", r.stdout)
	}
	var listed struct {
		Findings []struct{ ID string }
	}
	if err := json.Unmarshal([]byte(r.stdout), &listed); err != nil || len(listed.Findings) != 1 {
		t.Fatalf("resolved list: %v", err)
	}
	h := run(t, "", "findings", "history", listed.Findings[0].ID[:10], "--store", db)
	if h.code != ExitOK || !strings.Contains(h.stdout, "opened") || !strings.Contains(h.stdout, "resolved") {
		t.Fatalf("history: exit %d\n%s%s", h.code, h.stdout, h.stderr)
	}
	if h := run(t, "", "findings", "history", "zzzz", "--store", db); h.code != ExitError || !strings.Contains(h.stderr, "no finding") {
		t.Fatalf("unknown id: exit %d, %q", h.code, h.stderr)
	}
	r = run(t, "", "findings", "list", "--store", db, "--status", "open", "--severity", "high")
	if r.code != ExitOK || strings.Contains(r.stdout, "k8s-host-network") {
		t.Fatalf("open high findings: %s", r.stdout)
	}
}

func TestRulesCommands(t *testing.T) {
	r := run(t, "", "rules", "list", "--framework", "cis-kubernetes-1.12")
	for _, want := range []string{"k8s-privileged-container", "5.1.1", "manual", "5.7.4", "cis-kubernetes-1.12: 35 requirements: 30 automated, 5 manual, 0 not covered\n"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("rules list lacks %q", want)
		}
	}
	// Every framework file's counts are printed; the renamed NSA/CISA id
	// still works; --framework completes every id, the new ones too.
	for id, want := range map[string]string{
		"aws-fsbp":                "aws-fsbp: 337 requirements: ",
		"pci-dss-4.0.1":           "pci-dss-4.0.1: 250 requirements: ",
		"nsa-cisa-kubernetes-1.2": "nsa-cisa-kubernetes-1.2: 21 requirements: 14 automated, 7 manual, 0 not covered\n",
	} {
		if r := run(t, "", "rules", "list", "--framework", id); r.code != ExitOK || !strings.Contains(r.stdout, want) {
			t.Errorf("rules list --framework %s: exit %d, lacks %q:\n%s", id, r.code, want, r.stderr)
		}
	}
	complete := run(t, "", "__complete", "rules", "list", "--framework", "").stdout
	for _, id := range []string{"aws-fsbp", "pci-dss-4.0.1", "nist-800-53-r5", "soc2-2017", "iso-27001-2022", "cis-eks-1.8", "nsa-cisa-k8s-1.2"} {
		if !strings.Contains(complete, id+"\n") {
			t.Errorf("--framework completion lacks %s:\n%s", id, complete)
		}
	}
	r = run(t, "", "rules", "list", "--framework", "pss-restricted")
	if want := "framework pss-restricted: Kubernetes Pod Security Standards — Restricted v1.37 (16 requirements: 16 automated, 0 manual, 0 not covered)\n"; r.stderr != want {
		t.Errorf("rules list stderr %q, want %q", r.stderr, want)
	}
	r = run(t, "", "rules", "list", "--format", "json")
	var rl struct {
		Rules []struct {
			ID         string
			Compliance []struct{ Framework, Control string }
		}
		Frameworks []struct {
			ID, Title, Version string
			Checks             compliance.Counts
		}
	}
	if err := json.Unmarshal([]byte(r.stdout), &rl); err != nil || len(rl.Rules) < 45 {
		t.Fatalf("rules list json: %v, %d rules", err, len(rl.Rules))
	}
	if r.stderr != "" {
		t.Errorf("rules list --format json writes to stderr: %q", r.stderr)
	}
	versions := map[string]string{}
	for _, fw := range rl.Frameworks {
		versions[fw.ID] = fw.Version
		if c := fw.Checks; c.Requirements == 0 || c.Automated+c.Manual+c.NotCovered != c.Requirements {
			t.Errorf("rules list json: %s counts %+v do not add up", fw.ID, c)
		}
	}
	if versions["pss-baseline"] != "v1.37" || versions["pss-restricted"] != "v1.37" || len(versions) < 5 {
		t.Errorf("rules list json frameworks: %v", rl.Frameworks)
	}
	r = run(t, "", "rules", "schema", "k8s.apps.deployment")
	if r.code != ExitOK || !strings.Contains(r.stdout, `"host_pid"`) || !strings.Contains(r.stdout, `"pod_spec"`) {
		t.Errorf("rules schema: exit %d, %d bytes", r.code, len(r.stdout))
	}
	if r := run(t, "", "rules", "schema", "k8s.core.widget"); r.code != ExitError || !strings.Contains(r.stderr, "rules types") {
		t.Errorf("unknown schema type: exit %d, stderr %q", r.code, r.stderr)
	}
	r = run(t, "", "rules", "test", filepath.Join("testdata", "policies"))
	if r.code != ExitOK || !strings.Contains(r.stdout, "2 passed, 0 failed") {
		t.Fatalf("rules test: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	r = run(t, "", "rules", "test", filepath.Join("testdata", "broken"))
	if r.code != ExitError || !strings.Contains(r.stderr, "typo.rego:14") || !strings.Contains(r.stderr, "host_pidd") {
		t.Fatalf("broken rule: exit %d, stderr %q", r.code, r.stderr)
	}
	r = run(t, "", "scan", "iac", examples(t), "--policy-dir", filepath.Join("testdata", "policies"), "--format", "json")
	if !parseDoc(t, r.stdout).has("acme-team-label", "storefront") {
		t.Fatal("user rule from --policy-dir did not fire")
	}
}

func TestUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{"scan", "iac"},
		{"scan", "iac", ".", "--format", "xml"},
		{"nonsense"},
		{"findings", "list", "--status", "maybe"},
	} {
		if r := run(t, "", args...); r.code != ExitError || r.stderr == "" {
			t.Errorf("%v: exit %d, stderr %q", args, r.code, r.stderr)
		}
	}
	if r := run(t, "", "version"); r.code != 0 || !strings.HasPrefix(r.stdout, "vigil ") {
		t.Errorf("version: %+v", r)
	}
	if r := run(t, "", "completion", "bash"); r.code != 0 || !strings.Contains(r.stdout, "vigil") {
		t.Errorf("completion: exit %d", r.code)
	}
}

func TestHelpHasExamples(t *testing.T) {
	a := &app{io: IO{Out: &bytes.Buffer{}, Err: &bytes.Buffer{}}}
	root := a.rootCommand()
	for _, c := range allCommands(root) {
		if c.Example == "" && c.Name() != "help" && c.Name() != "completion" && c.Parent() != nil && c.Parent().Name() != "completion" {
			t.Errorf("command %q has no examples in --help", c.CommandPath())
		}
	}
}

// TestAllowNetBuiltins checks that a --policy-dir rule calling http.send
// fails to load unless --allow-net-builtins (or
// VIGIL_ALLOW_NET_BUILTINS) allows it, in scans and in rules test, and
// then asks a loopback server, so nothing leaves the machine.
func TestAllowNetBuiltins(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		hits.Add(1)
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"owners": ["web"]}`)
	}))
	defer srv.Close()
	dir := t.TempDir()
	ruleFile := filepath.Join(dir, "custom", "owner.rego")
	files := map[string]string{
		ruleFile: `# METADATA
# title: Deployments have an owner in the registry
# description: The team registry lists every Deployment.
# custom:
#   id: acme-registry-owner
#   severity: low
#   resource_types: [k8s.apps.deployment]
#   remediation: Register the Deployment.
package acme.registry_owner

import rego.v1

deny contains sprintf("deployment %q is not in the registry", [input.name]) if {
	resp := http.send({"method": "GET", "url": "` + srv.URL + `"})
	not input.name in resp.body.owners
}
`,
		filepath.Join(dir, "custom", "testdata", "owner", "pass.yaml"): "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: a}\nspec: {template: {spec: {containers: [{name: c, image: x}]}}}\n",
		filepath.Join(dir, "custom", "testdata", "owner", "fail.yaml"): "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: db, namespace: a}\nspec: {template: {spec: {containers: [{name: c, image: x}]}}}\n",
	}
	for name, src := range files {
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(name, []byte(src), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	manifest := filepath.Join(dir, "custom", "testdata", "owner", "fail.yaml")
	for _, args := range [][]string{
		{"scan", "iac", manifest, "--policy-dir", dir},
		{"rules", "test", dir},
	} {
		r := run(t, "", args...)
		if r.code != ExitError || !strings.Contains(r.stderr, ruleFile+":14: http.send reaches outside the process") || !strings.Contains(r.stderr, "--allow-net-builtins") {
			t.Errorf("%v: exit %d, stderr %q; want the call located and the flag named", args, r.code, r.stderr)
		}
	}
	if hits.Load() != 0 {
		t.Fatalf("the server was asked %d times by rules that did not load", hits.Load())
	}
	r := run(t, "", "scan", "iac", manifest, "--policy-dir", dir, "--allow-net-builtins", "--format", "json")
	if !parseDoc(t, r.stdout).has("acme-registry-owner", "db") {
		t.Errorf("with --allow-net-builtins: exit %d, the rule did not fire\n%s%s", r.code, r.stdout, r.stderr)
	}
	t.Setenv("VIGIL_ALLOW_NET_BUILTINS", "true")
	r = run(t, "", "rules", "test", dir)
	if r.code != ExitOK || !strings.Contains(r.stdout, "2 passed, 0 failed") {
		t.Errorf("rules test with VIGIL_ALLOW_NET_BUILTINS: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if hits.Load() == 0 {
		t.Error("the rule never asked the server")
	}
}

// TestRulesListEvaluator checks that rules list says which rules run
// from their plan and which in OPA's interpreter, and why.
func TestRulesListEvaluator(t *testing.T) {
	dir := t.TempDir()
	src := `# METADATA
# title: Deployments would be labelled in production
# description: A rule that uses with, which the plan evaluator does not run.
# custom:
#   id: acme-with
#   severity: low
#   resource_types: [k8s.apps.deployment]
#   remediation: None.
package acme.with_rule

import rego.v1

_labelled if input.labels.env == "prod"

deny contains "x" if {
	_labelled with input.labels as {"env": "prod"}
}
`
	if err := os.WriteFile(filepath.Join(dir, "with.rego"), []byte(src), 0o600); err != nil {
		t.Fatal(err)
	}
	r := run(t, "", "rules", "list", "--policy-dir", dir)
	rows := map[string][]string{}
	for _, l := range strings.Split(r.stdout, "\n") {
		if f := strings.Fields(l); len(f) > 3 {
			rows[f[0]] = f
		}
	}
	if h := rows["ID"]; len(h) < 4 || h[3] != "EVALUATOR" {
		t.Fatalf("rules list header %v: want an EVALUATOR column\n%s%s", h, r.stdout, r.stderr)
	}
	if got := rows["acme-with"]; len(got) < 4 || got[3] != "interpreter" {
		t.Errorf("acme-with row %v: want interpreter", got)
	}
	if got := rows["k8s-privileged-container"]; len(got) < 4 || got[3] != "plan" {
		t.Errorf("k8s-privileged-container row %v: want plan", got)
	}

	r = run(t, "", "rules", "list", "--policy-dir", dir, "--format", "json")
	var rl struct {
		Rules []struct {
			ID              string
			Evaluator       string
			EvaluatorReason string `json:"evaluator_reason"`
		}
	}
	if err := json.Unmarshal([]byte(r.stdout), &rl); err != nil {
		t.Fatalf("rules list json: %v\n%s", err, r.stderr)
	}
	planned := 0
	for _, rule := range rl.Rules {
		switch {
		case rule.ID == "acme-with":
			if rule.Evaluator != "interpreter" || !strings.Contains(rule.EvaluatorReason, "WithStmt") || !strings.Contains(rule.EvaluatorReason, "with.rego:16") {
				t.Errorf("acme-with: evaluator %q, reason %q; want the interpreter because of the WithStmt at with.rego:16", rule.Evaluator, rule.EvaluatorReason)
			}
		case rule.Evaluator == "plan" && rule.EvaluatorReason == "":
			planned++
		default:
			t.Errorf("%s: evaluator %q, reason %q; every library rule runs from its plan", rule.ID, rule.Evaluator, rule.EvaluatorReason)
		}
	}
	if planned < 45 {
		t.Errorf("%d library rules from the plan", planned)
	}
}

// TestHelmReleaseFlags: --helm-release and --helm-namespace reach the
// chart's .Release, as helm template's NAME and --namespace do.
func TestHelmReleaseFlags(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"Chart.yaml": "apiVersion: v2\nname: app\nversion: 0.1.0\n",
		"templates/pod.yaml": "apiVersion: v1\nkind: Pod\nmetadata:\n  name: {{ .Release.Name }}-pod\n  namespace: {{ .Release.Namespace }}\n" +
			"spec:\n  containers:\n    - name: c\n      image: x\n      securityContext:\n        privileged: true\n",
	}
	for name, text := range files {
		p := filepath.Join(dir, "app", filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{nil, "k8s://manifests/default/core/Pod/release-name-pod"},
		{[]string{"--helm-release", "web", "--helm-namespace", "shop"}, "k8s://manifests/shop/core/Pod/web-pod"},
	} {
		args := append([]string{"scan", "iac", filepath.Join(dir, "app"), "--format", "json"}, tc.args...)
		r := run(t, "", args...)
		if r.code != ExitOK && r.code != ExitGate {
			t.Fatalf("vigil %v: exit %d: %s", args, r.code, r.stderr)
		}
		if !strings.Contains(r.stdout, `"`+tc.want+`"`) {
			t.Errorf("vigil %v: no finding on %s:\n%s", args, tc.want, r.stdout)
		}
	}
}
