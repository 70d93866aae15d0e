// Package irexec evaluates Rego that OPA's planner has turned into its
// intermediate representation (package ir): an imperative plan of
// blocks, loops and calls over local variables.
//
// The engine evaluates the rule library this way because a plan does
// in one pass what OPA's interpreter (topdown) does by unification,
// backtracking and continuation closures, at a fraction of the
// allocations. Semantics follow OPA's own executor of the same plans,
// its WebAssembly compiler (internal/compiler/wasm): a statement that
// is undefined leaves its block; BreakStmt{Index: n} leaves n more
// enclosing blocks; in a ScanStmt's block, leaving the block goes on
// with the next element and leaving one more ends the scan. Built-in
// functions are OPA's own (topdown.GetBuiltin), called as topdown calls
// them: an error makes the call undefined, as in topdown's default
// (non-strict) mode, unless it is a topdown.Halt.
//
// A plan with a statement this package does not execute (WithStmt)
// still compiles; the functions and query plans that reach such a
// statement report it (Unsupported, an *UnsupportedError naming the
// statement) so the caller can evaluate them another way.
package irexec

import (
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/ir"
	"github.com/open-policy-agent/opa/v1/metrics"
	"github.com/open-policy-agent/opa/v1/topdown"
	"github.com/open-policy-agent/opa/v1/topdown/builtins"
)

// Program is a compiled plan. It is immutable and safe for concurrent
// use; each evaluation uses its own Eval.
type Program struct {
	funcs  []*Function
	byName map[string]*Function
	plans  map[string]*Plan
}

// Plan is a planned query: its blocks add an object of the query's
// variable bindings to the result set for each solution.
type Plan struct{ fn *Function }

// Unsupported returns why the plan cannot be evaluated here, as
// Function.Unsupported does, or nil.
func (p *Plan) Unsupported() error { return p.fn.unsup }

// Function is one planned function: a rule or a Rego function. Rules
// (complete and partial) take the input and data documents as their two
// parameters.
type Function struct {
	name     string
	path     []string // in data, for dynamic calls (ir.Func.Path)
	id       int
	params   []int
	ret      int
	nlocals  int
	blocks   []*block
	memo     bool
	unsup    error
	callees  []*Function
	resolved bool
}

// Name is the planned name, g0.data.<package path>.<rule>.
func (f *Function) Name() string { return f.name }

// Unsupported returns why the function cannot be evaluated here (it or
// a function it calls holds a statement this package does not execute),
// or nil. The error wraps an *UnsupportedError.
func (f *Function) Unsupported() error { return f.unsup }

// UnsupportedError is a statement of the plan this package does not
// execute.
type UnsupportedError struct {
	// Stmt is the statement's type in package ir, e.g. "WithStmt".
	Stmt string
	// Where is the statement's place in the policy source, file:line.
	Where string
}

func (e *UnsupportedError) Error() string {
	return fmt.Sprintf("holds a %s (%s), which the plan evaluator does not execute", e.Stmt, e.Where)
}

type block struct{ stmts []any }

// operand is a local (term == nil) or a constant.
type operand struct {
	local int
	term  *ast.Term
}

type (
	callStmt struct {
		fn      *Function
		builtin topdown.BuiltinFunc
		name    string // a built-in resolved per evaluation (Eval.Reset)
		void    bool   // the built-in has no result: its call never fails
		// relation: the built-in's outputs are collected in an array,
		// which the plan scans (walk)
		relation bool
		loc      *ast.Location // passed to the built-in (BuiltinContext.Location)
		args     []operand
		result   int
	}
	blockStmt struct{ blocks []*block }
	breakStmt struct{ index int }
	dotStmt   struct {
		src, key operand
		target   int
	}
	lenStmt struct {
		src    operand
		target int
	}
	scanStmt struct {
		src, key, value int
		body            *block
	}
	notStmt    struct{ body *block }
	assignStmt struct {
		src    operand
		target int
	}
	assignOnceStmt struct {
		src    operand
		target int
		err    *topdown.Error // the conflict error
	}
	constStmt struct {
		term   *ast.Term
		target int
	}
	resetStmt      struct{ target int }
	makeArrayStmt  struct{ capacity, target int }
	buildArrayStmt struct {
		elems  []operand
		target int
	}
	makeObjectStmt struct{ target int }
	makeSetStmt    struct{ target int }
	equalStmt      struct {
		a, b operand
		not  bool
	}
	isKindStmt struct {
		src  operand
		kind int
	}
	definedStmt struct {
		local int
		not   bool
	}
	arrayAppendStmt struct {
		value operand
		array int
	}
	objectInsertStmt struct {
		key, value operand
		object     int
		once       bool
		err        *topdown.Error // the conflict error
	}
	setAddStmt struct {
		value operand
		set   int
	}
	returnStmt  struct{ src int }
	resultStmt  struct{ src int }
	dynCallStmt struct {
		path   []operand
		funcs  map[string]*Function // the functions path may name, by pathKey
		args   []operand
		result int
	}
	mergeStmt struct{ a, b, target int }
	// unsupportedStmt stands for a statement Eval refuses; functions
	// reaching one are reported by Unsupported and never run.
	unsupportedStmt struct{ err *UnsupportedError }
)

