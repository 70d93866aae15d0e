package terraform

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/ext/typeexpr"
	"github.com/hashicorp/hcl/v2/hclparse"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// Limits that keep hostile configurations from exhausting the machine.
const (
	// MaxFileSize bounds one configuration, tfvars or template file.
	MaxFileSize = 8 << 20
	// MaxNesting bounds bracket nesting in a file; the HCL parser
	// recurses once per level.
	MaxNesting = 500
	// MaxInstances bounds the instances of one resource or module call.
	MaxInstances = 10000
	// MaxModuleDepth bounds module nesting.
	MaxModuleDepth = 10
	// maxTotalInstances bounds all resource instances of a run.
	maxTotalInstances = 200000
)

// moduleConfig is one directory's static configuration.
type moduleConfig struct {
	dir       string
	variables map[string]*variable
	locals    map[string]*hcl.Attribute
	localList []string
	resources map[string]*resource // "aws_s3_bucket.b", "data.aws_iam_policy_document.p"
	resList   []*resource
	calls     map[string]*moduleCall
	callList  []*moduleCall
	// providers are the provider blocks, in order (type "provider",
	// name the provider's local name).
	providers []*resource
	outputs   map[string]*hcl.Attribute
	// outputDecl are the declared outputs, with a value or not.
	outputDecl map[string]bool
	// attrNames are the attribute names any traversal of the module
	// reads: the attributes a resource's reference value must offer
	// (Unknown when the configuration does not set them).
	attrNames map[string]bool
	// nsFuncs are provider-defined functions called (provider::p::f).
	nsFuncs map[string]bool
	// deepFor are positions of for expressions nested more than
	// maxForNesting deep; expressions containing them are not evaluated.
	deepFor  []hcl.Pos
	deepFile map[string]bool
	json     map[string]bool // files in JSON syntax
	files    map[string][]byte
}

type variable struct {
	name       string
	decl       hcl.Range
	typ        cty.Type
	defaults   *typeexpr.Defaults
	def        cty.Value
	hasDefault bool
	// nullDefault: the default is declared as null (the variable is
	// optional and null when not set).
	nullDefault bool
	nullable    bool
	// attrs are the type, default and nullable arguments, after
	// overrides.
	attrs map[string]*hcl.Attribute
}

type resource struct {
	managed bool
	typ     string
	name    string
	decl    hcl.Range
	body    hcl.Body
	count   hcl.Expression
	forEach hcl.Expression
	// parts is body split for evaluation, override blocks merged in;
	// set by the first override or on first evaluation.
	parts *bodyParts
}

func (r *resource) key() string {
	if r.managed {
		return r.typ + "." + r.name
	}
	return "data." + r.typ + "." + r.name
}

type moduleCall struct {
	name    string
	source  string
	decl    hcl.Range
	count   hcl.Expression
	forEach hcl.Expression
	inputs  map[string]*hcl.Attribute
}

var fileSchema = &hcl.BodySchema{Blocks: []hcl.BlockHeaderSchema{
	{Type: "terraform"},
	{Type: "provider", LabelNames: []string{"name"}},
	{Type: "variable", LabelNames: []string{"name"}},
	{Type: "locals"},
	{Type: "output", LabelNames: []string{"name"}},
	{Type: "module", LabelNames: []string{"name"}},
	{Type: "resource", LabelNames: []string{"type", "name"}},
	{Type: "data", LabelNames: []string{"type", "name"}},
	{Type: "ephemeral", LabelNames: []string{"type", "name"}},
	{Type: "moved"},
	{Type: "import"},
	{Type: "removed"},
	{Type: "check", LabelNames: []string{"name"}},
}}

var variableSchema = &hcl.BodySchema{Attributes: []hcl.AttributeSchema{
	{Name: "default"}, {Name: "type"}, {Name: "description"}, {Name: "sensitive"},
	{Name: "nullable"}, {Name: "ephemeral"},
}, Blocks: []hcl.BlockHeaderSchema{{Type: "validation"}}}

var resourceMetaSchema = &hcl.BodySchema{Attributes: []hcl.AttributeSchema{
	{Name: "count"}, {Name: "for_each"},
}}

var moduleMeta = map[string]bool{"source": true, "version": true, "count": true, "for_each": true, "providers": true, "depends_on": true}

