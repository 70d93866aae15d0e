package risk

import (
	"context"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"

	"github.com/vigil-cspm/vigil/internal/model"
)

// Combinations are the combination rules: Rego modules of package
// vigil.combinations.<name>, each with a METADATA block like a rule's
// and a deny set of {"msg", "members"}, evaluated on one attack path
// (Input). They are parsed and compiled on first use.
type Combinations struct {
	fsys   fs.FS
	prefix string

	once    sync.Once
	err     error
	rules   []*model.RuleMeta
	queries map[string]rego.PreparedEvalQuery // by rule id: its deny set
}

// NewCombinations reads the combination rules of fsys (every .rego
// outside testdata); prefix names their files in metadata and errors.
func NewCombinations(fsys fs.FS, prefix string) *Combinations {
	return &Combinations{fsys: fsys, prefix: prefix}
}

// Rules returns the combination rules' metadata, by id order; none for
// a nil Combinations.
func (c *Combinations) Rules() ([]*model.RuleMeta, error) {
	if c == nil {
		return nil, nil
	}
	c.load()
	return c.rules, c.err
}

func (c *Combinations) load() {
	c.once.Do(func() { c.err = c.compile() })
}

func (c *Combinations) compile() error {
	modules := map[string]*ast.Module{}
	err := fs.WalkDir(c.fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && d.Name() == "testdata" {
			return fs.SkipDir
		}
		if d.IsDir() || path.Ext(p) != ".rego" {
			return nil
		}
		src, err := fs.ReadFile(c.fsys, p)
		if err != nil {
			return err
		}
		name := c.prefix + p
		mod, err := ast.ParseModuleWithOpts(name, string(src), ast.ParserOptions{ProcessAnnotation: true, RegoVersion: ast.RegoV1})
		if err != nil {
			return err
		}
		meta, err := metadata(mod, name)
		if err != nil {
			return err
		}
		pkg := strings.TrimPrefix(mod.Package.Path.String(), "data.")
		if !strings.HasPrefix(pkg, "vigil.combinations.") {
			return fmt.Errorf("%s: package %s: a combination rule's package is vigil.combinations.<name>", name, pkg)
		}
		meta.Package = pkg
		c.rules = append(c.rules, meta)
		modules[name] = mod
		return nil
	})
	if err != nil {
		return fmt.Errorf("combination rules: %w", err)
	}
	sort.Slice(c.rules, func(i, j int) bool { return c.rules[i].ID < c.rules[j].ID })
	compiler := ast.NewCompiler()
	if compiler.Compile(modules); compiler.Failed() {
		return fmt.Errorf("combination rules: %w", compiler.Errors)
	}
	c.queries = map[string]rego.PreparedEvalQuery{}
	for _, r := range c.rules {
		q, err := rego.New(rego.Query("data."+r.Package+".deny"), rego.Compiler(compiler)).PrepareForEval(context.Background())
		if err != nil {
			return fmt.Errorf("combination rule %s: %w", r.File, err)
		}
		c.queries[r.ID] = q
	}
	return nil
}

// metadata reads a combination rule's METADATA block.
func metadata(mod *ast.Module, file string) (*model.RuleMeta, error) {
	for _, a := range mod.Annotations {
		if a.Scope != "package" && a.Scope != "subpackages" {
			continue
		}
		meta := &model.RuleMeta{Title: a.Title, Description: a.Description, File: file}
		meta.ID, _ = a.Custom["id"].(string)
		sev, _ := a.Custom["severity"].(string)
		meta.Remediation, _ = a.Custom["remediation"].(string)
		if types, ok := a.Custom["resource_types"].([]any); ok {
			for _, t := range types {
				if s, ok := t.(string); ok {
					meta.ResourceTypes = append(meta.ResourceTypes, s)
				}
			}
		}
		s, err := model.ParseSeverity(sev)
		if err != nil || meta.ID == "" || meta.Title == "" {
			return nil, fmt.Errorf("%s: a combination rule's METADATA needs a title and custom id and severity (%v)", file, err)
		}
		meta.Severity = s
		return meta, nil
	}
	return nil, fmt.Errorf("%s: no METADATA block: a combination rule starts with one, as a rule does", file)
}