const (
	kindArray = iota
	kindObject
	kindSet
)

// Compile prepares a plan for evaluation. late names the built-ins that
// are supplied per evaluation (Eval.Reset) rather than registered with
// OPA. It fails on a call to a function or built-in that exists nowhere.
func Compile(p *ir.Policy, late map[string]bool) (*Program, error) {
	prog := &Program{byName: map[string]*Function{}, plans: map[string]*Plan{}}
	c := &compiler{prog: prog, late: late}
	if p.Static != nil {
		c.static = p.Static.Strings
		c.strings = make([]*ast.Term, len(c.static))
		for _, f := range p.Static.Files {
			c.files = append(c.files, f.Value)
		}
	}
	if p.Funcs != nil {
		for i, f := range p.Funcs.Funcs {
			fn := &Function{name: f.Name, id: i, ret: int(f.Return), memo: len(f.Params) == 2}
			for _, l := range f.Params {
				fn.params = append(fn.params, int(l))
			}
			prog.funcs = append(prog.funcs, fn)
			prog.byName[f.Name] = fn
			fn.path = f.Path
		}
		for i, f := range p.Funcs.Funcs {
			if err := c.body(prog.funcs[i], f.Blocks); err != nil {
				return nil, fmt.Errorf("plan function %s: %w", f.Name, err)
			}
		}
	}
	if p.Plans != nil {
		for _, pl := range p.Plans.Plans {
			fn := &Function{name: pl.Name, id: -1, ret: -1, params: []int{int(ir.Input), int(ir.Data)}}
			if err := c.body(fn, pl.Blocks); err != nil {
				return nil, fmt.Errorf("plan %s: %w", pl.Name, err)
			}
			prog.plans[pl.Name] = &Plan{fn: fn}
		}
	}
	if err := acyclic(prog.funcs); err != nil {
		return nil, err
	}
	for _, fn := range prog.funcs {
		resolve(fn)
	}
	for _, pl := range prog.plans {
		resolve(pl.fn)
	}
	return prog, nil
}

// body compiles the blocks of fn.
func (c *compiler) body(fn *Function, blocks []*ir.Block) error {
	c.fn = fn
	c.mutations = mutations(blocks)
	c.max = fn.ret
	for _, l := range fn.params {
		c.max = max(c.max, l)
	}
	for _, b := range blocks {
		cb, err := c.block(b)
		if err != nil {
			return err
		}
		fn.blocks = append(fn.blocks, cb)
	}
	fn.nlocals = c.max + 1
	return nil
}

// pathKey is the key of a function's path in the data document.
func pathKey(path []string) string { return strings.Join(path, "\x00") }

// acyclic fails when a function calls itself, directly or through
// others: Rego forbids recursion, so only a corrupt plan (a precompiled
// form altered on disk) has it, and running it would never end.
func acyclic(funcs []*Function) error {
	const (
		unseen = iota
		open
		closed
	)
	state := make([]int, len(funcs))
	var visit func(fn *Function) error
	visit = func(fn *Function) error {
		switch state[fn.id] {
		case open:
			return fmt.Errorf("plan function %s calls itself: recursion is not Rego", fn.name)
		case closed:
			return nil
		}
		state[fn.id] = open
		for _, c := range fn.callees {
			if err := visit(c); err != nil {
				return err
			}
		}
		state[fn.id] = closed
		return nil
	}
	for _, fn := range funcs {
		if err := visit(fn); err != nil {
			return err
		}
	}
	return nil
}

// resolve marks fn unsupported when a function it calls is.
func resolve(fn *Function) error {
	if fn.resolved {
		return fn.unsup
	}
	fn.resolved = true
	for _, callee := range fn.callees {
		if err := resolve(callee); err != nil && fn.unsup == nil {
			fn.unsup = fmt.Errorf("calls %s, which %w", callee.name, err)
		}
	}
	return fn.unsup
}

// Func returns a planned function by name.
func (p *Program) Func(name string) (*Function, bool) {
	f, ok := p.byName[name]
	return f, ok
}

// Plan returns a planned query by name.
func (p *Program) Plan(name string) (*Plan, bool) {
	pl, ok := p.plans[name]
	return pl, ok
}

type compiler struct {
	prog      *Program
	late      map[string]bool
	static    []*ir.StringConst
	strings   []*ast.Term // static's terms, made on first use
	files     []string
	fn        *Function
	max       int
	mutations map[ir.Local]int // per local of fn: appends and inserts into it
}

// mutations counts, per local of a function's blocks, the statements
// that add to the collection it holds. A local assigned to another that
// is added to counts as added to itself, as it holds the same
// collection.
func mutations(blocks []*ir.Block) map[ir.Local]int {
	count := map[ir.Local]int{}
	type assign struct {
		src    ir.Operand
		target ir.Local
	}
	var assigns []assign
	Walk(blocks, func(x ir.Stmt) {
		switch s := x.(type) {
		case *ir.ArrayAppendStmt:
			count[s.Array]++
		case *ir.ObjectInsertStmt:
			count[s.Object]++
		case *ir.ObjectInsertOnceStmt:
			count[s.Object]++
		case *ir.SetAddStmt:
			count[s.Set]++
		case *ir.AssignVarStmt:
			assigns = append(assigns, assign{s.Source, s.Target})
		case *ir.AssignVarOnceStmt:
			assigns = append(assigns, assign{s.Source, s.Target})
		}
	})
	for changed := true; changed; {
		changed = false
		for _, a := range assigns {
			src, ok := a.src.Value.(ir.Local)
			if ok && count[a.target] > 0 && count[src] < 1<<20 {
				count[src] = 1 << 20 // aliased: never a literal
				changed = true
			}
		}
	}
	return count
}

