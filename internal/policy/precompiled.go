package policy

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"reflect"
	"sync"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/ir"
	"github.com/open-policy-agent/opa/v1/version"

	"github.com/vigil-cspm/vigil/internal/model"
)

// A precompiled library is what Load computes of a rule library, made
// once at build time (Precompile) so that the binary does not parse,
// compile and plan the embedded library at every start: the rules'
// metadata, each rule's precheck, and OPA's plan of every deny set, in
// a binary form:
//
//	magic, format version, OPA's version, the rule files' digest
//	the names of the plan's statement and value types
//	the plan's string constants and file names
//	per planned function: name, callees, encoded function
//	per rule: metadata, its deny set's function, encoded precheck
//
// Functions and prechecks are decoded when a resource type that needs
// them is first prepared. Load uses the form only when it was made from
// the rule files it is given (the digest) by the OPA it runs with (the
// planner's output and its statement types are OPA's), so a stale form
// is never evaluated: Load compiles the files instead, which is slower
// but right; the library's test fails until it is made again.
const (
	precompiledMagic   = "vigil precompiled rule library\x00"
	precompiledVersion = 2
)

// Precompile loads the library of opts (Library, LibraryPrefix,
// Schemas; every rule, none from PolicyDirs), plans every rule and
// returns the form Options.Precompiled takes. The same files give the
// same bytes.
func Precompile(ctx context.Context, opts Options) ([]byte, error) {
	if len(opts.PolicyDirs) > 0 {
		return nil, errors.New("precompile: only the library is precompiled, not users' policy dirs")
	}
	opts.Precompiled, opts.Select, opts.InterpreterOnly = nil, nil, false
	e, err := Load(ctx, opts)
	if err != nil {
		return nil, err
	}
	if e.plan == nil {
		return nil, fmt.Errorf("precompile: the library has no plan: %v", e.planErr)
	}
	w := &encoder{kinds: map[reflect.Type]int{}, fields: map[reflect.Type][]int{}}
	// Functions first: encoding them collects the type names, which
	// come before them.
	funcs := make([][]byte, len(e.plan.funcs))
	for i, f := range e.plan.funcs {
		w.buf = nil
		if err := w.value(reflect.ValueOf(f.fn).Elem()); err != nil {
			return nil, fmt.Errorf("precompile: encode %s: %w", f.name, err)
		}
		funcs[i] = w.buf
	}
	w.buf = append([]byte(nil), precompiledMagic...)
	w.uvarint(precompiledVersion)
	w.string(version.Version)
	w.string(e.digest)
	w.strings(w.names)
	var static []string
	var files []string
	if s := e.plan.static; s != nil {
		for _, c := range s.Strings {
			static = append(static, c.Value)
		}
		for _, c := range s.Files {
			files = append(files, c.Value)
		}
	}
	w.strings(static)
	w.strings(files)
	w.uvarint(uint64(len(funcs)))
	for i, f := range e.plan.funcs {
		w.string(f.name)
		w.ints(f.callees)
		w.bytes(funcs[i])
	}
	w.uvarint(uint64(len(e.rules)))
	for _, r := range e.rules {
		w.meta(r)
		code := e.code[r.ID]
		w.varint(int64(code.deny))
		p, err := code.precheck()
		if err != nil {
			return nil, err
		}
		pw := &encoder{}
		if err := pw.precheck(p); err != nil {
			return nil, fmt.Errorf("precompile: %s: %w", r.ID, err)
		}
		w.bytes(pw.buf)
	}
	return w.buf, nil
}

