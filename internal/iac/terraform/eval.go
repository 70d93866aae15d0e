package terraform

import (
	"fmt"
	"path/filepath"
	"strconv"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"

	"github.com/vigil-cspm/vigil/internal/iac/cloudres"
)

const (
	stNew = iota
	stBusy
	stDone
)

// slot is a lazily evaluated named value (variable, local, output).
type slot struct {
	state int
	val   cty.Value
	ref   *cloudres.Ref // set when the value is unknown and its expression is a pure reference
}

// scope carries the per-instance names: count.index, each.*, and
// dynamic block iterators.
type scope struct {
	count *cty.Value
	each  *[2]cty.Value
	iters map[string]cty.Value
}

func (s *scope) withIter(name string, v cty.Value) *scope {
	n := &scope{iters: map[string]cty.Value{}}
	if s != nil {
		n.count, n.each = s.count, s.each
		for k, x := range s.iters {
			n.iters[k] = x
		}
	}
	n.iters[name] = v
	return n
}

const (
	kindSingle = iota
	kindCount
	kindForEach
	kindUnknown
)

type instKey struct {
	key  cty.Value // number (count) or string (for_each)
	each cty.Value // each.value
}

func (k instKey) String() string {
	if k.key.Type() == cty.Number {
		bf := k.key.AsBigFloat()
		i, _ := bf.Int64()
		return "[" + strconv.FormatInt(i, 10) + "]"
	}
	return "[" + strconv.Quote(k.key.AsString()) + "]"
}

func (k instKey) scope(kind int) *scope {
	switch kind {
	case kindCount:
		v := k.key
		return &scope{count: &v}
	case kindForEach:
		return &scope{each: &[2]cty.Value{k.key, k.each}}
	}
	return nil
}

type resState struct {
	state int
	kind  int
	keys  []instKey
	attrs []map[string]cty.Value // per instance, configured attributes
	insts []cloudres.Instance
	val   cty.Value
	extra map[string]bool // attribute names val offers beyond attrs
}

type callState struct {
	state int
	kind  int
	keys  []instKey
	insts []*modInst
}

// modInst is one instance of a module: the root, or a module call's
// instance.
type modInst struct {
	r         *run
	cfg       *moduleConfig
	parent    *modInst
	call      *moduleCall
	callScope *scope
	prefix    string // address prefix: `module.a["x"].`
	keyPath   string // manifest key: "a.b"
	dirs      []string
	callFile  string
	callLine  int
	vars      map[string]*slot
	locals    map[string]*slot
	outputs   map[string]*slot
	res       map[string]*resState
	calls     map[string]*callState
	provs     []cloudres.Instance // the provider blocks, evaluated
	funcs     map[string]function.Function
	pathMod   string
}

func (r *run) newInst(cfg *moduleConfig, parent *modInst, call *moduleCall, sc *scope, prefix string, dirs []string) *modInst {
	m := &modInst{r: r, cfg: cfg, parent: parent, call: call, callScope: sc, prefix: prefix, dirs: dirs,
		vars: map[string]*slot{}, locals: map[string]*slot{}, outputs: map[string]*slot{},
		res: map[string]*resState{}, calls: map[string]*callState{}}
	m.pathMod = "."
	if rel, err := filepath.Rel(r.rootAbs, dirs[len(dirs)-1]); err == nil {
		m.pathMod = filepath.ToSlash(rel)
	}
	if parent != nil {
		m.keyPath = call.name
		if parent.keyPath != "" {
			m.keyPath = parent.keyPath + "." + call.name
		}
		m.callFile, m.callLine = parent.callFile, parent.callLine
		if parent.parent == nil {
			m.callFile, m.callLine = call.decl.Filename, call.decl.Start.Line
		}
	}
	m.funcs = makeFunctions(r, dirs[len(dirs)-1])
	return m
}

// evalAll evaluates everything the module declares that terraform plan
// would: variables, locals, resources, data sources and module calls.
func (m *modInst) evalAll() {
	for _, name := range sortedKeys(m.cfg.variables) {
		m.variable(name)
	}
	for _, name := range m.cfg.localList {
		m.local(name)
	}
	for _, res := range m.cfg.resList {
		m.resource(res)
	}
	m.providers()
	for _, c := range m.cfg.callList {
		cs := m.callState(c)
		for _, child := range cs.insts {
			child.evalAll()
		}
	}
}