// Walk calls f for every statement of blocks, in order, those of nested
// blocks (block, scan, not and with statements) included. It reads the
// statement types directly: ir.Walk's reflection is most of the cost of
// compiling a plan.
func Walk(blocks []*ir.Block, f func(ir.Stmt)) {
	for _, b := range blocks {
		if b == nil {
			continue
		}
		for _, s := range b.Stmts {
			f(s)
			switch s := s.(type) {
			case *ir.BlockStmt:
				Walk(s.Blocks, f)
			case *ir.ScanStmt:
				Walk([]*ir.Block{s.Block}, f)
			case *ir.NotStmt:
				Walk([]*ir.Block{s.Block}, f)
			case *ir.WithStmt:
				Walk([]*ir.Block{s.Block}, f)
			}
		}
	}
}

// where names a statement's place in the policy source.
func (c *compiler) where(loc ir.Location) string {
	if l := c.location(loc); l != nil {
		return l.String()
	}
	return "the policy"
}

// location is a statement's place in the policy source, or nil.
func (c *compiler) location(loc ir.Location) *ast.Location {
	if loc.File < 0 || loc.File >= len(c.files) {
		return nil
	}
	return &ast.Location{File: c.files[loc.File], Row: loc.Row, Col: loc.Col}
}

// conflict is the error topdown reports when the function being
// compiled, a rule or a Rego function, produces two values.
func (c *compiler) conflict(loc ir.Location) *topdown.Error {
	path := c.fn.name
	if i := strings.IndexByte(path, '.'); i > 0 && path[0] == 'g' {
		path = path[i+1:] // g0.data.x.p
	}
	msg := "rule " + path + " produced conflicting values"
	if len(c.fn.params) > 2 {
		msg = "function " + path + " produced conflicting values for the same inputs"
	}
	return &topdown.Error{Code: topdown.ConflictErr, Message: msg, Location: c.location(loc)}
}

func (c *compiler) local(l ir.Local) int {
	c.max = max(c.max, int(l))
	return int(l)
}

func (c *compiler) operand(o ir.Operand) (operand, error) {
	switch v := o.Value.(type) {
	case ir.Local:
		return operand{local: c.local(v)}, nil
	case ir.StringIndex:
		if int(v) < 0 || int(v) >= len(c.strings) {
			return operand{}, fmt.Errorf("string constant %d out of range", v)
		}
		if c.strings[v] == nil {
			c.strings[v] = ast.StringTerm(c.static[v].Value)
		}
		return operand{term: c.strings[v]}, nil
	case ir.Bool:
		return operand{term: ast.InternedTerm(bool(v))}, nil
	}
	return operand{}, fmt.Errorf("unknown operand %v", o.Value)
}

func (c *compiler) block(b *ir.Block) (*block, error) {
	out := &block{stmts: make([]any, 0, len(b.Stmts))}
	for i := 0; i < len(b.Stmts); i++ {
		if lit, n := c.literal(b.Stmts[i:]); lit != nil {
			out.stmts = append(out.stmts, lit...)
			i += n - 1
			continue
		}
		cs, err := c.stmt(b.Stmts[i])
		if err != nil {
			return nil, err
		}
		if cs != nil {
			out.stmts = append(out.stmts, cs)
		}
	}
	return out, nil
}