// readPrecompiled takes e's rules, prechecks and plan from a
// precompiled library. It reports false, with no error, when b was made
// from other rule files than e's (digest) or by another OPA.
func (e *Engine) readPrecompiled(b []byte) (bool, error) {
	r := &decoder{buf: b}
	if string(r.take(len(precompiledMagic))) != precompiledMagic || r.uvarint() != precompiledVersion {
		return false, nil
	}
	if r.string() != version.Version || r.string() != e.digest || r.err != nil {
		return false, nil
	}
	kinds := r.strings()
	static := &ir.Static{}
	for _, s := range r.strings() {
		static.Strings = append(static.Strings, &ir.StringConst{Value: s})
	}
	for _, s := range r.strings() {
		static.Files = append(static.Files, &ir.StringConst{Value: s})
	}
	t := &planTable{static: static, late: lateBuiltins(), funcs: make([]planFunc, r.count())}
	types := sync.OnceValues(func() ([]reflect.Type, error) { return irTypes(kinds) })
	// The field lists of the plan's structs, shared by the functions'
	// decoders: planTable.program decodes one function at a time.
	fields := map[reflect.Type][]int{}
	for i := range t.funcs {
		f := &t.funcs[i]
		f.name = r.string()
		f.callees = r.ints()
		for _, c := range f.callees {
			if c < 0 || c >= len(t.funcs) {
				return false, fmt.Errorf("precompiled rule library: function %s calls function %d, out of range", f.name, c)
			}
		}
		blob := r.bytes()
		f.decode = func() (*ir.Func, error) {
			ts, err := types()
			if err != nil {
				return nil, err
			}
			d := &decoder{buf: blob, types: ts, fields: fields}
			fn := new(ir.Func)
			d.value(reflect.ValueOf(fn).Elem())
			return fn, d.done()
		}
	}
	n := r.count()
	for range n {
		meta := r.meta()
		deny := int(r.varint())
		blob := r.bytes()
		if deny < -1 || deny >= len(t.funcs) {
			return false, fmt.Errorf("precompiled rule library: rule %s: function %d out of range", meta.ID, deny)
		}
		if len(meta.ResourceTypes) == 0 {
			return false, fmt.Errorf("precompiled rule library: rule %s has no resource type", meta.ID)
		}
		e.rules = append(e.rules, meta)
		e.byID[meta.ID] = meta
		e.code[meta.ID] = &ruleCode{deny: deny, precheck: func() (precheck, error) {
			d := &decoder{buf: blob}
			p := d.precheck()
			return p, d.done()
		}}
	}
	if err := r.done(); err != nil {
		return false, fmt.Errorf("precompiled rule library: %w", err)
	}
	e.plan = t
	return true, nil
}

// irTypes resolves the names of the plan's statement and value types.
func irTypes(names []string) ([]reflect.Type, error) {
	known := map[string]reflect.Type{}
	add := func(v any) {
		t := reflect.TypeOf(v)
		known[t.String()] = t
		if t.Kind() == reflect.Pointer {
			known[t.Elem().String()] = t.Elem()
		}
	}
	for _, s := range ir.StmtKinds() {
		add(s)
	}
	for _, v := range ir.ValKinds() {
		add(v)
	}
	out := make([]reflect.Type, len(names))
	for i, n := range names {
		t, ok := known[n]
		if !ok {
			return nil, fmt.Errorf("precompiled rule library: this OPA has no plan type %s", n)
		}
		out[i] = t
	}
	return out, nil
}

// encoder writes the precompiled form. Plan functions are written by
// reflection over package ir's exported fields, so a statement type OPA
// adds is encoded without code here; an interface value is written as
// its type's index in names.
type encoder struct {
	buf    []byte
	kinds  map[reflect.Type]int
	names  []string
	fields map[reflect.Type][]int
}

func (w *encoder) uvarint(v uint64) { w.buf = binary.AppendUvarint(w.buf, v) }
func (w *encoder) varint(v int64)   { w.buf = binary.AppendVarint(w.buf, v) }
func (w *encoder) string(s string) {
	w.uvarint(uint64(len(s)))
	w.buf = append(w.buf, s...)
}
func (w *encoder) bytes(b []byte) {
	w.uvarint(uint64(len(b)))
	w.buf = append(w.buf, b...)
}

// list writes the length of a list, telling nil (0) from empty (1).
func (w *encoder) list(n int, isNil bool) {
	if isNil {
		w.uvarint(0)
		return
	}
	w.uvarint(uint64(n) + 1)
}

// strings writes a list of strings, telling nil from empty.
func (w *encoder) strings(l []string) {
	w.list(len(l), l == nil)
	for _, s := range l {
		w.string(s)
	}
}

