package iac_test

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/vigil-cspm/vigil/internal/iac"
	iack8s "github.com/vigil-cspm/vigil/internal/iac/k8s"
	"github.com/vigil-cspm/vigil/internal/inventory"
	"github.com/vigil-cspm/vigil/internal/kube"
	"github.com/vigil-cspm/vigil/internal/model"
	"github.com/vigil-cspm/vigil/internal/scan"
	"github.com/vigil-cspm/vigil/internal/scan/scantest"
	"github.com/vigil-cspm/vigil/internal/secrets"
)

var update = flag.Bool("update", false, "rewrite the corpus golden files")

// corpusDir holds realistic projects, each scanned as `vigil scan iac`
// would and compared with testdata/corpus/<project>.golden.
const corpusDir = "testdata/corpus"

// corpus lists the projects and the options a user would give for them.
var corpus = []struct {
	name string
	path string // under corpusDir: a directory or a file
	opts iac.CloudOptions
	// warnings are the deprecated forms the scan accepts, as
	// "file:line: message" under corpusDir.
	warnings []string
}{
	{name: "tf-webapp", path: "tf-webapp", opts: iac.CloudOptions{TFVarFiles: []string{filepath.Join(corpusDir, "tf-webapp", "prod.tfvars")}}},
	{name: "tf-registry", path: "tf-registry"},
	{name: "cfn-stack", path: "cfn-stack", opts: iac.CloudOptions{CFNParams: map[string]string{"Environment": "prod"}}},
	{name: "sam-app", path: "sam-app"},
	{name: "plan", path: "plan"},
	// TerraGoat's AWS Terraform (SOURCE.md): Terraform 0.11 forms, and a
	// reviewer's expectations written before the first scan.
	{name: "kubernetes-goat", path: "kubernetes-goat"},
	{name: "terragoat-aws", path: "terragoat-aws", warnings: []string{
		`terragoat-aws/consts.tf:29: Quoted type constraints are deprecated: the Terraform 0.11 form "string" was read as string; write string without quotes`,
		`terragoat-aws/consts.tf:34: Quoted type constraints are deprecated: the Terraform 0.11 form "string" was read as string; write string without quotes`,
		`terragoat-aws/consts.tf:40: Quoted type constraints are deprecated: the Terraform 0.11 form "string" was read as string; write string without quotes`,
		`terragoat-aws/consts.tf:46: Quoted type constraints are deprecated: the Terraform 0.11 form "string" was read as string; write string without quotes`,
		`terragoat-aws/db-app.tf:40: Quoted references are deprecated: the Terraform 0.11 form "password" in lifecycle.ignore_changes was accepted; write password without quotes`,
		`terragoat-aws/eks.tf:128: Quoted references are deprecated: the Terraform 0.11 form "aws_iam_role_policy_attachment.policy_attachment-AmazonEKSClusterPolicy" in depends_on was accepted; write aws_iam_role_policy_attachment.policy_attachment-AmazonEKSClusterPolicy without quotes`,
		`terragoat-aws/eks.tf:129: Quoted references are deprecated: the Terraform 0.11 form "aws_iam_role_policy_attachment.policy_attachment-AmazonEKSServicePolicy" in depends_on was accepted; write aws_iam_role_policy_attachment.policy_attachment-AmazonEKSServicePolicy without quotes`,
	}},
}

// TestCorpus scans each corpus project through the CLI's path (scanner,
// adaptation, the embedded rule library, findings, evidence lines) and
// compares the sorted "rule  address  file:line" lines with its golden
// file. Every golden line has been checked by hand to be a true positive;
// run with -update after a deliberate change and review the diff.
func TestCorpus(t *testing.T) {
	lib := scantest.Library(t)
	for _, p := range corpus {
		t.Run(p.name, func(t *testing.T) {
			got, res := scanCorpus(t, lib, filepath.Join(corpusDir, p.path), p.opts)
			for _, e := range res.Errors {
				t.Errorf("input error: %s", e.Error())
			}
			for _, c := range res.Coverage {
				if c.Status == model.CoverageError {
					t.Errorf("coverage error: %s: %s", c.Scope, c.Reason)
				}
			}
			var warns []string
			for _, w := range res.Warnings {
				if rel, err := filepath.Rel(corpusDir, w.File); err == nil {
					w.File = filepath.ToSlash(rel)
				}
				warns = append(warns, w.Error())
			}
			if d := lineDiff(p.warnings, warns); d != "" {
				t.Errorf("warnings differ:\n%s", d)
			}
			if len(res.Resources) == 0 {
				t.Fatal("no resources")
			}
			golden := filepath.Join(corpusDir, p.name+".golden")
			text := strings.Join(got, "\n") + "\n"
			if *update {
				if err := os.WriteFile(golden, []byte(text), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -run TestCorpus -update)", err)
			}
			if string(want) != text {
				t.Errorf("findings differ from %s (review, then -update):\n%s", golden, lineDiff(strings.Split(strings.TrimSuffix(string(want), "\n"), "\n"), got))
			}
		})
	}
}