// literal recognises a collection built in one go: a Make statement
// followed by every addition ever made to its local, with nothing in
// between but constants being made. It returns the statements to run
// instead and how many of stmts they replace, or nil. A collection of
// constants becomes a constant, built once for every evaluation; an
// array of computed elements is built with one allocation instead of
// one per element (ast.Array.Append copies the array's header).
func (c *compiler) literal(stmts []ir.Stmt) ([]any, int) {
	var target ir.Local
	switch s := stmts[0].(type) {
	case *ir.MakeArrayStmt:
		target = s.Target
	case *ir.MakeSetStmt:
		target = s.Target
	case *ir.MakeObjectStmt:
		target = s.Target
	default:
		return nil, 0
	}
	want := c.mutations[target]
	if want == 0 || want >= 1<<20 {
		return nil, 0
	}
	consts := map[ir.Local]*ast.Term{}
	var out []any
	var elems []operand // array elements and set members; object keys and values alternate
	n := 1
	for added := 0; added < want; n++ {
		if n == len(stmts) {
			return nil, 0
		}
		var vals []ir.Operand
		switch s := stmts[n].(type) {
		case *ir.MakeNullStmt, *ir.MakeNumberIntStmt, *ir.MakeNumberRefStmt:
			cs, err := c.stmt(s)
			if err != nil {
				return nil, 0
			}
			k := cs.(*constStmt)
			consts[ir.Local(k.target)] = k.term
			out = append(out, cs)
			continue
		case *ir.ArrayAppendStmt:
			if s.Array != target {
				return nil, 0
			}
			vals = []ir.Operand{s.Value}
		case *ir.SetAddStmt:
			if s.Set != target {
				return nil, 0
			}
			vals = []ir.Operand{s.Value}
		case *ir.ObjectInsertStmt:
			if s.Object != target {
				return nil, 0
			}
			vals = []ir.Operand{s.Key, s.Value}
		default:
			return nil, 0
		}
		for _, v := range vals {
			o, err := c.operand(v)
			if err != nil {
				return nil, 0
			}
			if t, ok := consts[ir.Local(o.local)]; ok && o.term == nil {
				o = operand{term: t}
			}
			elems = append(elems, o)
		}
		added++
	}
	constant := true
	for _, o := range elems {
		constant = constant && o.term != nil
	}
	switch stmts[0].(type) {
	case *ir.MakeArrayStmt:
		if constant {
			return append(out, &constStmt{term: ast.ArrayTerm(terms(elems)...), target: c.local(target)}), n
		}
		return append(out, &buildArrayStmt{elems: elems, target: c.local(target)}), n
	case *ir.MakeSetStmt:
		if constant {
			return append(out, &constStmt{term: ast.SetTerm(terms(elems)...), target: c.local(target)}), n
		}
	case *ir.MakeObjectStmt:
		if constant {
			t := terms(elems)
			obj := ast.NewObject()
			for i := 0; i < len(t); i += 2 {
				if old := obj.Get(t[i]); old != nil && old.Value.Compare(t[i+1].Value) != 0 {
					return nil, 0 // a conflict: left to run, and fail, as written
				}
				obj.Insert(t[i], t[i+1])
			}
			return append(out, &constStmt{term: ast.NewTerm(obj), target: c.local(target)}), n
		}
	}
	return nil, 0
}

func terms(os []operand) []*ast.Term {
	out := make([]*ast.Term, len(os))
	for i, o := range os {
		out[i] = o.term
	}
	return out
}

// dynCall compiles a call of the function a path names, computed in
// part: every function whose path matches the constant parts is one it
// may call.
func (c *compiler) dynCall(s *ir.CallDynamicStmt) (any, error) {
	ds := &dynCallStmt{funcs: map[string]*Function{}, result: c.local(s.Result)}
	for _, a := range s.Args {
		ds.args = append(ds.args, operand{local: c.local(a)})
	}
	for _, p := range s.Path {
		o, err := c.operand(p)
		if err != nil {
			return nil, err
		}
		ds.path = append(ds.path, o)
	}
	for _, fn := range c.prog.funcs {
		if fn.path == nil || len(fn.path) != len(ds.path) {
			continue
		}
		match := true
		for i, o := range ds.path {
			if o.term == nil {
				continue
			}
			if str, ok := o.term.Value.(ast.String); !ok || string(str) != fn.path[i] {
				match = false
			}
		}
		if match {
			ds.funcs[pathKey(fn.path)] = fn
			c.fn.callees = append(c.fn.callees, fn)
		}
	}
	return ds, nil
}

func (c *compiler) unsupported(s ir.Stmt) any {
	err := &UnsupportedError{Stmt: strings.TrimPrefix(fmt.Sprintf("%T", s), "*ir."), Where: c.where(*s.GetLocation())}
	if c.fn.unsup == nil {
		c.fn.unsup = err
	}
	return &unsupportedStmt{err: err}
}

