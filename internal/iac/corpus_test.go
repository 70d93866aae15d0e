package iac_test

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/vigil-cspm/vigil/frameworks"
	"github.com/vigil-cspm/vigil/internal/compliance"
	"github.com/vigil-cspm/vigil/internal/findings"
	"github.com/vigil-cspm/vigil/internal/iac"
	iack8s "github.com/vigil-cspm/vigil/internal/iac/k8s"
	"github.com/vigil-cspm/vigil/internal/kube"
	"github.com/vigil-cspm/vigil/internal/model"
	"github.com/vigil-cspm/vigil/internal/policy"
	"github.com/vigil-cspm/vigil/internal/secrets"
	"github.com/vigil-cspm/vigil/rules"
	"github.com/vigil-cspm/vigil/schemas"
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
}{
	{name: "tf-webapp", path: "tf-webapp", opts: iac.CloudOptions{TFVarFiles: []string{filepath.Join(corpusDir, "tf-webapp", "prod.tfvars")}}},
	{name: "tf-registry", path: "tf-registry"},
	{name: "cfn-stack", path: "cfn-stack", opts: iac.CloudOptions{CFNParams: map[string]string{"Environment": "prod"}}},
	{name: "sam-app", path: "sam-app"},
	{name: "plan", path: "plan"},
}

// TestCorpus scans each corpus project through the CLI's path (scanner,
// adaptation, the embedded rule library, findings, evidence lines) and
// compares the sorted "rule  address  file:line" lines with its golden
// file. Every golden line has been checked by hand to be a true positive;
// run with -update after a deliberate change and review the diff.
func TestCorpus(t *testing.T) {
	eng, fws := corpusLibrary(t)
	for _, p := range corpus {
		t.Run(p.name, func(t *testing.T) {
			got, res := scanCorpus(t, eng, fws, filepath.Join(corpusDir, p.path), p.opts)
			for _, e := range res.Errors {
				t.Errorf("input error: %s", e.Error())
			}
			for _, c := range res.Coverage {
				if c.Status == model.CoverageError {
					t.Errorf("coverage error: %s: %s", c.Scope, c.Reason)
				}
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

var (
	libOnce sync.Once
	libEng  *policy.Engine
	libFws  *compliance.Set
	libErr  error
)

// corpusLibrary loads the embedded rules and frameworks as the CLI does.
func corpusLibrary(tb testing.TB) (*policy.Engine, *compliance.Set) {
	tb.Helper()
	libOnce.Do(func() {
		libFws, libErr = compliance.Load(frameworks.FS)
		if libErr != nil {
			return
		}
		libEng, libErr = policy.Load(context.Background(), policy.Options{Library: rules.FS, LibraryPrefix: rules.Prefix, Schemas: schemas.FS})
	})
	if libErr != nil {
		tb.Fatal(libErr)
	}
	return libEng, libFws
}

// newScanner is the CLI's newIaCScanner (internal/cli/wiring.go).
func newScanner(opts iac.CloudOptions) *iac.Scanner {
	return &iac.Scanner{
		Parser:      iack8s.NewParser(kube.NewNormalizer(kube.NewCatalog(), secrets.New())),
		MaxFileSize: iac.DefaultMaxFileSize,
		Cloud:       iac.NewCloud(opts),
	}
}

// scanIaC is `vigil scan iac path` without the report: scan, evaluate,
// build findings and locate their evidence.
func scanIaC(tb testing.TB, eng *policy.Engine, fws *compliance.Set, path string, opts iac.CloudOptions) ([]model.Finding, iac.Result) {
	tb.Helper()
	ctx := context.Background()
	sc := newScanner(opts)
	res := sc.Scan(ctx, []string{path}, nil)
	inv, err := policy.NewInventory(res.Resources)
	if err != nil {
		tb.Fatal(err)
	}
	inv.Exclude(kube.NewControllerMatcher(inv.Graph()).Redundant)
	results, err := eng.Evaluate(ctx, inv)
	if err != nil {
		tb.Fatal(err)
	}
	fs := findings.Build(results, inv.Graph(), fws, findings.Options{Now: time.Unix(0, 0).UTC()})
	sc.LocateEvidence(sc.Parser.Catalog(), fs)
	return fs, res
}

// scanCorpus returns the sorted golden lines of a scan of path.
func scanCorpus(t *testing.T, eng *policy.Engine, fws *compliance.Set, path string, opts iac.CloudOptions) ([]string, iac.Result) {
	t.Helper()
	fs, res := scanIaC(t, eng, fws, path, opts)
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
		if addr == "" {
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