// configFiles lists a directory's configuration files in lexical order,
// override files included (loadModule merges them last).
func configFiles(dir string) ([]string, error) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, e := range ents {
		n := e.Name()
		if e.IsDir() || strings.HasPrefix(n, ".") || strings.HasPrefix(n, "#") || strings.HasSuffix(n, "~") {
			continue
		}
		if !strings.HasSuffix(n, ".tf") && !strings.HasSuffix(n, ".tf.json") {
			continue
		}
		out = append(out, filepath.Join(dir, n))
	}
	sort.Strings(out)
	return out, nil
}

// IsRoot reports whether dir holds Terraform configuration files.
func IsRoot(dir string) bool {
	fs, err := configFiles(dir)
	return err == nil && len(fs) > 0
}

// readBounded reads a regular file no larger than MaxFileSize.
func readBounded(path string) ([]byte, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("not a regular file")
	}
	if st.Size() > MaxFileSize {
		return nil, fmt.Errorf("file is larger than %d MiB", MaxFileSize>>20)
	}
	return os.ReadFile(path)
}

// nesting returns the deepest bracket nesting of src, counting brackets
// in strings and comments too (an over-estimate that real files never
// bring near the limit).
func nesting(src []byte) (depth, line int) {
	d, l := 0, 1
	for _, c := range src {
		switch c {
		case '{', '[', '(':
			d++
			if d > depth {
				depth, line = d, l
			}
		case '}', ']', ')':
			if d > 0 {
				d--
			}
		case '\n':
			l++
		}
	}
	return depth, line
}

// parseFile parses one HCL or JSON file with the guards every parser
// entry needs.
func parseFile(p *hclparse.Parser, path string, src []byte) (*hcl.File, hcl.Diagnostics) {
	if d, l := nesting(src); d > MaxNesting {
		return nil, hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Too deeply nested",
			Detail:  fmt.Sprintf("brackets nest more than %d levels deep; no real configuration does, so the file was not read", MaxNesting),
			Subject: &hcl.Range{Filename: path, Start: hcl.Pos{Line: l}}}}
	}
	if n, l := operators(src, strings.HasSuffix(path, ".json")); n > maxOperators {
		return nil, hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Too many operators",
			Detail:  fmt.Sprintf("the file has more than %d operators and index brackets; expressions that long exhaust the evaluator, so the file was not read", maxOperators),
			Subject: &hcl.Range{Filename: path, Start: hcl.Pos{Line: l}}}}
	}
	if strings.HasSuffix(path, ".json") {
		return p.ParseJSON(src, path)
	}
	return p.ParseHCL(src, path)
}

// maxOperators bounds the operators (and index brackets) of a file: a
// chain of them becomes an expression tree as deep as it is long, which
// the evaluator walks recursively.
const maxOperators = 200_000

// operators counts operator tokens (native syntax) or operator
// characters (JSON, whose templates are inside strings), and the line
// where the limit is passed.
func operators(src []byte, isJSON bool) (int, int) {
	n, line := 0, 0
	if isJSON {
		l := 1
		for _, c := range src {
			switch c {
			case '\n':
				l++
			case '+', '-', '*', '/', '%', '!', '&', '|', '<', '>', '?', '[':
				n++
				if n == maxOperators+1 {
					line = l
				}
			}
		}
		return n, line
	}
	toks, _ := hclsyntax.LexConfig(src, "", hcl.Pos{Line: 1, Column: 1})
	for _, t := range toks {
		switch t.Type {
		case hclsyntax.TokenPlus, hclsyntax.TokenMinus, hclsyntax.TokenStar, hclsyntax.TokenSlash, hclsyntax.TokenPercent,
			hclsyntax.TokenAnd, hclsyntax.TokenOr, hclsyntax.TokenBang, hclsyntax.TokenEqualOp, hclsyntax.TokenNotEqual,
			hclsyntax.TokenLessThan, hclsyntax.TokenLessThanEq, hclsyntax.TokenGreaterThan, hclsyntax.TokenGreaterThanEq,
			hclsyntax.TokenQuestion, hclsyntax.TokenOBrack, hclsyntax.TokenDot:
			n++
			if n == maxOperators+1 {
				line = t.Range.Start.Line
			}
		}
	}
	return n, line
}

