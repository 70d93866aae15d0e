package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/vigil-cspm/vigil/internal/compliance"
	"github.com/vigil-cspm/vigil/internal/params"
)

var updateDocs = flag.Bool("update", false, "rewrite generated docs")

// TestRulesDoc keeps docs/rules.md, the generated list of rules and
// framework mappings, equal to the library. Run with -update after
// changing rules or frameworks.
func TestRulesDoc(t *testing.T) {
	lib, err := (&app{version: "test"}).loadLibrary(context.Background(), libraryOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	b.WriteString("# Rule library\n\nGenerated from `rules/` and `frameworks/` by `go test ./internal/cli -run TestRulesDoc -update`; do not edit.\n\n")
	b.WriteString("| id | severity | applies to | compliance | title |\n| --- | --- | --- | --- | --- |\n")
	for _, r := range lib.Engine.Rules() {
		var refs []string
		for _, c := range r.Compliance {
			refs = append(refs, c.Framework+" "+c.Control)
		}
		fmt.Fprintf(&b, "| `%s` | %s | %s | %s | %s |\n", r.ID, r.Severity, appliesTo(r.ResourceTypes), strings.Join(refs, "<br>"), r.Title)
	}
	b.WriteString("\n## Rule parameters\n\nSet in vigil.yaml under `rules.parameters`, per account, cluster, region or namespace under `rules.overrides`.\n\n| parameter | type | default | rules | description |\n| --- | --- | --- | --- | --- |\n")
	for _, d := range params.Registry() {
		def, _ := json.Marshal(d.Default)
		fmt.Fprintf(&b, "| `%s` | %s | `%s` | %s | %s |\n", d.Name, d.Kind, def, strings.Join(d.Rules, ", "), d.Description)
	}
	fws := lib.Frameworks.Frameworks()
	sort.Slice(fws, func(i, j int) bool { return fws[i].ID < fws[j].ID })
	for _, fw := range fws {
		fmt.Fprintf(&b, "\n## %s — %s %s\n\n| requirement | check | rules | title |\n| --- | --- | --- | --- |\n", fw.ID, fw.Title, fw.Version)
		for _, req := range fw.Requirements {
			fmt.Fprintf(&b, "| %s | %s | %s | %s |\n", req.ID, check(req), strings.Join(req.Rules, ", "), req.Title)
		}
	}
	path := filepath.Join("..", "..", "docs", "rules.md")
	if *updateDocs {
		if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	got, err := os.ReadFile(path)
	if err != nil || !bytes.Equal(got, b.Bytes()) {
		t.Fatalf("%s is out of date: run go test ./internal/cli -run TestRulesDoc -update", path)
	}
}

func check(r compliance.Requirement) string { return r.Check() }

// appliesTo names a rule's types, "all workloads" for the seven kinds
// that carry a pod spec.
func appliesTo(types []string) string {
	workloads := map[string]bool{"k8s.core.pod": true, "k8s.apps.deployment": true, "k8s.apps.replica_set": true,
		"k8s.apps.stateful_set": true, "k8s.apps.daemon_set": true, "k8s.batch.job": true, "k8s.batch.cron_job": true}
	var rest []string
	n := 0
	for _, t := range types {
		if workloads[t] {
			n++
			continue
		}
		rest = append(rest, strings.TrimPrefix(t, "k8s."))
	}
	if n == len(workloads) {
		rest = append([]string{"all workloads"}, rest...)
	} else {
		rest = nil
		for _, t := range types {
			rest = append(rest, strings.TrimPrefix(t, "k8s."))
		}
	}
	return strings.Join(rest, ", ")
}
