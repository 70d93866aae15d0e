package policy

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/storage"
	"github.com/open-policy-agent/opa/v1/storage/inmem"
	"github.com/open-policy-agent/opa/v1/topdown"

	"github.com/vigil-cspm/vigil/internal/model"
	"github.com/vigil-cspm/vigil/internal/policy/irexec"
)

// Options configure Load.
type Options struct {
	// Library is the embedded rule library (rules/); may be nil.
	Library fs.FS
	// LibraryPrefix is prepended to library file names in metadata and
	// errors, e.g. "rules/".
	LibraryPrefix string
	// Schemas holds one <type>.json JSON Schema per resource type.
	Schemas fs.FS
	// PolicyDirs are users' rule directories, loaded after the library.
	PolicyDirs []string
	// Select, when set, limits evaluation to the rules it accepts. All
	// rules are still loaded and type-checked.
	Select func(*model.RuleMeta) bool
	// CheckLibrary type-checks the embedded library against the schemas
	// too. Users' rules are always checked. The library is checked by its
	// own test suite (a misspelled attribute fails go test), so the binary
	// skips that work at start-up: it is most of the start-up time.
	CheckLibrary bool
	// AllowNetBuiltins lets rules call the built-ins that reach outside
	// the process (http.send, net.lookup_ip_addr, opa.runtime) and
	// json.match_schema fetch remote schemas. Without it a rule calling
	// one fails to load.
	AllowNetBuiltins bool
	// InterpreterOnly evaluates every rule with OPA's interpreter instead
	// of from its plan, for tests that compare both evaluators: the
	// results are the same, only slower.
	InterpreterOnly bool
	// Precompiled is the library as Precompile made it at build time
	// from the same Library, LibraryPrefix and Schemas. Load then takes
	// the rules' metadata, prechecks and plan from it instead of
	// parsing, compiling and planning the library, and OPA's compiler
	// is only run if a rule must be left to the interpreter. It is not
	// used when PolicyDirs, CheckLibrary or InterpreterOnly ask for the
	// compiler, nor when it was made from other rule files or by another
	// version of OPA: Load then compiles the library as without it.
	Precompiled []byte
}

// Engine evaluates resources against a compiled rule library. It is safe
// for concurrent use.
type Engine struct {
	rules    []*model.RuleMeta
	byID     map[string]*model.RuleMeta
	code     map[string]*ruleCode // by rule ID
	queries  map[string]*typeQuery
	schemas  *schemaSet
	selected map[string]bool
	// related are the selected rules' related types, sorted; cross the
	// selected rules that read any (both set by prepare).
	related []string
	cross   []*model.RuleMeta
	// noPrecheck evaluates every rule on every resource of its types,
	// without the prechecks (for tests that compare both ways).
	noPrecheck bool
	// tracer, when set, follows every evaluation (tests: see
	// export_test.go).
	tracer topdown.QueryTracer
	// opaCache evaluates with OPA's own virtual cache instead of
	// flatCache (for tests that compare both).
	opaCache bool
	// noPlan evaluates every rule with OPA's interpreter instead of its
	// plan (Options.InterpreterOnly).
	noPlan bool
	// plan holds the rules' plan (plan.go); planErr why there is none.
	plan    *planTable
	planErr error
	// interp is the library compiled for OPA's interpreter: compiled by
	// Load, or on first use when the library was precompiled.
	interp func() (*interpreter, error)
	// caps are the capabilities the rules were compiled with, which
	// built-ins are passed.
	caps func() *ast.Capabilities
	// precompiled says the engine was loaded from Options.Precompiled.
	precompiled bool
	digest      string
}

// Digest is the SHA-256 of the rule files loaded (names and contents,
// the library's and users' alike).
func (e *Engine) Digest() string { return e.digest }

// Precompiled reports whether the library was taken from
// Options.Precompiled rather than compiled.
func (e *Engine) Precompiled() bool { return e.precompiled }

// interpreter is what OPA's interpreter evaluates rules with.
type interpreter struct {
	compiler *ast.Compiler
	store    storage.Store
}

// ruleCode is what the engine evaluates of one rule beside its
// metadata, from the compiler or from the precompiled library.
type ruleCode struct {
	// deny is the index in the plan of the function computing the
	// rule's deny set; -1 when there is none.
	deny int
	// precheck reads the rule's precheck (precheck.go).
	precheck func() (precheck, error)
}

