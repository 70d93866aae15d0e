package rules_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io/fs"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/vigil-cspm/vigil/internal/config"
	"github.com/vigil-cspm/vigil/internal/iac"
	"github.com/vigil-cspm/vigil/internal/iac/k8s"
	"github.com/vigil-cspm/vigil/internal/kube"
	"github.com/vigil-cspm/vigil/internal/model"
	"github.com/vigil-cspm/vigil/internal/params"
	"github.com/vigil-cspm/vigil/internal/policy"
	"github.com/vigil-cspm/vigil/internal/ruletest"
	"github.com/vigil-cspm/vigil/internal/scan"
	"github.com/vigil-cspm/vigil/internal/secrets"
	"github.com/vigil-cspm/vigil/rules"
	"github.com/vigil-cspm/vigil/schemas"
)

// TestFixtures runs every rule of the library against its pass and fail
// fixtures. Adding a rule or a case needs no Go code.
func TestFixtures(t *testing.T) {
	ctx := context.Background()
	// Every fixture three ways: from the rules' plan made at build time
	// (library.precompiled), as the binary evaluates; from the plan made
	// at run time, as with users' rules; and with OPA's interpreter,
	// which the plan must agree with. The library is type-checked once.
	load := func(opts policy.Options) func() (*policy.Engine, error) {
		return func() (*policy.Engine, error) {
			opts.Library, opts.LibraryPrefix, opts.Schemas = rules.FS, rules.Prefix, schemas.FS
			return policy.Load(ctx, opts)
		}
	}
	for _, mode := range []struct {
		name string
		load func() (*policy.Engine, error)
	}{
		{"precompiled", func() (*policy.Engine, error) {
			lib, err := scan.LoadLibrary(ctx, scan.LibraryOptions{})
			if err != nil {
				return nil, err
			}
			if !lib.Engine.Precompiled() {
				return nil, errors.New("the binary's library is not precompiled: run go generate ./internal/scan")
			}
			return lib.Engine, nil
		}},
		{"plan", load(policy.Options{CheckLibrary: true})},
		{"interpreter", load(policy.Options{InterpreterOnly: true})},
	} {
		eng, err := mode.load()
		if err != nil {
			t.Fatalf("load library: %v", err)
		}
		if len(eng.Rules()) == 0 {
			t.Fatal("library holds no rules")
		}
		r := ruletest.Runner{Engine: eng, Parser: k8s.NewParser(kube.NewNormalizer(kube.NewCatalog(), secrets.New())), Cloud: iac.NewCloud(iac.CloudOptions{}), CheckLabels: true}
		cases, err := r.Run(ctx, rules.FS, rules.Prefix)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range cases {
			t.Run(mode.name+"/"+c.RuleID+"/"+c.File, func(t *testing.T) {
				if !c.Passed {
					t.Errorf("%s (%s): %s", c.File, c.Want, c.Message)
				}
			})
		}
		t.Run(mode.name+"/parameters", func(t *testing.T) { checkParameterFixtures(t, eng, cases) })
	}
}