func (w *encoder) ints(l []int) {
	w.uvarint(uint64(len(l)))
	for _, i := range l {
		w.uvarint(uint64(i))
	}
}

func (w *encoder) meta(r *model.RuleMeta) {
	w.string(r.ID)
	w.string(r.Title)
	w.uvarint(uint64(r.Severity))
	w.strings(r.ResourceTypes)
	w.strings(r.RelatedTypes)
	w.string(r.Description)
	w.string(r.Remediation)
	w.strings(r.References)
	w.string(r.File)
	w.string(r.Package)
	w.strings(r.Guards)
	w.strings(r.Parameters)
}

// Precheck path steps and constant kinds.
const (
	stepKey = iota
	stepIndex
	stepEach

	valueNone = iota
	valueString
	valueBool
	valueNumber
	valueNull
)

func (w *encoder) precheck(p precheck) error {
	w.list(len(p), p == nil)
	for _, body := range p {
		w.uvarint(uint64(len(body)))
		for _, c := range body {
			w.uvarint(uint64(c.kind))
			if err := w.path(c.path); err != nil {
				return err
			}
			w.list(len(c.alts), c.alts == nil)
			for _, a := range c.alts {
				if err := w.path(a); err != nil {
					return err
				}
			}
			switch v := c.value.(type) {
			case nil:
				w.uvarint(valueNone)
			case ast.String:
				w.uvarint(valueString)
				w.string(string(v))
			case ast.Boolean:
				w.uvarint(valueBool)
				w.uvarint(uint64(boolByte(bool(v))))
			case ast.Number:
				w.uvarint(valueNumber)
				w.string(string(v))
			case ast.Null:
				w.uvarint(valueNull)
			default:
				return fmt.Errorf("precheck constant %v is not a scalar", v)
			}
		}
	}
	return nil
}

func (w *encoder) path(p []any) error {
	w.list(len(p), p == nil)
	for _, s := range p {
		switch s := s.(type) {
		case string:
			w.uvarint(stepKey)
			w.string(s)
		case int:
			w.uvarint(stepIndex)
			w.varint(int64(s))
		case each:
			w.uvarint(stepEach)
		default:
			return fmt.Errorf("precheck path step %v (%T) has no encoding", s, s)
		}
	}
	return nil
}

// value writes v by reflection: integers, booleans, strings, slices
// (nil told from empty), pointers, interfaces and the exported fields of
// structs, less those JSON leaves out (ir.Location's text).
func (w *encoder) value(v reflect.Value) error {
	switch v.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		w.varint(v.Int())
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		w.uvarint(v.Uint())
	case reflect.Bool:
		w.buf = append(w.buf, boolByte(v.Bool()))
	case reflect.String:
		w.string(v.String())
	case reflect.Slice:
		w.list(v.Len(), v.IsNil())
		for i := range v.Len() {
			if err := w.value(v.Index(i)); err != nil {
				return err
			}
		}
	case reflect.Pointer:
		if v.IsNil() {
			w.uvarint(0)
			return nil
		}
		w.uvarint(1)
		return w.value(v.Elem())
	case reflect.Interface:
		if v.IsNil() {
			w.uvarint(0)
			return nil
		}
		c := v.Elem()
		k, ok := w.kinds[c.Type()]
		if !ok {
			k = len(w.names)
			w.kinds[c.Type()] = k
			w.names = append(w.names, c.Type().String())
		}
		w.uvarint(uint64(k) + 1)
		if c.Kind() == reflect.Pointer {
			if c.IsNil() {
				return fmt.Errorf("nil %s", c.Type())
			}
			c = c.Elem()
		}
		return w.value(c)
	case reflect.Struct:
		for _, i := range structFields(w.fields, v.Type()) {
			if err := w.value(v.Field(i)); err != nil {
				return err
			}
		}
	default:
		return fmt.Errorf("cannot encode a %s", v.Type())
	}
	return nil
}