// loadModule reads and decodes one directory. Diagnostics are returned,
// and whatever decoded is kept. read, when set, is given each file read.
func loadModule(dir string, read func(path string, src []byte)) (*moduleConfig, hcl.Diagnostics) {
	cfg := &moduleConfig{
		dir:        dir,
		variables:  map[string]*variable{},
		locals:     map[string]*hcl.Attribute{},
		resources:  map[string]*resource{},
		calls:      map[string]*moduleCall{},
		outputs:    map[string]*hcl.Attribute{},
		outputDecl: map[string]bool{},
		attrNames:  map[string]bool{},
		nsFuncs:    map[string]bool{},
		deepFile:   map[string]bool{},
		json:       map[string]bool{},
		files:      map[string][]byte{},
	}
	var diags hcl.Diagnostics
	paths, err := configFiles(dir)
	if err != nil {
		diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Cannot read module directory", Detail: err.Error(), Subject: &hcl.Range{Filename: dir}})
		return cfg, diags
	}
	// Override files are merged after all the others, in lexical order.
	var normal, overrides []string
	for _, path := range paths {
		if isOverrideFile(path) {
			overrides = append(overrides, path)
		} else {
			normal = append(normal, path)
		}
	}
	parser := hclparse.NewParser()
	for i, path := range append(normal, overrides...) {
		override := i >= len(normal)
		src, err := readBounded(path)
		if err != nil {
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Cannot read file", Detail: err.Error(), Subject: &hcl.Range{Filename: path}})
			continue
		}
		cfg.files[path] = src
		if read != nil {
			read(path, src)
		}
		cfg.json[path] = strings.HasSuffix(path, ".json")
		f, ds := parseFile(parser, path, src)
		diags = append(diags, ds...)
		if f == nil || f.Body == nil {
			continue
		}
		content, cds := f.Body.Content(fileSchema)
		for _, b := range content.Blocks {
			broken := (b.Type == "resource" || b.Type == "data" || b.Type == "module") && brokenBlock(b, ds)
			switch {
			case override:
				cds = append(cds, cfg.overrideBlock(b, broken)...)
			case broken && b.Type != "data":
				// Partly parsed: its values would be guesses.
			default:
				cds = append(cds, cfg.decodeBlock(b)...)
			}
		}
		diags = append(diags, cds...)
		collectNames(f.Body, cfg.attrNames, cfg.nsFuncs)
		if sb, ok := f.Body.(*hclsyntax.Body); ok {
			w := &forDepth{}
			_ = hclsyntax.Walk(sb, w)
			for _, p := range w.deep {
				cfg.deepFor = append(cfg.deepFor, p)
				cfg.deepFile[path] = true
				diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "For expressions nested too deeply",
					Detail:  fmt.Sprintf("more than %d nested for expressions multiply their sizes; the expression was not evaluated (its value is unknown)", maxForNesting),
					Subject: &hcl.Range{Filename: path, Start: p, End: p}})
			}
		}
	}
	return cfg, diags
}