// typeQuery holds the selected rules of one resource type and, once
// prepared (Engine.prepared, on the first resource of the type), their
// prechecks, their planned functions and the queries over them that
// OPA's interpreter evaluates (rules left out of the plan, or every rule
// without one), compiled on first use.
type typeQuery struct {
	rules []*model.RuleMeta

	once  sync.Once
	err   error
	pre   []precheck         // per rule
	deny  []*irexec.Function // per rule; nil: left to the interpreter
	why   []error            // per rule left to the interpreter: why
	evals sync.Pool          // *irexec.Eval of the type's program

	mu      sync.Mutex
	subsets map[string]*subsetQuery // keyed by the rules' indices, uvarints
}

// subsetQuery is one compiled query over some of a type's rules: var i
// holds the deny set of rules[i].
type subsetQuery struct {
	body  ast.Body
	vars  []ast.Var
	rules []*model.RuleMeta
}

// ruleFile is one rule file to load.
type ruleFile struct {
	name  string
	src   []byte
	check bool
}

// Load reads, validates, type-checks and compiles the rules, or takes
// the library from Options.Precompiled.
func Load(ctx context.Context, opts Options) (*Engine, error) {
	schemas, err := loadSchemas(opts.Schemas)
	if err != nil {
		return nil, err
	}
	files, err := readRuleFiles(opts)
	if err != nil {
		return nil, err
	}
	e := &Engine{byID: map[string]*model.RuleMeta{}, code: map[string]*ruleCode{}, queries: map[string]*typeQuery{},
		schemas: schemas, noPlan: opts.InterpreterOnly, digest: digest(files)}
	if opts.Precompiled != nil && len(opts.PolicyDirs) == 0 && !opts.CheckLibrary && !opts.InterpreterOnly {
		ok, err := e.readPrecompiled(opts.Precompiled)
		if err != nil {
			return nil, err
		}
		if ok {
			e.precompiled = true
			e.caps = sync.OnceValue(func() *ast.Capabilities { return capabilities(opts.AllowNetBuiltins) })
			e.interp = sync.OnceValues(func() (*interpreter, error) {
				c, _, err := compileRules(files, opts, schemas)
				if err != nil {
					return nil, fmt.Errorf("compile the rule library for the interpreter: %w", err)
				}
				return &interpreter{compiler: c, store: inmem.New()}, nil
			})
			e.prepare(opts.Select)
			return e, nil
		}
	}
	c, metas, err := compileRules(files, opts, schemas)
	if err != nil {
		return nil, err
	}
	it := &interpreter{compiler: c, store: inmem.New()}
	e.interp = func() (*interpreter, error) { return it, nil }
	e.caps = c.Capabilities
	for _, meta := range metas {
		e.byID[meta.ID] = meta
		e.rules = append(e.rules, meta)
		ref := c.Modules[meta.File].Package.Path.Append(ast.StringTerm("deny"))
		e.code[meta.ID] = &ruleCode{deny: -1, precheck: func() (precheck, error) { return prechecks(c.GetRulesExact(ref)), nil }}
	}
	e.prepare(opts.Select)
	if !opts.InterpreterOnly {
		e.plan, e.planErr = e.planRules(ctx, c, e.selectedRules())
	}
	return e, nil
}

// readRuleFiles reads the library's rule files, then the users'.
func readRuleFiles(opts Options) ([]ruleFile, error) {
	var files []ruleFile
	if opts.Library != nil {
		err := fs.WalkDir(opts.Library, ".", func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() {
				if d.Name() == "testdata" {
					return fs.SkipDir
				}
				return nil
			}
			if !isRuleFile(p) {
				return nil
			}
			b, err := fs.ReadFile(opts.Library, p)
			if err != nil {
				return err
			}
			files = append(files, ruleFile{opts.LibraryPrefix + p, b, opts.CheckLibrary})
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("read rule library: %w", err)
		}
	}
	for _, dir := range opts.PolicyDirs {
		n := 0
		err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() {
				if d.Name() == "testdata" || (strings.HasPrefix(d.Name(), ".") && p != dir) {
					return filepath.SkipDir
				}
				return nil
			}
			if !isRuleFile(p) {
				return nil
			}
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			n++
			files = append(files, ruleFile{p, b, true})
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("read policy dir %s: %w (check the path given to --policy-dir)", dir, err)
		}
		if n == 0 {
			return nil, fmt.Errorf("policy dir %s holds no .rego files: check the path given to --policy-dir", dir)
		}
	}
	return files, nil
}