//nolint:gocyclo // one case per IR statement
func (c *compiler) stmt(s ir.Stmt) (any, error) {
	ops := func(os ...ir.Operand) ([]operand, error) {
		out := make([]operand, len(os))
		for i, o := range os {
			v, err := c.operand(o)
			if err != nil {
				return nil, err
			}
			out[i] = v
		}
		return out, nil
	}
	switch s := s.(type) {
	case *ir.CallStmt:
		args, err := ops(s.Args...)
		if err != nil {
			return nil, err
		}
		cs := &callStmt{args: args, result: c.local(s.Result)}
		if fn, ok := c.prog.byName[s.Func]; ok {
			cs.fn = fn
			c.fn.callees = append(c.fn.callees, fn)
			return cs, nil
		}
		if s.Func == ast.InternalPrint.Name {
			return nil, nil // print() output goes nowhere here, as in a scan
		}
		decl, known := ast.BuiltinMap[s.Func]
		if c.late[s.Func] {
			cs.name = s.Func
		} else if cs.builtin = topdown.GetBuiltin(s.Func); cs.builtin == nil {
			return nil, fmt.Errorf("call to unknown function %s", s.Func)
		}
		cs.void = known && decl.Decl.Result() == nil
		cs.relation = known && decl.Relation
		cs.loc = c.location(s.Location)
		return cs, nil
	case *ir.BlockStmt:
		bs := &blockStmt{}
		for _, b := range s.Blocks {
			cb, err := c.block(b)
			if err != nil {
				return nil, err
			}
			bs.blocks = append(bs.blocks, cb)
		}
		return bs, nil
	case *ir.BreakStmt:
		return &breakStmt{index: int(s.Index)}, nil
	case *ir.DotStmt:
		o, err := ops(s.Source, s.Key)
		if err != nil {
			return nil, err
		}
		return &dotStmt{src: o[0], key: o[1], target: c.local(s.Target)}, nil
	case *ir.LenStmt:
		o, err := ops(s.Source)
		if err != nil {
			return nil, err
		}
		return &lenStmt{src: o[0], target: c.local(s.Target)}, nil
	case *ir.ScanStmt:
		body, err := c.block(s.Block)
		if err != nil {
			return nil, err
		}
		return &scanStmt{src: c.local(s.Source), key: c.local(s.Key), value: c.local(s.Value), body: body}, nil
	case *ir.NotStmt:
		body, err := c.block(s.Block)
		if err != nil {
			return nil, err
		}
		return &notStmt{body: body}, nil
	case *ir.AssignIntStmt:
		return &constStmt{term: ast.IntNumberTerm(int(s.Value)), target: c.local(s.Target)}, nil
	case *ir.AssignVarStmt:
		o, err := ops(s.Source)
		if err != nil {
			return nil, err
		}
		return &assignStmt{src: o[0], target: c.local(s.Target)}, nil
	case *ir.AssignVarOnceStmt:
		o, err := ops(s.Source)
		if err != nil {
			return nil, err
		}
		return &assignOnceStmt{src: o[0], target: c.local(s.Target), err: c.conflict(s.Location)}, nil
	case *ir.ResetLocalStmt:
		return &resetStmt{target: c.local(s.Target)}, nil
	case *ir.MakeNullStmt:
		return &constStmt{term: ast.InternedNullTerm, target: c.local(s.Target)}, nil
	case *ir.MakeNumberIntStmt:
		return &constStmt{term: ast.IntNumberTerm(int(s.Value)), target: c.local(s.Target)}, nil
	case *ir.MakeNumberRefStmt:
		if s.Index < 0 || s.Index >= len(c.strings) {
			return nil, fmt.Errorf("number constant %d out of range", s.Index)
		}
		return &constStmt{term: ast.NewTerm(ast.Number(c.static[s.Index].Value)), target: c.local(s.Target)}, nil
	case *ir.MakeArrayStmt:
		return &makeArrayStmt{capacity: int(s.Capacity), target: c.local(s.Target)}, nil
	case *ir.MakeObjectStmt:
		return &makeObjectStmt{target: c.local(s.Target)}, nil
	case *ir.MakeSetStmt:
		return &makeSetStmt{target: c.local(s.Target)}, nil
	case *ir.EqualStmt:
		o, err := ops(s.A, s.B)
		if err != nil {
			return nil, err
		}
		return &equalStmt{a: o[0], b: o[1]}, nil
	case *ir.NotEqualStmt:
		o, err := ops(s.A, s.B)
		if err != nil {
			return nil, err
		}
		return &equalStmt{a: o[0], b: o[1], not: true}, nil
	case *ir.IsArrayStmt, *ir.IsObjectStmt, *ir.IsSetStmt:
		var src ir.Operand
		kind := kindArray
		switch s := s.(type) {
		case *ir.IsArrayStmt:
			src = s.Source
		case *ir.IsObjectStmt:
			src, kind = s.Source, kindObject
		case *ir.IsSetStmt:
			src, kind = s.Source, kindSet
		}
		o, err := ops(src)
		if err != nil {
			return nil, err
		}
		return &isKindStmt{src: o[0], kind: kind}, nil
	case *ir.IsDefinedStmt:
		return &definedStmt{local: c.local(s.Source)}, nil
	case *ir.IsUndefinedStmt:
		return &definedStmt{local: c.local(s.Source), not: true}, nil
	case *ir.ArrayAppendStmt:
		o, err := ops(s.Value)
		if err != nil {
			return nil, err
		}
		return &arrayAppendStmt{value: o[0], array: c.local(s.Array)}, nil
	case *ir.ObjectInsertStmt:
		o, err := ops(s.Key, s.Value)
		if err != nil {
			return nil, err
		}
		return &objectInsertStmt{key: o[0], value: o[1], object: c.local(s.Object)}, nil
	case *ir.ObjectInsertOnceStmt:
		o, err := ops(s.Key, s.Value)
		if err != nil {
			return nil, err
		}
		return &objectInsertStmt{key: o[0], value: o[1], object: c.local(s.Object), once: true,
			err: &topdown.Error{Code: topdown.ConflictErr, Message: "object keys must be unique", Location: c.location(s.Location)}}, nil
	case *ir.SetAddStmt:
		o, err := ops(s.Value)
		if err != nil {
			return nil, err
		}
		return &setAddStmt{value: o[0], set: c.local(s.Set)}, nil
	case *ir.ReturnLocalStmt:
		return &returnStmt{src: c.local(s.Source)}, nil
	case *ir.NopStmt:
		return nil, nil
	case *ir.ResultSetAddStmt:
		return &resultStmt{src: c.local(s.Value)}, nil
	case *ir.CallDynamicStmt:
		return c.dynCall(s)
	case *ir.ObjectMergeStmt:
		return &mergeStmt{a: c.local(s.A), b: c.local(s.B), target: c.local(s.Target)}, nil
	}
	return c.unsupported(s), nil
}