// newScanner is the CLI's newIaCScanner (internal/cli/wiring.go), with
// the library's rule ids and related types.
func newScanner(lib *scan.Library, opts iac.CloudOptions) *iac.Scanner {
	return &iac.Scanner{
		Parser:      iack8s.NewParser(kube.NewNormalizer(kube.NewCatalog(), secrets.New())),
		MaxFileSize: iac.DefaultMaxFileSize,
		Cloud:       iac.NewCloud(opts),
		Known:       lib.Known,
		References:  lib.Engine.RelatedTypes(),
	}
}

// scanIaC is `vigil scan iac path` without the report: the pipeline
// over the IaC source (evaluation, findings, evidence lines, inline
// exceptions). The result gathers what the scopes held.
func scanIaC(tb testing.TB, lib *scan.Library, path string, opts iac.CloudOptions) ([]model.Finding, iac.Result) {
	tb.Helper()
	src := &gather{src: newScanner(lib, opts).Source([]string{path}, nil)}
	fs, _ := scantest.Scan(tb, lib, "iac", src)
	return fs, src.res
}

// gather passes a source's scopes on, keeping what they held.
type gather struct {
	src inventory.Source
	res iac.Result
}

func (g *gather) Scopes(ctx context.Context, emit func(*model.Scope) error) error {
	return g.src.Scopes(ctx, func(sc *model.Scope) error {
		g.res.Resources = append(g.res.Resources, sc.Resources...)
		g.res.Errors = append(g.res.Errors, sc.Errors...)
		g.res.Warnings = append(g.res.Warnings, sc.Warnings...)
		g.res.Coverage = append(g.res.Coverage, sc.Coverage...)
		return emit(sc)
	})
}

// scanCorpus returns the sorted golden lines of a scan of path.
func scanCorpus(t *testing.T, lib *scan.Library, path string, opts iac.CloudOptions) ([]string, iac.Result) {
	t.Helper()
	fs, res := scanIaC(t, lib, path, opts)
	lines := make([]string, 0, len(fs))
	for _, f := range fs {
		r := f.Resource
		rel := func(file string) string {
			if rel, err := filepath.Rel(corpusDir, file); err == nil {
				file = rel
			}
			return filepath.ToSlash(file)
		}
		file := r.Source.File
		if f.Evidence.File != "" {
			file = f.Evidence.File // set by an override, a satellite in another file, a module
		}
		line := f.Evidence.Line
		if line == 0 {
			line = r.Source.Line
		}
		at := fmt.Sprintf("%s:%d", rel(file), line)
		if r.Source.DefinedIn != nil {
			// The module call, then the line in the module, as the table
			// shows them.
			at = fmt.Sprintf("%s:%d → %s", rel(r.Source.File), r.Source.Line, at)
		}
		// Module resources carry their own file:line in the address.
		addr := r.Source.Address
		if d := r.Source.DefinedIn; d != nil {
			addr += fmt.Sprintf(" (%s:%d)", d.File, d.Line)
		}
		addr = strings.ReplaceAll(filepath.ToSlash(addr), corpusDir+"/", "")
		if addr == "" && r.Provider == "k8s" {
			addr = r.Kind + " " + r.Namespace + "/" + r.Name
		} else if addr == "" {
			addr = r.Name
		}
		lines = append(lines, fmt.Sprintf("%s  %s  %s", f.RuleID, addr, at))
	}
	sort.Strings(lines)
	return lines, res
}

// lineDiff lists the lines only in want (-) or only in got (+).
func lineDiff(want, got []string) string {
	in := func(s []string) map[string]int {
		m := map[string]int{}
		for _, l := range s {
			m[l]++
		}
		return m
	}
	w, g := in(want), in(got)
	var b strings.Builder
	for _, l := range want {
		if g[l] > 0 {
			g[l]--
			continue
		}
		fmt.Fprintf(&b, "- %s\n", l)
	}
	for _, l := range got {
		if w[l] > 0 {
			w[l]--
			continue
		}
		fmt.Fprintf(&b, "+ %s\n", l)
	}
	return b.String()
}