// eval evaluates expr in the module with the instance scope sc. On
// error the value is unknown and the diagnostics are recorded.
func (m *modInst) eval(expr hcl.Expression, sc *scope) cty.Value {
	rng := expr.Range()
	if !m.r.step(rng) || m.cfg.tooDeep(rng) {
		return cty.DynamicVal
	}
	ctx := m.context(expr.Variables(), sc)
	v, diags := expr.Value(ctx)
	if diags.HasErrors() {
		m.r.diags(diags, rng.Filename)
		return cty.DynamicVal
	}
	if n := valueSize(v, maxValueSize); n > maxValueSize {
		m.r.errorAt(rng, "Value too large", fmt.Sprintf("the expression produces more than %d elements or bytes; it was not evaluated further (its value is unknown)", maxValueSize))
		return cty.DynamicVal
	}
	return v
}

// maxValueSize bounds the elements plus string bytes of one value, so
// that values built from values (locals of locals) cannot grow without
// end.
const maxValueSize = 16 << 20

// valueSize counts v's elements and string bytes, stopping past limit.
func valueSize(v cty.Value, limit int) int {
	v, _ = v.UnmarkDeep()
	if !v.IsKnown() || v.IsNull() {
		return 1
	}
	ty := v.Type()
	switch {
	case ty == cty.String:
		return 1 + len(v.AsString())
	case ty.IsListType() || ty.IsSetType() || ty.IsTupleType() || ty.IsMapType() || ty.IsObjectType():
		n := 1
		for it := v.ElementIterator(); it.Next() && n <= limit; {
			_, e := it.Element()
			n += valueSize(e, limit-n)
		}
		return n
	}
	return 1
}

func attrStep(t hcl.Traversal, i int) (string, bool) {
	if i >= len(t) {
		return "", false
	}
	a, ok := t[i].(hcl.TraverseAttr)
	return a.Name, ok
}

// context builds the evaluation context for the traversals an
// expression makes, resolving each referenced object on demand.
func (m *modInst) context(trs []hcl.Traversal, sc *scope) *hcl.EvalContext {
	vars := map[string]cty.Value{}
	varObj := map[string]cty.Value{}
	localObj := map[string]cty.Value{}
	modObj := map[string]cty.Value{}
	dataObj := map[string]map[string]cty.Value{}
	resObj := map[string]map[string]cty.Value{}
	bad := func(t hcl.Traversal, summary, detail string) {
		m.r.errorAt(t.SourceRange(), summary, detail)
	}
	for _, t := range trs {
		root := t.RootName()
		if sc != nil {
			if v, ok := sc.iters[root]; ok {
				vars[root] = v
				continue
			}
		}
		switch root {
		case "var", "local", "module":
			name, ok := attrStep(t, 1)
			if !ok {
				bad(t, "Invalid reference", fmt.Sprintf("a reference to %s must be followed by a name: %s.NAME", root, root))
				if root == "var" {
					vars[root] = cty.DynamicVal
				}
				continue
			}
			switch root {
			case "var":
				if _, ok := m.cfg.variables[name]; !ok {
					bad(t, "Reference to undeclared input variable", fmt.Sprintf("no variable %q is declared in this module; declare it in a variable block", name))
					varObj[name] = cty.DynamicVal
					continue
				}
				varObj[name] = m.variable(name)
			case "local":
				if _, ok := m.cfg.locals[name]; !ok {
					bad(t, "Reference to undeclared local value", fmt.Sprintf("no local value %q is declared in this module; declare it in a locals block", name))
					localObj[name] = cty.DynamicVal
					continue
				}
				localObj[name] = m.local(name)
			case "module":
				c, ok := m.cfg.calls[name]
				if !ok {
					bad(t, "Reference to undeclared module", fmt.Sprintf("no module call %q is declared in this module; add a module block", name))
					modObj[name] = cty.DynamicVal
					continue
				}
				modObj[name] = m.moduleValue(c, t)
			}
		case "data":
			typ, ok1 := attrStep(t, 1)
			name, ok2 := attrStep(t, 2)
			if !ok1 || !ok2 {
				bad(t, "Invalid reference", "a data source reference is data.TYPE.NAME")
				continue
			}
			if dataObj[typ] == nil {
				dataObj[typ] = map[string]cty.Value{}
			}
			res, ok := m.cfg.resources["data."+typ+"."+name]
			if !ok {
				bad(t, "Reference to undeclared data source", fmt.Sprintf("no data %q %q block is declared in this module", typ, name))
			}
			// Data sources are read at plan time from the provider:
			// their results are unknown here, but for the policy
			// documents the provider renders from the arguments alone.
			dataObj[typ][name] = cty.DynamicVal
			if ok && typ == policyDocumentType {
				dataObj[typ][name] = m.resourceValue(res, t)
			}
		case "path":
			vars[root] = cty.ObjectVal(map[string]cty.Value{
				"module": cty.StringVal(m.pathMod), "root": cty.StringVal("."), "cwd": cty.StringVal(m.r.rootAbs)})
		case "terraform":
			vars[root] = cty.ObjectVal(map[string]cty.Value{"workspace": cty.StringVal("default")})
		case "count":
			if sc == nil || sc.count == nil {
				bad(t, "Reference to \"count\" in non-counted context", "count.index is only available where count is set")
				vars[root] = cty.DynamicVal
				continue
			}
			vars[root] = cty.ObjectVal(map[string]cty.Value{"index": *sc.count})
		case "each":
			if sc == nil || sc.each == nil {
				bad(t, "Reference to \"each\" in context without for_each", "each.key and each.value are only available where for_each is set")
				vars[root] = cty.DynamicVal
				continue
			}
			vars[root] = cty.ObjectVal(map[string]cty.Value{"key": sc.each[0], "value": sc.each[1]})
		case "self":
			vars[root] = cty.DynamicVal
		default:
			name, ok := attrStep(t, 1)
			if !ok {
				bad(t, "Invalid reference", fmt.Sprintf("%q is not a known object; a resource reference is TYPE.NAME", root))
				vars[root] = cty.DynamicVal
				continue
			}
			if resObj[root] == nil {
				resObj[root] = map[string]cty.Value{}
			}
			res, ok := m.cfg.resources[root+"."+name]
			if !ok {
				bad(t, "Reference to undeclared resource", fmt.Sprintf("no resource %q %q is declared in this module", root, name))
				resObj[root][name] = cty.DynamicVal
				continue
			}
			resObj[root][name] = m.resourceValue(res, t)
		}
	}
	if len(varObj) > 0 {
		vars["var"] = cty.ObjectVal(varObj)
	}
	if len(localObj) > 0 {
		vars["local"] = cty.ObjectVal(localObj)
	}
	if len(modObj) > 0 {
		vars["module"] = cty.ObjectVal(modObj)
	}
	if len(dataObj) > 0 {
		d := map[string]cty.Value{}
		for k, v := range dataObj {
			d[k] = cty.ObjectVal(v)
		}
		vars["data"] = cty.ObjectVal(d)
	}
	for k, v := range resObj {
		vars[k] = cty.ObjectVal(v)
	}
	return &hcl.EvalContext{Variables: vars, Functions: m.funcs}
}