// checkParameterFixtures: every rule parameter has a fixture whose
// <stem>.vigil.yaml sets it and changes the fixture's verdict, and so
// do an override by account or cluster and one by namespace; the
// registry names exactly the rules that call vigil.param for each.
func checkParameterFixtures(t *testing.T, eng *policy.Engine, cases []ruletest.Case) {
	shown := map[string]bool{}
	for _, c := range cases {
		if !c.ChangesVerdict {
			continue
		}
		data, err := fs.ReadFile(rules.FS, strings.TrimPrefix(c.Config, rules.Prefix))
		if err != nil {
			t.Fatal(err)
		}
		cfg, err := config.Parse(c.Config, data)
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range cfg.Rules.Overrides {
			shown["override by namespace"] = shown["override by namespace"] || o.Match.Namespace != ""
			shown["override by account or cluster"] = shown["override by account or cluster"] || o.Match.Account != "" || o.Match.Cluster != ""
			for name := range o.Values {
				shown[name] = true
			}
		}
		for name, v := range cfg.Rules.Parameters {
			if d, _ := params.Lookup(name); !reflect.DeepEqual(v, d.Default) {
				shown[name] = true
			}
		}
	}
	for _, want := range append(params.Names(), "override by namespace", "override by account or cluster") {
		if !shown[want] {
			t.Errorf("no fixture shows %s changing a verdict: add pass_* or fail_* with a <stem>.vigil.yaml beside it", want)
		}
	}
	readers := map[string][]string{}
	for _, r := range eng.Rules() {
		for _, p := range r.Parameters {
			readers[p] = append(readers[p], r.ID)
		}
	}
	for _, d := range params.Registry() {
		if got := readers[d.Name]; !slices.Equal(got, d.Rules) {
			t.Errorf("parameter %s: the registry says rules %v read it, the library's rules calling vigil.param for it are %v", d.Name, d.Rules, got)
		}
	}
}

// TestFixturesMatchSchemas checks the normalizer against the schemas the
// rules are type-checked with: every resource of every fixture must
// validate against its type's schema.
func TestFixturesMatchSchemas(t *testing.T) {
	c := jsonschema.NewCompiler()
	compiled := map[string]*jsonschema.Schema{}
	parser := k8s.NewParser(kube.NewNormalizer(kube.NewCatalog(), secrets.New()))
	cloud := iac.NewCloud(iac.CloudOptions{})
	n := 0
	err := fs.WalkDir(rules.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.Contains(p, "/testdata/") {
			return err
		}
		data, err := fs.ReadFile(rules.FS, p)
		if err != nil {
			return err
		}
		var resources []*model.Resource
		switch {
		case strings.HasSuffix(p, ".resources.json"):
			if err := json.Unmarshal(data, &resources); err != nil {
				t.Errorf("%s: %v", p, err)
			}
		default:
			if rs, _, ok := cloud.ParseFile(p, data); ok {
				resources = rs
			} else if strings.HasSuffix(p, ".yaml") {
				resources = parser.Parse(p, data).Resources
			}
		}
		for _, r := range resources {
			sch, ok := compiled[r.Type]
			if !ok {
				raw, err := fs.ReadFile(schemas.FS, r.Type+".json")
				if err != nil {
					t.Fatalf("%s: no schema for %s", p, r.Type)
				}
				doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
				if err != nil {
					t.Fatal(err)
				}
				if err := c.AddResource(r.Type+".json", doc); err != nil {
					t.Fatal(err)
				}
				if sch, err = c.Compile(r.Type + ".json"); err != nil {
					t.Fatal(err)
				}
				compiled[r.Type] = sch
			}
			b, _ := json.Marshal(r.Input())
			doc, _ := jsonschema.UnmarshalJSON(bytes.NewReader(b))
			if err := sch.Validate(doc); err != nil {
				t.Errorf("%s:%d %s does not match its schema: %v", p, r.Source.Line, r.Type, err)
			}
			n++
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < 100 {
		t.Fatalf("validated only %d fixture resources", n)
	}
}

// TestGuardsDeclared: the engine reads a rule's guards from its
// aws.known calls whose argument is a string literal; a call with a
// variable declares no guard, so the attribute it tests is never reported
// inconclusive when unread.
func TestGuardsDeclared(t *testing.T) {
	call := regexp.MustCompile(`aws\.known\(([^)]*)\)`)
	err := fs.WalkDir(rules.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".rego") {
			return err
		}
		src, err := fs.ReadFile(rules.FS, p)
		if err != nil {
			return err
		}
		for _, m := range call.FindAllStringSubmatch(string(src), -1) {
			if !strings.HasPrefix(m[1], `"`) {
				t.Errorf("%s: %s declares no guard: name the attribute as a string literal", p, m[0])
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