func (cfg *moduleConfig) decodeBlock(b *hcl.Block) hcl.Diagnostics {
	var diags hcl.Diagnostics
	dup := func(what, name string, prev hcl.Range) {
		diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Duplicate " + what,
			Detail:  fmt.Sprintf("%s %q was already declared at %s; rename or remove one", what, name, prev),
			Subject: b.DefRange.Ptr()})
	}
	for _, l := range b.Labels {
		if !hclsyntax.ValidIdentifier(l) {
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Invalid " + b.Type + " name",
				Detail:  fmt.Sprintf("%q is not a valid name: use letters, digits, underscores and dashes, starting with a letter or underscore", l),
				Subject: b.DefRange.Ptr()})
			return diags
		}
	}
	switch b.Type {
	case "variable":
		name := b.Labels[0]
		if prev, ok := cfg.variables[name]; ok {
			dup("variable", name, prev.decl)
			return diags
		}
		v := &variable{name: name, decl: b.DefRange}
		content, _, ds := b.Body.PartialContent(variableSchema)
		diags = append(diags, ds...)
		v.attrs = content.Attributes
		diags = append(diags, v.decode()...)
		cfg.variables[name] = v
	case "locals":
		attrs, ds := b.Body.JustAttributes()
		diags = append(diags, ds...)
		for _, a := range sortedAttrs(attrs) {
			if prev, ok := cfg.locals[a.Name]; ok {
				dup("local value", a.Name, prev.NameRange)
				continue
			}
			cfg.locals[a.Name] = a
			cfg.localList = append(cfg.localList, a.Name)
		}
	case "output":
		diags = append(diags, legacyRefs(b)...)
		cfg.outputDecl[b.Labels[0]] = true
		content, _, _ := b.Body.PartialContent(outputSchema)
		if a, ok := content.Attributes["value"]; ok {
			cfg.outputs[b.Labels[0]] = a
		}
	case "resource", "data":
		diags = append(diags, legacyRefs(b)...)
		r := &resource{managed: b.Type == "resource", typ: b.Labels[0], name: b.Labels[1], decl: b.DefRange, body: b.Body}
		diags = append(diags, r.readRepetition(b.Body, "a resource may use count or for_each, not both; remove one", nil)...)
		if prev, ok := cfg.resources[r.key()]; ok {
			dup(b.Type, r.key(), prev.decl)
			return diags
		}
		cfg.resources[r.key()] = r
		cfg.resList = append(cfg.resList, r)
	case "provider":
		cfg.providers = append(cfg.providers, &resource{managed: true, typ: "provider", name: b.Labels[0], decl: b.DefRange, body: b.Body})
	case "module":
		diags = append(diags, legacyRefs(b)...)
		c := &moduleCall{name: b.Labels[0], decl: b.DefRange, inputs: map[string]*hcl.Attribute{}}
		attrs, ds := b.Body.JustAttributes()
		diags = append(diags, ds...)
		for _, a := range attrs {
			diags = append(diags, c.setArg(a)...)
		}
		if c.source == "" && !ds.HasErrors() {
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Missing module source",
				Detail: "a module block needs a source argument", Subject: b.DefRange.Ptr()})
		}
		if prev, ok := cfg.calls[c.name]; ok {
			dup("module call", c.name, prev.decl)
			return diags
		}
		cfg.calls[c.name] = c
		cfg.callList = append(cfg.callList, c)
	}
	return diags
}

// setArg records one argument of a module block.
func (c *moduleCall) setArg(a *hcl.Attribute) hcl.Diagnostics {
	switch a.Name {
	case "source":
		sv, ds := a.Expr.Value(nil)
		if ds.HasErrors() || sv.Type() != cty.String || sv.IsNull() || !sv.IsKnown() {
			return hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Invalid module source",
				Detail: "the module source must be a literal string", Subject: a.Expr.Range().Ptr()}}
		}
		c.source = sv.AsString()
	case "count":
		c.count = a.Expr
	case "for_each":
		c.forEach = a.Expr
	default:
		if !moduleMeta[a.Name] {
			c.inputs[a.Name] = a
		}
	}
	return nil
}

// decode sets the variable's type, default and nullability from its
// arguments.
func (v *variable) decode() hcl.Diagnostics {
	var diags hcl.Diagnostics
	v.typ, v.defaults, v.nullable = cty.DynamicPseudoType, nil, true
	v.def, v.hasDefault, v.nullDefault = cty.NilVal, false, false
	if a, ok := v.attrs["type"]; ok {
		if ty, ds, legacy := legacyType(a.Expr); legacy {
			diags = append(diags, ds...)
			if !ds.HasErrors() {
				v.typ = ty
			}
		} else {
			ty, defs, ds := typeexpr.TypeConstraintWithDefaults(a.Expr)
			diags = append(diags, ds...)
			if !ds.HasErrors() {
				v.typ, v.defaults = ty, defs
			}
		}
	}
	if a, ok := v.attrs["nullable"]; ok {
		nv, ds := a.Expr.Value(nil)
		diags = append(diags, ds...)
		if !ds.HasErrors() && nv.Type() == cty.Bool && nv.IsKnown() && !nv.IsNull() {
			v.nullable = nv.True()
		}
	}
	if a, ok := v.attrs["default"]; ok {
		dv, ds := a.Expr.Value(nil)
		diags = append(diags, ds...)
		if !ds.HasErrors() {
			cv, err := convertVar(v, dv)
			if err != nil {
				diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Invalid default value for variable",
					Detail: err.Error() + "; make the default match the declared type", Subject: a.Expr.Range().Ptr()})
			} else {
				v.def, v.hasDefault, v.nullDefault = cv, !cv.IsNull(), cv.IsNull()
			}
		}
	}
	return diags
}