// variable returns var.name: the caller's value converted to the
// declared type, else the default, else unknown.
func (m *modInst) variable(name string) cty.Value {
	v := m.cfg.variables[name]
	s := m.vars[name]
	if s == nil {
		s = &slot{}
		m.vars[name] = s
	}
	if s.state == stDone {
		return s.val
	}
	if !m.r.enter(m.prefix+"var."+name, s.state == stBusy, v.decl) {
		return cty.DynamicVal
	}
	s.state = stBusy
	defer m.r.leave()
	val, have := cty.NilVal, false
	if m.parent == nil {
		if rv, ok := m.r.rootVals[name]; ok {
			val, have = rv, true
		}
	} else if a, ok := m.call.inputs[name]; ok {
		pv := m.parent.eval(a.Expr, m.callScope)
		cv, err := convertVar(v, pv)
		switch {
		case err != nil:
			m.r.errorAt(a.Expr.Range(), "Invalid value for module input", err.Error()+"; fix the argument")
			val, have = cty.UnknownVal(v.typ), true
		case cv.IsNull() && !v.nullable:
		default:
			val, have = cv, true
			if !cv.IsKnown() {
				if ref, ok := m.parent.pureRef(a.Expr, m.callScope); ok {
					s.ref = &ref
				}
			}
		}
	}
	if !have {
		switch {
		case v.hasDefault:
			val = v.def
		case v.nullDefault:
			val = v.def // declared default = null
		default:
			// No value: known only when the user gives it.
			val = cty.UnknownVal(v.typ)
		}
	}
	s.val, s.state = val, stDone
	return val
}

// local returns local.name.
func (m *modInst) local(name string) cty.Value {
	a := m.cfg.locals[name]
	return m.named(m.locals, name, "local.", a, a.NameRange)
}

// output returns the module's output name.
func (m *modInst) output(name string) cty.Value {
	a, ok := m.cfg.outputs[name]
	if !ok {
		return cty.DynamicVal
	}
	return m.named(m.outputs, name, "output.", a, a.Range)
}