// Block results: the number of enclosing blocks still to leave (0 means
// only the block that returned it), or one of these.
const (
	next   = -1 // fell off the end of the block
	ret    = -2 // a ReturnLocalStmt ran
	failed = -3 // an error ended evaluation: Eval.err
)

// Eval evaluates a Program's functions for one input. Reset it before
// each input; it is not safe for concurrent use.
type Eval struct {
	bctx  topdown.BuiltinContext
	cache builtins.Cache // bctx.Cache, emptied by Reset
	late  map[string]*topdown.Builtin

	stack   []*ast.Term
	args    []*ast.Term
	memo    []*ast.Term
	memoGen []uint32
	gen     uint32
	out     *ast.Term
	outSeen bool
	iter    func(*ast.Term) error
	rel     []*ast.Term           // a relation's outputs
	relIter func(*ast.Term) error // collects them
	ret     *ast.Term
	err     error
	root    [2]*ast.Term // input and data, a rule's arguments
	results []*ast.Term  // a query's result set (Query)
}

// NewEval returns an evaluator of p.
func (p *Program) NewEval() *Eval {
	e := &Eval{memo: make([]*ast.Term, len(p.funcs)), memoGen: make([]uint32, len(p.funcs))}
	e.iter = func(t *ast.Term) error {
		e.out, e.outSeen = t, true
		return nil
	}
	e.relIter = func(t *ast.Term) error {
		e.rel = append(e.rel, t)
		return nil
	}
	return e
}

// Reset readies e for a new input. late supplies the built-ins named
// late at Compile. bctx is what every built-in is passed, completed as
// topdown.Query completes it for each query: an empty intra-query cache
// (Cache), the time of the call to Reset when Time is nil (time.now_ns),
// crypto/rand when Seed is nil, metrics that record nothing when Metrics
// is nil, and the place of each call (Location). The caller sets the
// rest: Context, Capabilities, PrintHook, the inter-query caches.
func (e *Eval) Reset(input, data *ast.Term, bctx topdown.BuiltinContext, late map[string]*topdown.Builtin) {
	if e.cache == nil {
		e.cache = builtins.Cache{}
	}
	clear(e.cache)
	bctx.Cache = e.cache
	if bctx.Time == nil {
		bctx.Time = ast.NumberTerm(json.Number(strconv.FormatInt(time.Now().UnixNano(), 10)))
	}
	if bctx.Seed == nil {
		bctx.Seed = rand.Reader
	}
	if bctx.Metrics == nil {
		bctx.Metrics = metrics.NoOp()
	}
	e.bctx, e.late = bctx, late
	e.gen++
	if e.gen == 0 { // wrapped: forget every memo
		clear(e.memoGen)
		e.gen = 1
	}
	e.root = [2]*ast.Term{input, data}
	e.err = nil
	// Frames left by a panic (a value with no JSON form in the input) and
	// those of the last input are dropped, not kept alive.
	clear(e.stack[:cap(e.stack)])
	clear(e.args[:cap(e.args)])
	e.stack, e.args = e.stack[:0], e.args[:0]
}

// ErrUnsupported is returned by Call for a function that Unsupported
// reports.
var ErrUnsupported = errors.New("unsupported by the plan evaluator")

// Call evaluates a rule: f applied to the input and data documents. It
// returns nil when the rule is undefined. Results of rules are kept
// until the next Reset, so rules called from several rules run once.
func (e *Eval) Call(f *Function) (*ast.Term, error) {
	if f.unsup != nil {
		return nil, fmt.Errorf("%s: %w: %w", f.name, ErrUnsupported, f.unsup)
	}
	if len(f.params) != 2 {
		return nil, fmt.Errorf("%s takes %d arguments, not the input and data documents", f.name, len(f.params))
	}
	e.err = nil
	t := e.call(f, e.root[:])
	if e.err != nil {
		return nil, e.err
	}
	return t, nil
}

// Query evaluates a planned query over the input and data documents and
// returns its result set: an object of the query's variable bindings per
// solution.
func (e *Eval) Query(p *Plan) ([]*ast.Term, error) {
	if p.fn.unsup != nil {
		return nil, fmt.Errorf("%s: %w: %w", p.fn.name, ErrUnsupported, p.fn.unsup)
	}
	e.err, e.results = nil, nil
	e.call(p.fn, e.root[:])
	if e.err != nil {
		return nil, e.err
	}
	return e.results, nil
}

func (e *Eval) call(f *Function, args []*ast.Term) *ast.Term {
	if f.memo && e.memoGen[f.id] == e.gen {
		return e.memo[f.id]
	}
	base := len(e.stack)
	for range f.nlocals {
		e.stack = append(e.stack, nil)
	}
	l := e.stack[base : base+f.nlocals : base+f.nlocals]
	for i, p := range f.params {
		l[p] = args[i]
	}
	var out *ast.Term
	for _, b := range f.blocks {
		c := e.block(l, b)
		if c == ret {
			out = e.ret
			break
		}
		if c == failed {
			break
		}
	}
	clear(l)
	e.stack = e.stack[:base]
	if f.memo && e.err == nil {
		e.memo[f.id], e.memoGen[f.id] = out, e.gen
	}
	return out
}