// digest is the SHA-256 of rule files, names and contents.
func digest(files []ruleFile) string {
	h := sha256.New()
	for _, f := range files {
		fmt.Fprintf(h, "%s\x00%d\x00", f.name, len(f.src))
		h.Write(f.src)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// compileRules parses, validates, type-checks and compiles rule files,
// and returns the compiler and the rules' metadata sorted by ID, with
// their guards.
func compileRules(files []ruleFile, opts Options, schemas *schemaSet) (*ast.Compiler, []*model.RuleMeta, error) {
	caps := capabilities(opts.AllowNetBuiltins)
	byID := map[string]*model.RuleMeta{}
	var metas []*model.RuleMeta
	modules := map[string]*ast.Module{}
	var errs Errors
	addErr := func(err error) {
		switch v := err.(type) {
		case Errors:
			errs = append(errs, v...)
		case *Error:
			errs = append(errs, v)
		default:
			errs = append(errs, &Error{Message: err.Error()})
		}
	}
	for _, f := range files {
		m, err := parseModule(f.name, string(f.src), caps)
		if err != nil {
			addErr(err)
			continue
		}
		meta, err := ruleMeta(f.name, m, schemas.has)
		if err != nil {
			addErr(err)
			continue
		}
		if meta != nil {
			if prev, dup := byID[meta.ID]; dup {
				addErr(&Error{File: f.name, Line: m.Package.Location.Row, Message: fmt.Sprintf("rule id %s is already used by %s: rule ids must be unique", meta.ID, prev.File)})
				continue
			}
			if f.check {
				if err := attachSchema(m, meta, schemas); err != nil {
					return nil, nil, err
				}
			}
			byID[meta.ID] = meta
			metas = append(metas, meta)
		}
		modules[f.name] = m
	}
	if len(errs) > 0 {
		return nil, nil, errs
	}
	c := ast.NewCompiler().
		WithCapabilities(caps).
		WithSchemas(ast.NewSchemaSet()).
		WithUseTypeCheckAnnotations(true)
	c.Compile(modules)
	if c.Failed() {
		return nil, nil, locate("", outsideErrors(c.Errors))
	}
	byFile := map[string]*model.RuleMeta{}
	for _, meta := range metas {
		m := c.Modules[meta.File]
		meta.Guards = guards(m)
		errs = append(errs, checkReads(m, meta)...)
		byFile[meta.File] = meta
	}
	for _, name := range slices.Sorted(maps.Keys(c.Modules)) {
		names, perrs := paramCalls(c.Modules[name], name)
		errs = append(errs, perrs...)
		if meta := byFile[name]; meta != nil {
			meta.Parameters = names
		}
	}
	if len(errs) > 0 {
		sort.Slice(errs, func(i, j int) bool {
			return errs[i].File < errs[j].File || errs[i].File == errs[j].File && errs[i].Line < errs[j].Line
		})
		return nil, nil, errs
	}
	sort.Slice(metas, func(i, j int) bool { return metas[i].ID < metas[j].ID })
	return c, metas, nil
}

// knownGuard is the library function rules call to judge an attribute
// only when it was read.
const knownGuard = "data.vigil.lib.aws.known"

// dottedRef is the reference a dotted path of plain names stands for
// (data.vigil.lib.aws.known), built without the parser, which costs
// far more than the reference.
func dottedRef(path string) ast.Ref {
	parts := strings.Split(path, ".")
	ref := make(ast.Ref, len(parts))
	ref[0] = ast.VarTerm(parts[0])
	for i, p := range parts[1:] {
		ref[i+1] = ast.StringTerm(p)
	}
	return ref
}

// guards returns the attributes a compiled rule module checks with
// aws.known.
func guards(m *ast.Module) []string {
	knownGuard := dottedRef(knownGuard)
	set := map[string]bool{}
	ast.WalkExprs(m, func(x *ast.Expr) bool {
		if !x.IsCall() || !x.Operator().Equal(knownGuard) {
			return false
		}
		if ops := x.Operands(); len(ops) == 1 {
			if s, ok := ops[0].Value.(ast.String); ok {
				set[string(s)] = true
			}
		}
		return false
	})
	out := make([]string, 0, len(set))
	for g := range set {
		out = append(out, g)
	}
	sort.Strings(out)
	return out
}

func isRuleFile(p string) bool {
	return strings.HasSuffix(p, ".rego") && !strings.HasSuffix(p, "_test.rego")
}

// schemaSet holds the resource types' JSON Schemas, decoded on first
// use: the binary's start-up only needs their names.
type schemaSet struct {
	fsys    fs.FS
	files   map[string]string // type → file
	mu      sync.Mutex
	decoded map[string]any
}

func loadSchemas(fsys fs.FS) (*schemaSet, error) {
	s := &schemaSet{fsys: fsys, files: map[string]string{}, decoded: map[string]any{}}
	if fsys == nil {
		return s, nil
	}
	entries, err := fs.Glob(fsys, "*.json")
	if err != nil {
		return nil, err
	}
	for _, p := range entries {
		s.files[strings.TrimSuffix(path.Base(p), ".json")] = p
	}
	return s, nil
}

func (s *schemaSet) has(typ string) bool { _, ok := s.files[typ]; return ok }

// get decodes a type's schema.
func (s *schemaSet) get(typ string) (any, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if v, ok := s.decoded[typ]; ok {
		return v, nil
	}
	file, ok := s.files[typ]
	if !ok {
		return nil, fmt.Errorf("no schema for type %s", typ)
	}
	b, err := fs.ReadFile(s.fsys, file)
	if err != nil {
		return nil, fmt.Errorf("read schema %s: %w", file, err)
	}
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		return nil, fmt.Errorf("schema %s: %w", file, err)
	}
	s.decoded[typ] = v
	return v, nil
}

// attachSchema declares the input schema of a rule — its types' schemas —
// so the compiler rejects reads of attributes those types do not have.
func attachSchema(m *ast.Module, meta *model.RuleMeta, schemas *schemaSet) error {
	alts := make([]any, 0, len(meta.ResourceTypes))
	for _, t := range meta.ResourceTypes {
		s, err := schemas.get(t)
		if err != nil {
			return err
		}
		alts = append(alts, s)
	}
	def := alts[0]
	if len(alts) > 1 {
		def = map[string]any{"anyOf": alts}
	}
	a := packageAnnotation(m)
	a.Schemas = append(a.Schemas, &ast.SchemaAnnotation{Path: ast.MustParseRef("input"), Definition: &def})
	return nil
}

// prepare groups the selected rules by resource type. Each type's rules
// are prepared on first use (prepared).
func (e *Engine) prepare(sel func(*model.RuleMeta) bool) {
	byType := map[string][]*model.RuleMeta{}
	e.selected = map[string]bool{}
	for _, r := range e.rules {
		if sel != nil && !sel(r) {
			continue
		}
		e.selected[r.ID] = true
		for _, t := range r.ResourceTypes {
			byType[t] = append(byType[t], r)
		}
	}
	for typ, rules := range byType {
		e.queries[typ] = &typeQuery{rules: rules, subsets: map[string]*subsetQuery{}}
	}
	set := map[string]bool{}
	e.cross = nil
	for _, r := range e.rules {
		if e.selected[r.ID] && len(r.RelatedTypes) > 0 {
			e.cross = append(e.cross, r)
			for _, t := range r.RelatedTypes {
				set[t] = true
			}
		}
	}
	e.related = slices.Sorted(maps.Keys(set))
}

// selectedRules returns the selected rules, sorted by ID.
func (e *Engine) selectedRules() []*model.RuleMeta {
	var out []*model.RuleMeta
	for _, r := range e.rules {
		if e.selected[r.ID] {
			out = append(out, r)
		}
	}
	return out
}

// prepared returns the rules of a resource type, prepared: their
// prechecks read and their planned functions compiled into one program
// (a scan prepares only the types it meets). It returns nil for a type
// no selected rule reads.
func (e *Engine) prepared(typ string) (*typeQuery, error) {
	q, ok := e.queries[typ]
	if !ok {
		return nil, nil
	}
	q.once.Do(func() {
		// A precompiled form that decodes into nonsense, or a bug, is
		// an error for every resource of the type, never a crash.
		defer func() {
			if p := recover(); p != nil {
				q.err = fmt.Errorf("prepare the rules for %s: %v", typ, p)
			}
		}()
		q.err = e.prepareType(typ, q)
	})
	return q, q.err
}

func (e *Engine) prepareType(typ string, q *typeQuery) error {
	q.pre = make([]precheck, len(q.rules))
	q.deny = make([]*irexec.Function, len(q.rules))
	q.why = make([]error, len(q.rules))
	var roots []int
	for i, r := range q.rules {
		code := e.code[r.ID]
		p, err := code.precheck()
		if err != nil {
			return fmt.Errorf("prepare %s for %s: %w", r.ID, typ, err)
		}
		q.pre[i] = p
		if code.deny >= 0 {
			roots = append(roots, code.deny)
		}
	}
	if e.plan == nil {
		return nil // Evaluator says why
	}
	prog, err := e.plan.program(roots)
	if err != nil {
		return fmt.Errorf("prepare the plan of the rules for %s: %w", typ, err)
	}
	q.evals.New = func() any { return prog.NewEval() }
	for i, r := range q.rules {
		d := e.code[r.ID].deny
		if d < 0 {
			q.why[i] = errors.New("the planner made no function of its deny set")
			continue
		}
		fn, ok := prog.Func(e.plan.funcs[d].name)
		switch {
		case !ok:
			q.why[i] = errors.New("its deny set's function is missing from the plan")
		case fn.Unsupported() != nil:
			q.why[i] = fmt.Errorf("its deny set %w", fn.Unsupported())
		default:
			q.deny[i] = fn
		}
	}
	return nil
}

// compileSubset compiles the query that evaluates rules together.
func (e *Engine) compileSubset(typ string, rules []*model.RuleMeta) (*subsetQuery, error) {
	it, err := e.interp()
	if err != nil {
		return nil, err
	}
	q := &subsetQuery{rules: rules}
	var exprs []string
	for i, r := range rules {
		v := ast.Var(fmt.Sprintf("r%d", i))
		q.vars = append(q.vars, v)
		exprs = append(exprs, fmt.Sprintf("%s = data.%s.deny", v, r.Package))
	}
	body, err := ast.ParseBody(strings.Join(exprs, "; "))
	if err != nil {
		return nil, fmt.Errorf("build query for %s: %w", typ, err)
	}
	compiled, err := it.compiler.QueryCompiler().Compile(body)
	if err != nil {
		return nil, fmt.Errorf("compile query for %s: %w", typ, err)
	}
	q.body = compiled
	return q, nil
}

// active returns the indices of the type's rules that pick accepts (nil
// accepts all) and whose prechecks the resource input in passes.
func (e *Engine) active(q *typeQuery, in map[string]any, pick func(*model.RuleMeta) bool) []int {
	active := make([]int, 0, len(q.rules))
	for i, p := range q.pre {
		if pick != nil && !pick(q.rules[i]) {
			continue
		}
		if e.noPrecheck || p.may(in) {
			active = append(active, i)
		}
	}
	return active
}

// subset returns the compiled query over the type's rules at the
// indices idx (ascending).
func (e *Engine) subset(typ string, q *typeQuery, idx []int) (*subsetQuery, error) {
	var key []byte
	for _, i := range idx {
		key = binary.AppendUvarint(key, uint64(i))
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	if sq, ok := q.subsets[string(key)]; ok {
		return sq, nil
	}
	rules := make([]*model.RuleMeta, len(idx))
	for j, i := range idx {
		rules[j] = q.rules[i]
	}
	sq, err := e.compileSubset(typ, rules)
	if err != nil {
		return nil, err
	}
	q.subsets[string(key)] = sq
	return sq, nil
}

// Selected reports whether a rule is evaluated (see Options.Select).
func (e *Engine) Selected(id string) bool { return e.selected[id] }

// RelatedTypes returns, sorted, the types the selected rules read across
// resources (their related_types): what a scan's resource index must
// hold.
func (e *Engine) RelatedTypes() []string { return slices.Clone(e.related) }

// CrossRules returns the selected rules that read other resources (with
// related_types), sorted by ID; the caller must not change them.
func (e *Engine) CrossRules() []*model.RuleMeta { return e.cross }

// Rules returns the metadata of every loaded rule, sorted by ID.
func (e *Engine) Rules() []*model.RuleMeta { return e.rules }

// Rule returns a rule's metadata by ID.
func (e *Engine) Rule(id string) (*model.RuleMeta, bool) {
	r, ok := e.byID[id]
	return r, ok
}

// Schema returns the JSON Schema of a resource type.
func (e *Engine) Schema(typ string) (any, error) { return e.schemas.get(typ) }

// Types returns the resource types with a schema, sorted.
func (e *Engine) Types() []string {
	out := make([]string, 0, len(e.schemas.files))
	for t := range e.schemas.files {
		out = append(out, t)
	}
	sort.Strings(out)
	return out
}

// Result is one deny of one rule on one resource.
type Result struct {
	Rule     *model.RuleMeta
	Resource *model.Resource
	Message  string
	Evidence model.Evidence
	Related  string
}

// Evaluate evaluates every resource in inv against the selected rules
// that pick accepts (nil: all of them), in parallel, and returns the
// results in resource order. Every rule sees the same time
// (time.now_ns), taken when Evaluate starts.
func (e *Engine) Evaluate(ctx context.Context, inv *Inventory, pick func(*model.RuleMeta) bool) ([]Result, error) {
	ev := e.newEvaluation(ctx, inv)
	ev.pick = pick
	n := inv.g.Len()
	perRes := make([][]Result, n)
	workers := runtime.GOMAXPROCS(0)
	var (
		wg       sync.WaitGroup
		mu       sync.Mutex
		firstErr error
		next     = make(chan int, workers*4)
	)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				res, err := e.evalOne(ctx, ev, i)
				if err != nil {
					mu.Lock()
					if firstErr == nil {
						firstErr = err
					}
					mu.Unlock()
					continue
				}
				perRes[i] = res
			}
		}()
	}
	for i := 0; i < n; i++ {
		if ctx.Err() != nil {
			break
		}
		if _, ok := e.queries[inv.g.At(i).Type]; !ok || inv.excluded(i) {
			continue
		}
		next <- i
	}
	close(next)
	wg.Wait()
	if firstErr != nil {
		return nil, firstErr
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var out []Result
	for _, r := range perRes {
		out = append(out, r...)
	}
	return out, nil
}