// named evaluates a local or an output once, detecting cycles, and
// remembers the resource it refers to when its value is unknown.
func (m *modInst) named(slots map[string]*slot, name, kind string, a *hcl.Attribute, rng hcl.Range) cty.Value {
	s := slots[name]
	if s == nil {
		s = &slot{}
		slots[name] = s
	}
	if s.state == stDone {
		return s.val
	}
	if !m.r.enter(m.prefix+kind+name, s.state == stBusy, rng) {
		return cty.DynamicVal
	}
	s.state = stBusy
	defer m.r.leave()
	val := m.eval(a.Expr, nil)
	if !val.IsKnown() {
		if ref, ok := m.pureRef(a.Expr, nil); ok {
			s.ref = &ref
		}
	}
	s.val, s.state = val, stDone
	return val
}

// expand evaluates count or for_each into instance keys.
func (m *modInst) expand(count, forEach hcl.Expression, what string) (int, []instKey) {
	switch {
	case count != nil:
		v := m.eval(count, nil)
		rng := count.Range()
		v, _ = v.UnmarkDeep()
		if !v.IsKnown() {
			m.r.errorAt(rng, "Invalid count argument", fmt.Sprintf("the count of %s depends on values not known before apply (a variable without a value, a data source or another resource's attribute), so its instances were not evaluated; give the variables values with --var or --var-file", what))
			return kindUnknown, nil
		}
		if v.IsNull() {
			m.r.errorAt(rng, "Invalid count argument", "count must not be null; use 0 for no instances")
			return kindUnknown, nil
		}
		n, err := convertNumber(v)
		if err != nil {
			m.r.errorAt(rng, "Invalid count argument", err.Error())
			return kindUnknown, nil
		}
		if n > MaxInstances {
			m.r.errorAt(rng, "Too many instances", fmt.Sprintf("count is %d; more than %d instances of %s are not evaluated", n, MaxInstances, what))
			return kindUnknown, nil
		}
		keys := make([]instKey, n)
		for i := range keys {
			keys[i] = instKey{key: cty.NumberIntVal(int64(i))}
		}
		return kindCount, keys
	case forEach != nil:
		v := m.eval(forEach, nil)
		rng := forEach.Range()
		v, _ = v.UnmarkDeep()
		ty := v.Type()
		if !v.IsKnown() || (!v.IsNull() && ty.IsSetType() && !v.IsWhollyKnown()) {
			m.r.errorAt(rng, "Invalid for_each argument", fmt.Sprintf("the for_each of %s depends on values not known before apply (a variable without a value, a data source or another resource's attribute), so its instances were not evaluated; give the variables values with --var or --var-file", what))
			return kindUnknown, nil
		}
		if v.IsNull() {
			m.r.errorAt(rng, "Invalid for_each argument", "for_each must not be null; use {} for no instances")
			return kindUnknown, nil
		}
		switch {
		case ty.IsMapType() || ty.IsObjectType():
		case ty.IsSetType() && (ty.ElementType() == cty.String || ty.ElementType() == cty.DynamicPseudoType):
		default:
			m.r.errorAt(rng, "Invalid for_each argument", fmt.Sprintf("for_each must be a map, an object or a set of strings, not %s; convert a list with toset(...)", ty.FriendlyName()))
			return kindUnknown, nil
		}
		if v.LengthInt() > MaxInstances {
			m.r.errorAt(rng, "Too many instances", fmt.Sprintf("for_each has %d elements; more than %d instances of %s are not evaluated", v.LengthInt(), MaxInstances, what))
			return kindUnknown, nil
		}
		var keys []instKey
		for it := v.ElementIterator(); it.Next(); {
			k, e := it.Element()
			if ty.IsSetType() {
				if e.IsNull() || e.Type() != cty.String {
					m.r.errorAt(rng, "Invalid for_each argument", "a for_each set must hold strings only, none of them null")
					return kindUnknown, nil
				}
				k = e
			}
			keys = append(keys, instKey{key: k, each: e})
		}
		return kindForEach, keys
	}
	return kindSingle, []instKey{{}}
}

func convertNumber(v cty.Value) (int, error) {
	if v.Type() != cty.Number {
		if v.Type() == cty.String {
			nv, err := stringToNumber(v.AsString())
			if err != nil {
				return 0, fmt.Errorf("count must be a whole number, not %q", v.AsString())
			}
			v = nv
		} else {
			return 0, fmt.Errorf("count must be a whole number, not %s", v.Type().FriendlyName())
		}
	}
	bf := v.AsBigFloat()
	if !bf.IsInt() {
		return 0, fmt.Errorf("count must be a whole number, not %s", bf.Text('g', -1))
	}
	n, _ := bf.Int64()
	if n < 0 {
		return 0, fmt.Errorf("count must not be negative (it is %d)", n)
	}
	if n > 1<<31 {
		n = 1 << 31
	}
	return int(n), nil
}