func (o operand) read(l []*ast.Term) *ast.Term {
	if o.term != nil {
		return o.term
	}
	return l[o.local]
}

// block runs b's statements over the frame l.
//
//nolint:gocyclo // one case per statement
func (e *Eval) block(l []*ast.Term, b *block) int {
	for _, s := range b.stmts {
		switch s := s.(type) {
		case *assignStmt:
			l[s.target] = s.src.read(l)
		case *dotStmt:
			src, key := s.src.read(l), s.key.read(l)
			if src == nil || key == nil {
				return 0
			}
			v := dot(src.Value, key)
			if v == nil {
				return 0
			}
			l[s.target] = v
		case *callStmt:
			if c := e.callStmt(l, s); c != next {
				return c
			}
		case *equalStmt:
			a, b := s.a.read(l), s.b.read(l)
			if a == nil || b == nil {
				return 0
			}
			if (a.Value.Compare(b.Value) == 0) == s.not {
				return 0
			}
		case *constStmt:
			l[s.target] = s.term
		case *resetStmt:
			l[s.target] = nil
		case *definedStmt:
			if (l[s.local] != nil) == s.not {
				return 0
			}
		case *makeArrayStmt:
			l[s.target] = ast.NewTerm(ast.NewArrayWithCapacity(s.capacity))
		case *buildArrayStmt:
			elems := make([]*ast.Term, len(s.elems))
			for i, o := range s.elems {
				if elems[i] = o.read(l); elems[i] == nil {
					return 0
				}
			}
			l[s.target] = ast.ArrayTerm(elems...)
		case *makeObjectStmt:
			l[s.target] = ast.NewTerm(ast.NewObject())
		case *makeSetStmt:
			l[s.target] = ast.NewTerm(ast.NewSet())
		case *arrayAppendStmt:
			arr, v := l[s.array], s.value.read(l)
			if arr == nil || v == nil {
				return 0
			}
			a, ok := arr.Value.(*ast.Array)
			if !ok {
				return 0
			}
			// Appending in place keeps every alias of the local (a
			// comprehension's result is assigned on) seeing the array.
			arr.Value = a.Append(v)
		case *objectInsertStmt:
			obj, k, v := l[s.object], s.key.read(l), s.value.read(l)
			if obj == nil || k == nil || v == nil {
				return 0
			}
			o, ok := obj.Value.(ast.Object)
			if !ok {
				return 0
			}
			if s.once {
				if old := o.Get(k); old != nil {
					if old.Value.Compare(v.Value) != 0 {
						e.err = s.err
						return failed
					}
					continue
				}
			}
			o.Insert(k, v)
		case *setAddStmt:
			set, v := l[s.set], s.value.read(l)
			if set == nil || v == nil {
				return 0
			}
			st, ok := set.Value.(ast.Set)
			if !ok {
				return 0
			}
			st.Add(v)
		case *assignOnceStmt:
			v := s.src.read(l)
			if old := l[s.target]; old != nil && v != nil && old.Value.Compare(v.Value) != 0 {
				e.err = s.err
				return failed
			}
			l[s.target] = v
		case *scanStmt:
			if c := e.scan(l, s); c != next {
				return c
			}
		case *notStmt:
			switch c := e.block(l, s.body); {
			case c == next:
				return 0 // the negated body held
			case c == 0:
				// the negated body was undefined: not holds
			case c < 0:
				return c
			default:
				return c - 1
			}
		case *blockStmt:
			for _, inner := range s.blocks {
				c := e.block(l, inner)
				if c < next {
					return c
				}
				if c > 0 {
					return c - 1
				}
			}
		case *breakStmt:
			return s.index
		case *isKindStmt:
			v := s.src.read(l)
			if v == nil || !isKind(v.Value, s.kind) {
				return 0
			}
		case *lenStmt:
			v := s.src.read(l)
			if v == nil {
				return 0
			}
			l[s.target] = ast.InternedTerm(length(v.Value))
		case *returnStmt:
			e.ret = l[s.src]
			return ret
		case *dynCallStmt:
			if c := e.dynCall(l, s); c != next {
				return c
			}
		case *mergeStmt:
			l[s.target] = merge(l[s.a], l[s.b])
		case *resultStmt:
			if v := l[s.src]; v != nil {
				e.results = append(e.results, v)
			}
		case *unsupportedStmt:
			e.err = fmt.Errorf("%w: %w", ErrUnsupported, s.err)
			return failed
		default:
			e.err = fmt.Errorf("unknown compiled statement %T", s)
			return failed
		}
	}
	return next
}