// evaluation is what the evaluations of one call of Evaluate share.
type evaluation struct {
	inv *Inventory
	// now is the time every rule sees (time.now_ns and the built-ins
	// that read the time), from the plan or the interpreter: OPA's
	// interpreter fixes it per query, the engine per Evaluate.
	now time.Time
	// bctx is what the plan's built-ins are passed; irexec completes it
	// per resource as topdown does per query (intra-query cache,
	// random source, call location).
	bctx topdown.BuiltinContext
	// pick selects the rules evaluated (nil: every selected rule).
	pick func(*model.RuleMeta) bool
	// data is the data document of the plan: empty, since rules read
	// the inventory through built-ins.
	data *ast.Term
}

func (e *Engine) newEvaluation(ctx context.Context, inv *Inventory) *evaluation {
	now := time.Now()
	return &evaluation{inv: inv, now: now, data: ast.NewTerm(ast.NewObject()), bctx: topdown.BuiltinContext{
		Context:      ctx,
		Time:         ast.NumberTerm(json.Number(strconv.FormatInt(now.UnixNano(), 10))),
		Capabilities: e.caps(),
	}}
}

func (e *Engine) evalOne(ctx context.Context, ev *evaluation, i int) (out []Result, err error) {
	inv := ev.inv
	r := inv.g.At(i)
	defer func() {
		// evalPlanned and evalTopdown name the rules; this is the rest.
		if p := recover(); p != nil {
			out, err = nil, panicked(r, "the rules of "+r.Type, p)
		}
	}()
	in := r.Input()
	tq, err := e.prepared(r.Type)
	if err != nil {
		return nil, err
	}
	active := e.active(tq, in, ev.pick)
	if len(active) == 0 {
		return nil, nil
	}
	input, err := inv.evalInput(i, in)
	if err != nil {
		return nil, err
	}
	if e.plan != nil && !e.noPlan && !e.opaCache && e.tracer == nil {
		out, active, err = e.evalPlanned(ev, r, tq, active, input, out)
		if err != nil {
			return nil, err
		}
	}
	if len(active) > 0 {
		if out, err = e.evalTopdown(ctx, ev, r, tq, active, input, out); err != nil {
			return nil, err
		}
	}
	sort.SliceStable(out, func(a, b int) bool {
		if out[a].Rule.ID != out[b].Rule.ID {
			return out[a].Rule.ID < out[b].Rule.ID
		}
		return out[a].Evidence.Path < out[b].Evidence.Path
	})
	return out, nil
}