func stringToNumber(s string) (cty.Value, error) {
	return cty.ParseNumberVal(s)
}

// refKey renders a traversal index step as an address key.
func refKey(s hcl.Traverser) (string, bool) {
	ix, ok := s.(hcl.TraverseIndex)
	if !ok || !ix.Key.IsKnown() || ix.Key.IsNull() {
		return "", false
	}
	switch ix.Key.Type() {
	case cty.Number:
		bf := ix.Key.AsBigFloat()
		if !bf.IsInt() {
			return "", false
		}
		return instKey{key: ix.Key}.String(), true
	case cty.String:
		return instKey{key: ix.Key}.String(), true
	}
	return "", false
}

// pureRef reports whether expr is exactly a reference to another
// object's attribute, and to which.
func (m *modInst) pureRef(expr hcl.Expression, sc *scope) (cloudres.Ref, bool) {
	switch x := expr.(type) {
	case *hclsyntax.TemplateWrapExpr:
		return m.pureRef(x.Wrapped, sc)
	case *hclsyntax.ScopeTraversalExpr:
		return m.refFor(x.Traversal)
	case *hclsyntax.RelativeTraversalExpr:
		ix, ok := x.Source.(*hclsyntax.IndexExpr)
		if !ok {
			return cloudres.Ref{}, false
		}
		coll, ok := ix.Collection.(*hclsyntax.ScopeTraversalExpr)
		if !ok {
			return cloudres.Ref{}, false
		}
		k := m.eval(ix.Key, sc)
		if !k.IsKnown() || k.IsNull() {
			return cloudres.Ref{}, false
		}
		t := append(append(hcl.Traversal{}, coll.Traversal...), hcl.TraverseIndex{Key: k})
		return m.refFor(append(t, x.Traversal...))
	}
	if t, ok := m.jsonRef(expr); ok {
		return m.refFor(t)
	}
	return cloudres.Ref{}, false
}

// refFor turns a traversal into the reference it names.
func (m *modInst) refFor(t hcl.Traversal) (cloudres.Ref, bool) {
	none := cloudres.Ref{}
	root := t.RootName()
	steps := t[1:]
	// tail reads an optional index then exactly one attribute.
	tail := func(s []hcl.Traverser) (key, attr string, ok bool) {
		if len(s) > 0 {
			if _, isIx := s[0].(hcl.TraverseIndex); isIx {
				if key, ok = refKey(s[0]); !ok {
					return "", "", false
				}
				s = s[1:]
			}
		}
		if len(s) != 1 {
			return "", "", false
		}
		a, isAttr := s[0].(hcl.TraverseAttr)
		return key, a.Name, isAttr
	}
	switch root {
	case "var", "local":
		if len(steps) != 1 {
			return none, false
		}
		a, ok := steps[0].(hcl.TraverseAttr)
		if !ok {
			return none, false
		}
		s := m.vars[a.Name]
		if root == "local" {
			s = m.locals[a.Name]
		}
		if s != nil && s.ref != nil {
			return *s.ref, true
		}
	case "module":
		if len(steps) < 2 {
			return none, false
		}
		a, ok := steps[0].(hcl.TraverseAttr)
		if !ok {
			return none, false
		}
		key, out, ok := tail(steps[1:])
		if !ok {
			return none, false
		}
		if cs := m.calls[a.Name]; cs != nil {
			for i, k := range cs.keys {
				if (cs.kind == kindSingle && key == "") || (cs.kind != kindSingle && key == k.String()) {
					child := cs.insts[i]
					if s := child.outputs[out]; s != nil && s.ref != nil {
						return *s.ref, true
					}
				}
			}
		}
		return cloudres.Ref{Address: m.prefix + "module." + a.Name + key, Attr: out}, true
	case "data":
		typ, ok1 := attrStep(t, 1)
		name, ok2 := attrStep(t, 2)
		if !ok1 || !ok2 {
			return none, false
		}
		key, attr, ok := tail(t[3:])
		if !ok {
			return none, false
		}
		return cloudres.Ref{Address: m.prefix + "data." + typ + "." + name + key, Attr: attr}, true
	case "path", "terraform", "count", "each", "self":
	default:
		name, ok := attrStep(t, 1)
		if !ok {
			return none, false
		}
		if _, ok := m.cfg.resources[root+"."+name]; !ok {
			return none, false
		}
		key, attr, ok := tail(t[2:])
		if !ok {
			return none, false
		}
		return cloudres.Ref{Address: m.prefix + root + "." + name + key, Attr: attr}, true
	}
	return none, false
}