// Input is what a combination rule evaluates: one entry resource the
// internet reaches, how, the identity it runs as, and the findings on
// the entry, on the path to it and on the identity's chain.
type Input struct {
	Entry    InputResource  `json:"entry"`
	Exposure InputExposure  `json:"exposure"`
	Identity *InputIdentity `json:"identity,omitempty"`
	Findings []InputFinding `json:"findings"`
}

// InputResource names a resource.
type InputResource struct {
	ID        string `json:"id"`
	Type      string `json:"type"`
	Name      string `json:"name"`
	Namespace string `json:"namespace,omitempty"`
	Account   string `json:"account,omitempty"`
}

// InputExposure is how the internet reaches the entry.
type InputExposure struct {
	Path   []string `json:"path"`
	Detail string   `json:"detail"`
}

// InputIdentity is what the entry's identity may do.
type InputIdentity struct {
	Chain        []string `json:"chain"`
	Detail       string   `json:"detail"`
	Admin        bool     `json:"admin"`
	Escalates    bool     `json:"escalates"`
	ReadsSecrets bool     `json:"reads_secrets"`
	ClusterWide  bool     `json:"cluster_wide"`
}

// InputFinding is a finding on the path: on the entry ("entry"), on a
// resource the internet crosses to reach it ("path"), or on the
// identity's chain ("identity").
type InputFinding struct {
	ID         string `json:"id"`
	RuleID     string `json:"rule_id"`
	Severity   string `json:"severity"`
	ResourceID string `json:"resource_id"`
	On         string `json:"on"`
}

// Match is one combination a rule found on an input.
type Match struct {
	Rule    *model.RuleMeta
	Message string
	Members []string // sorted finding ids, each one of the input's
}

// Evaluate runs on in the combination rules of its entry's type (all
// of them when a rule names no type). Safe for concurrent use.
func (c *Combinations) Evaluate(ctx context.Context, in *Input) ([]Match, error) {
	c.load()
	if c.err != nil {
		return nil, c.err
	}
	var doc ast.Value
	known := map[string]bool{}
	for _, f := range in.Findings {
		known[f.ID] = true
	}
	var out []Match
	for _, r := range c.rules {
		if len(r.ResourceTypes) > 0 && !slices.Contains(r.ResourceTypes, in.Entry.Type) {
			continue
		}
		if doc == nil {
			doc = toValue(in)
		}
		rs, err := c.queries[r.ID].Eval(ctx, rego.EvalParsedInput(doc))
		if err != nil {
			return nil, fmt.Errorf("combination rule %s on %s: %w", r.ID, in.Entry.ID, err)
		}
		for _, res := range rs {
			for _, e := range res.Expressions {
				denies, _ := e.Value.([]any)
				for _, d := range denies {
					m, err := match(r, d, known)
					if err != nil {
						return nil, err
					}
					out = append(out, m)
				}
			}
		}
	}
	return out, nil
}

func match(meta *model.RuleMeta, d any, known map[string]bool) (Match, error) {
	obj, _ := d.(map[string]any)
	msg, _ := obj["msg"].(string)
	raw, _ := obj["members"].([]any)
	m := Match{Rule: meta, Message: msg}
	for _, x := range raw {
		id, _ := x.(string)
		if !known[id] {
			return m, fmt.Errorf("%s: member %q is not a finding of its input", meta.File, id)
		}
		m.Members = append(m.Members, id)
	}
	if msg == "" || len(m.Members) == 0 {
		return m, fmt.Errorf("%s: a combination needs a msg and its member findings, got %v", meta.File, d)
	}
	slices.Sort(m.Members)
	m.Members = slices.Compact(m.Members)
	return m, nil
}