// brokenBlock reports whether a syntax error lies inside b.
func brokenBlock(b *hcl.Block, syntax hcl.Diagnostics) bool {
	end := b.DefRange.End.Byte
	if sb, ok := b.Body.(*hclsyntax.Body); ok {
		end = sb.SrcRange.End.Byte
	}
	for _, d := range syntax {
		if d.Severity == hcl.DiagError && d.Subject != nil && d.Subject.Filename == b.DefRange.Filename &&
			d.Subject.Start.Byte >= b.DefRange.Start.Byte && d.Subject.Start.Byte <= end {
			return true
		}
	}
	return false
}

func sortedAttrs(attrs hcl.Attributes) []*hcl.Attribute {
	out := make([]*hcl.Attribute, 0, len(attrs))
	for _, a := range attrs {
		out = append(out, a)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Range.Start.Byte != out[j].Range.Start.Byte {
			return out[i].Range.Start.Byte < out[j].Range.Start.Byte
		}
		return out[i].Name < out[j].Name
	})
	return out
}

// collectNames records every attribute name a traversal reads, in
// native syntax files (JSON files: the names in their templates' scope
// traversals).
func collectNames(body hcl.Body, names, nsFuncs map[string]bool) {
	sb, ok := body.(*hclsyntax.Body)
	if !ok {
		return
	}
	_ = hclsyntax.VisitAll(sb, func(n hclsyntax.Node) hcl.Diagnostics {
		var tr hcl.Traversal
		switch x := n.(type) {
		case *hclsyntax.ScopeTraversalExpr:
			tr = x.Traversal
		case *hclsyntax.RelativeTraversalExpr:
			tr = x.Traversal
		case *hclsyntax.FunctionCallExpr:
			if strings.Contains(x.Name, "::") {
				nsFuncs[x.Name] = true
			}
		}
		for _, s := range tr {
			if a, ok := s.(hcl.TraverseAttr); ok {
				names[a.Name] = true
			}
		}
		return nil
	})
}

// maxForNesting bounds nested for expressions in one expression: each
// level can multiply the size of the result.
const maxForNesting = 3

type forDepth struct {
	depth int
	deep  []hcl.Pos
}

func (w *forDepth) Enter(n hclsyntax.Node) hcl.Diagnostics {
	if _, ok := n.(*hclsyntax.ForExpr); ok {
		w.depth++
		if w.depth == maxForNesting+1 {
			w.deep = append(w.deep, n.Range().Start)
		}
	}
	return nil
}

func (w *forDepth) Exit(n hclsyntax.Node) hcl.Diagnostics {
	if _, ok := n.(*hclsyntax.ForExpr); ok {
		w.depth--
	}
	return nil
}

// tooDeep reports whether rng contains a for expression nested too deeply.
func (cfg *moduleConfig) tooDeep(rng hcl.Range) bool {
	if !cfg.deepFile[rng.Filename] {
		return false
	}
	for _, p := range cfg.deepFor {
		if p.Byte >= rng.Start.Byte && p.Byte < rng.End.Byte {
			return true
		}
	}
	return false
}

// readRepetition reads the count and for_each arguments body sets into r.
// Both set is an error (detail says why, at subject, or at for_each when
// subject is nil), and for_each is then dropped.
func (r *resource) readRepetition(body hcl.Body, detail string, subject *hcl.Range) hcl.Diagnostics {
	content, _, diags := body.PartialContent(resourceMetaSchema)
	if a, ok := content.Attributes["count"]; ok {
		r.count = a.Expr
	}
	if a, ok := content.Attributes["for_each"]; ok {
		r.forEach = a.Expr
	}
	if r.count != nil && r.forEach != nil {
		if subject == nil {
			subject = r.forEach.Range().Ptr()
		}
		diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Invalid combination of \"count\" and \"for_each\"",
			Detail: detail, Subject: subject})
		r.forEach = nil
	}
	return diags
}