// structFields returns the indices of the fields of t that are encoded.
func structFields(cache map[reflect.Type][]int, t reflect.Type) []int {
	if f, ok := cache[t]; ok {
		return f
	}
	var out []int
	for i := range t.NumField() {
		f := t.Field(i)
		if f.IsExported() && f.Tag.Get("json") != "-" {
			out = append(out, i)
		}
	}
	cache[t] = out
	return out
}

// decoder reads what encoder wrote. The first error sticks; reads after
// it return zero values.
type decoder struct {
	buf    []byte
	err    error
	types  []reflect.Type // the plan's type names, resolved
	fields map[reflect.Type][]int
}

func (r *decoder) fail(format string, args ...any) {
	if r.err == nil {
		r.err = fmt.Errorf(format, args...)
	}
}

// done reports the first error, or trailing bytes.
func (r *decoder) done() error {
	if r.err == nil && len(r.buf) > 0 {
		r.err = fmt.Errorf("%d bytes left over", len(r.buf))
	}
	return r.err
}

func (r *decoder) take(n int) []byte {
	if r.err != nil || n < 0 || n > len(r.buf) {
		r.fail("truncated")
		return nil
	}
	b := r.buf[:n:n]
	r.buf = r.buf[n:]
	return b
}

func (r *decoder) uvarint() uint64 {
	v, n := binary.Uvarint(r.buf)
	return r.integer(v, n)
}

func (r *decoder) varint() int64 {
	v, n := binary.Varint(r.buf)
	return int64(r.integer(uint64(v), n))
}

// integer consumes the n bytes of an integer read from the buffer (n <=
// 0: none could be) and returns it; 0 after an error.
func (r *decoder) integer(v uint64, n int) uint64 {
	if r.err != nil {
		return 0
	}
	if n <= 0 {
		r.fail("bad integer")
		return 0
	}
	r.buf = r.buf[n:]
	return v
}

// count reads a length, which cannot exceed the bytes left.
func (r *decoder) count() int {
	n := r.uvarint()
	if n > uint64(len(r.buf)) {
		r.fail("length %d beyond the end", n)
		return 0
	}
	return int(n)
}

func (r *decoder) string() string { return string(r.take(r.count())) }
func (r *decoder) bytes() []byte  { return r.take(r.count()) }

// list reads what encoder.list wrote: the length, and false for nil.
func (r *decoder) list() (int, bool) {
	n := r.count()
	return max(n-1, 0), n > 0
}

// readList reads a list encoder.list wrote (nil stays nil), each
// element with elem.
func readList[T any](r *decoder, elem func() T) []T {
	n, ok := r.list()
	if !ok {
		return nil
	}
	out := make([]T, n)
	for i := range out {
		out[i] = elem()
	}
	return out
}

func (r *decoder) strings() []string { return readList(r, r.string) }

func (r *decoder) ints() []int {
	out := make([]int, r.count())
	for i := range out {
		out[i] = int(r.uvarint())
	}
	return out
}

func (r *decoder) meta() *model.RuleMeta {
	m := &model.RuleMeta{}
	m.ID = r.string()
	m.Title = r.string()
	m.Severity = model.Severity(r.uvarint())
	m.ResourceTypes = r.strings()
	m.RelatedTypes = r.strings()
	m.Description = r.string()
	m.Remediation = r.string()
	m.References = r.strings()
	m.File = r.string()
	m.Package = r.string()
	m.Guards = r.strings()
	m.Parameters = r.strings()
	return m
}

func (r *decoder) precheck() precheck {
	return readList(r, func() []check {
		body := make([]check, r.count())
		for j := range body {
			c := &body[j]
			c.kind = checkKind(r.uvarint())
			c.path = r.path()
			c.alts = readList(r, r.path)
			switch r.uvarint() {
			case valueNone:
			case valueString:
				c.value = ast.String(r.string())
			case valueBool:
				c.value = ast.Boolean(r.uvarint() == 1)
			case valueNumber:
				c.value = ast.Number(r.string())
			case valueNull:
				c.value = ast.Null{}
			default:
				r.fail("bad precheck constant")
			}
		}
		return body
	})
}