// scan runs s's block for each element of its source. Leaving the block
// goes on with the next element; leaving one more block ends the scan
// (the caller goes on after it); anything further leaves the caller's
// blocks.
func (e *Eval) scan(l []*ast.Term, s *scanStmt) int {
	src := l[s.src]
	if src == nil {
		return next
	}
	if arr, ok := src.Value.(*ast.Array); ok {
		for i := range arr.Len() {
			l[s.key], l[s.value] = ast.InternedTerm(i), arr.Elem(i)
			if c, stop := scanStep(e.block(l, s.body)); stop {
				return c
			}
		}
		return next
	}
	res := next
	step := func(k, v *ast.Term) bool {
		l[s.key], l[s.value] = k, v
		c, stop := scanStep(e.block(l, s.body))
		res = c
		return stop
	}
	switch v := src.Value.(type) {
	case ast.Object:
		v.Until(step)
	case ast.Set:
		v.Until(func(x *ast.Term) bool { return step(x, x) })
	}
	return res
}

// scanStep interprets what a scan's block returned: whether the scan
// stops, and then what the scan statement returns.
func scanStep(c int) (int, bool) {
	switch {
	case c == next || c == 0:
		return next, false
	case c == 1:
		return next, true
	case c < 0:
		return c, true
	default:
		return c - 2, true
	}
}

func (e *Eval) callStmt(l []*ast.Term, s *callStmt) int {
	if s.fn != nil {
		return e.callFunc(l, s.fn, s.args, s.result)
	}
	f := s.builtin
	if f == nil {
		b, ok := e.late[s.name]
		if !ok {
			e.err = fmt.Errorf("built-in %s is not available in this evaluation", s.name)
			return failed
		}
		f = b.Func
	}
	// Built-ins neither keep their operands nor call back into the plan,
	// so the operands can live on e.args.
	base := len(e.args)
	defer func() { e.args = e.args[:base] }()
	for _, a := range s.args {
		v := a.read(l)
		if v == nil {
			return 0
		}
		e.args = append(e.args, v)
	}
	iter := e.iter
	if s.relation {
		iter, e.rel = e.relIter, nil
	}
	e.out, e.outSeen = nil, false
	e.bctx.Location = s.loc
	if err := f(e.bctx, e.args[base:len(e.args):len(e.args)], iter); err != nil {
		var halt topdown.Halt
		if errors.As(err, &halt) {
			e.err = halt.Err
			return failed
		}
		return 0 // topdown's default: a built-in's error makes it undefined
	}
	switch {
	case s.void:
		return next
	case s.relation:
		l[s.result] = ast.ArrayTerm(e.rel...)
		e.rel = nil
		return next
	case !e.outSeen:
		return 0
	}
	l[s.result] = e.out
	return next
}

// callFunc calls a planned function with args and keeps its value in
// l[result].
func (e *Eval) callFunc(l []*ast.Term, fn *Function, args []operand, result int) int {
	// An argument may be undefined: the input document when there is
	// none.
	base := len(e.args)
	for _, a := range args {
		e.args = append(e.args, a.read(l))
	}
	// call copies the arguments into the callee's frame before anything
	// can append to e.args.
	out := e.call(fn, e.args[base:])
	e.args = e.args[:base]
	if e.err != nil {
		return failed
	}
	if out == nil {
		return 0
	}
	l[result] = out
	return next
}

// dynCall calls the function whose path in data s.path holds. As in
// OPA's WebAssembly, no such function leaves the block (the plan then
// looks the reference up in data), and an undefined value leaves the
// three blocks the planner wraps the lookup in as well.
func (e *Eval) dynCall(l []*ast.Term, s *dynCallStmt) int {
	var key strings.Builder
	for i, o := range s.path {
		v := o.read(l)
		if v == nil {
			return 0
		}
		str, ok := v.Value.(ast.String)
		if !ok {
			return 0
		}
		if i > 0 {
			key.WriteByte(0)
		}
		key.WriteString(string(str))
	}
	fn, ok := s.funcs[key.String()]
	if !ok {
		return 0
	}
	if c := e.callFunc(l, fn, s.args, s.result); c != 0 {
		return c
	}
	return 3
}

// merge merges a base document a with a virtual document b as OPA's
// WebAssembly does: b when a is undefined, a when either is not an
// object, otherwise their keys, the values of common keys merged.
func merge(a, b *ast.Term) *ast.Term {
	if a == nil {
		return b
	}
	ao, ok := a.Value.(ast.Object)
	if !ok || b == nil {
		return a
	}
	bo, ok := b.Value.(ast.Object)
	if !ok {
		return a
	}
	out, _ := ao.MergeWith(bo, func(v, w *ast.Term) (*ast.Term, bool) { return merge(v, w), false })
	return ast.NewTerm(out)
}

func dot(src ast.Value, key *ast.Term) *ast.Term {
	switch v := src.(type) {
	case ast.Object:
		return v.Get(key)
	case *ast.Array:
		return v.Get(key)
	case ast.Set:
		if v.Contains(key) {
			return key
		}
	}
	return nil
}

func isKind(v ast.Value, kind int) bool {
	switch v.(type) {
	case *ast.Array:
		return kind == kindArray
	case ast.Object:
		return kind == kindObject
	case ast.Set:
		return kind == kindSet
	}
	return false
}

func length(v ast.Value) int {
	switch v := v.(type) {
	case *ast.Array:
		return v.Len()
	case ast.Object:
		return v.Len()
	case ast.Set:
		return v.Len()
	case ast.String:
		return len([]rune(string(v)))
	}
	return 0
}