// evalTopdown appends the results of the type's rules at the indices
// active, evaluated by OPA's interpreter, to out.
func (e *Engine) evalTopdown(ctx context.Context, ev *evaluation, r *model.Resource, tq *typeQuery, active []int, input ast.Value, out []Result) (_ []Result, err error) {
	q, err := e.subset(r.Type, tq, active)
	if err != nil {
		return nil, err
	}
	defer func() {
		if p := recover(); p != nil {
			err = panicked(r, q.ruleIDs(), p)
		}
	}()
	it, err := e.interp()
	if err != nil {
		return nil, err
	}
	txn, err := it.store.NewTransaction(ctx)
	if err != nil {
		return nil, err
	}
	defer it.store.Abort(ctx, txn)
	var vc topdown.VirtualCache
	if !e.opaCache {
		fc := getFlatCache()
		defer putFlatCache(fc)
		vc = fc
	}
	err = topdown.NewQuery(q.body).
		WithVirtualCache(vc).
		WithCompiler(it.compiler).
		WithStore(it.store).
		WithTransaction(txn).
		WithBuiltins(ev.inv.builtins).
		WithTime(ev.now).
		WithInput(ast.NewTerm(input)).
		WithQueryTracer(e.tracer).
		Iter(ctx, func(qr topdown.QueryResult) error {
			for vi, v := range q.vars {
				t, ok := qr[v]
				if !ok {
					continue
				}
				set, ok := t.Value.(ast.Set)
				if !ok {
					continue
				}
				rule := q.rules[vi]
				set.Foreach(func(item *ast.Term) {
					out = append(out, toResult(rule, r, item))
				})
			}
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("evaluate %s on %s: %w", q.ruleIDs(), r.ID, err)
	}
	return out, nil
}

// panicked is the error for a panic while rules were evaluated on r. The
// input is converted as rules read it (ast.LazyObject), and that
// conversion panics on a value with no JSON form: then the resource is
// at fault and the error says so. Otherwise a built-in or the evaluator
// failed, which is an engine error naming the rules and the resource.
func panicked(r *model.Resource, rules string, p any) error {
	if _, err := ast.InterfaceToValue(r.Input()); err != nil {
		return fmt.Errorf("resource %s cannot be rule input (evaluating %s): %w", r.ID, rules, err)
	}
	return fmt.Errorf("evaluate %s on %s: panic in a built-in or the evaluator: %v", rules, r.ID, p)
}

func (q *subsetQuery) ruleIDs() string {
	ids := make([]string, len(q.rules))
	for i, r := range q.rules {
		ids[i] = r.ID
	}
	return strings.Join(ids, ",")
}

func toResult(rule *model.RuleMeta, r *model.Resource, item *ast.Term) Result {
	res := Result{Rule: rule, Resource: r}
	switch v := item.Value.(type) {
	case ast.String:
		res.Message = string(v)
	case ast.Object:
		if m := v.Get(ast.InternedTerm("msg")); m != nil {
			if s, ok := m.Value.(ast.String); ok {
				res.Message = string(s)
			}
		}
		if p := v.Get(ast.InternedTerm("path")); p != nil {
			if s, ok := p.Value.(ast.String); ok {
				res.Evidence.Path = string(s)
			}
		}
		if val := v.Get(ast.InternedTerm("value")); val != nil {
			if j, err := ast.JSON(val.Value); err == nil {
				res.Evidence.Value = j
			}
		}
		if rel := v.Get(ast.InternedTerm("related")); rel != nil {
			if s, ok := rel.Value.(ast.String); ok {
				res.Related = string(s)
			}
		}
	default:
		res.Message = item.String()
	}
	if res.Message == "" {
		res.Message = rule.Title
	}
	return res
}