func (r *decoder) path() []any {
	return readList(r, func() any {
		switch r.uvarint() {
		case stepKey:
			return r.string()
		case stepIndex:
			return int(r.varint())
		case stepEach:
			return each{}
		}
		r.fail("bad precheck path")
		return nil
	})
}

// Types the decoder reads without reflection, for speed: blocks of
// statements and operands are most of a plan.
var (
	blockType   = reflect.TypeFor[ir.Block]()
	operandType = reflect.TypeFor[ir.Operand]()
	localType   = reflect.TypeFor[ir.Local]()
	stringType  = reflect.TypeFor[ir.StringIndex]()
	boolType    = reflect.TypeFor[ir.Bool]()
)

// value reads into v (settable) what encoder.value wrote.
func (r *decoder) value(v reflect.Value) {
	if r.err != nil {
		return
	}
	switch v.Type() {
	case blockType:
		r.block(v.Addr().Interface().(*ir.Block))
		return
	case operandType:
		r.operand(v.Addr().Interface().(*ir.Operand))
		return
	}
	switch v.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(r.varint())
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		v.SetUint(r.uvarint())
	case reflect.Bool:
		b := r.take(1)
		v.SetBool(len(b) == 1 && b[0] == 1)
	case reflect.String:
		v.SetString(r.string())
	case reflect.Slice:
		n, ok := r.list()
		if !ok {
			return
		}
		s := reflect.MakeSlice(v.Type(), n, n)
		for i := range n {
			r.value(s.Index(i))
		}
		v.Set(s)
	case reflect.Pointer:
		if r.uvarint() == 0 {
			return
		}
		p := reflect.New(v.Type().Elem())
		r.value(p.Elem())
		v.Set(p)
	case reflect.Interface:
		k := r.uvarint()
		if k == 0 {
			return
		}
		if k > uint64(len(r.types)) {
			r.fail("type %d out of range", k)
			return
		}
		t := r.types[k-1]
		var c reflect.Value
		if t.Kind() == reflect.Pointer {
			c = reflect.New(t.Elem())
			r.value(c.Elem())
		} else {
			c = reflect.New(t).Elem()
			r.value(c)
		}
		if !c.Type().Implements(v.Type()) {
			r.fail("%s is not a %s", c.Type(), v.Type())
			return
		}
		v.Set(c)
	case reflect.Struct:
		for _, i := range structFields(r.fields, v.Type()) {
			r.value(v.Field(i))
		}
	default:
		r.fail("cannot decode a %s", v.Type())
	}
}

// block reads a block: its statements are pointers to structs.
func (r *decoder) block(b *ir.Block) {
	n, ok := r.list()
	if !ok {
		return
	}
	b.Stmts = make([]ir.Stmt, n)
	for i := range b.Stmts {
		t := r.typ()
		if t == nil {
			return
		}
		if t.Kind() != reflect.Pointer {
			r.fail("statement type %s is not a pointer", t)
			return
		}
		p := reflect.New(t.Elem())
		r.value(p.Elem())
		s, ok := p.Interface().(ir.Stmt)
		if !ok {
			r.fail("%s is not a statement", t)
			return
		}
		b.Stmts[i] = s
	}
}

// operand reads an operand: a local, a string constant or a boolean.
func (r *decoder) operand(o *ir.Operand) {
	t := r.typ()
	switch t {
	case nil:
	case localType:
		o.Value = ir.Local(r.varint())
	case stringType:
		o.Value = ir.StringIndex(r.varint())
	case boolType:
		b := r.take(1)
		o.Value = ir.Bool(len(b) == 1 && b[0] == 1)
	default:
		r.fail("operand type %s is unknown", t)
	}
}

// typ reads the type of an interface value; nil for a nil value.
func (r *decoder) typ() reflect.Type {
	k := r.uvarint()
	if k == 0 {
		return nil
	}
	if k > uint64(len(r.types)) {
		r.fail("type %d out of range", k)
		return nil
	}
	return r.types[k-1]
}

// boolByte is 1 for true.
func boolByte(b bool) byte {
	if b {
		return 1
	}
	return 0
}
