package terraform

import (
	"encoding/json"
	"fmt"
	"math"
	"math/big"
	"sort"
	"strconv"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"github.com/vigil-cspm/vigil/internal/iac/cloudres"
)

// Arguments and blocks of a resource block that are Terraform's, not the
// provider's.
var resourceMeta = map[string]bool{"count": true, "for_each": true, "provider": true, "depends_on": true,
	"lifecycle": true, "provisioner": true, "connection": true}

// resource evaluates every instance of res once.
func (m *modInst) resource(res *resource) *resState {
	key := res.key()
	st := m.res[key]
	if st == nil {
		st = &resState{}
		m.res[key] = st
	}
	if st.state == stDone {
		return st
	}
	if !m.r.enter(m.prefix+key, st.state == stBusy, res.decl) {
		return &resState{kind: kindUnknown, val: cty.DynamicVal}
	}
	st.state = stBusy
	defer m.r.leave()
	st.kind, st.keys = m.expand(res.count, res.forEach, m.prefix+key)
	if m.r.total+len(st.keys) > maxTotalInstances {
		m.r.errorAt(res.decl, "Too many instances", fmt.Sprintf("the configuration declares more than %d resource instances; the rest were not evaluated", maxTotalInstances))
		st.kind, st.keys = kindUnknown, nil
	}
	m.r.total += len(st.keys)
	for _, k := range st.keys {
		sc := k.scope(st.kind)
		vals, lines, attrs := m.evalResourceBody(res, sc)
		st.attrs = append(st.attrs, attrs)
		if !res.managed {
			continue
		}
		addr := m.prefix + res.typ + "." + res.name
		if st.kind != kindSingle {
			addr += k.String()
		}
		st.insts = append(st.insts, cloudres.Instance{
			Source: cloudres.Terraform, Type: res.typ, Address: addr, Name: res.name,
			File: res.decl.Filename, Line: res.decl.Start.Line, CallFile: m.callFile, CallLine: m.callLine,
			Values: vals, Lines: lines,
		})
	}
	st.state = stDone
	return st
}

// resourceValue is the value a reference to res sees: the configured
// attributes, and Unknown for the attributes the configuration reads but
// does not set (id, arn …). Data sources are entirely unknown.
func (m *modInst) resourceValue(res *resource, t hcl.Traversal) cty.Value {
	st := m.resource(res)
	if !res.managed || st.kind == kindUnknown || st.state != stDone {
		return cty.DynamicVal
	}
	// The attribute this traversal reads, after an optional index.
	want := ""
	rest := t[2:]
	if len(rest) > 0 {
		if _, ok := rest[0].(hcl.TraverseIndex); ok && st.kind != kindSingle {
			rest = rest[1:]
		}
	}
	if len(rest) > 0 {
		if a, ok := rest[0].(hcl.TraverseAttr); ok {
			want = a.Name
		}
	}
	if st.extra != nil && (want == "" || st.extra[want] || m.cfg.attrNames[want]) {
		return st.val
	}
	extra := map[string]bool{}
	for n := range m.cfg.attrNames {
		extra[n] = true
	}
	if want != "" {
		extra[want] = true
	}
	objs := make([]cty.Value, len(st.attrs))
	for i, attrs := range st.attrs {
		o := make(map[string]cty.Value, len(attrs)+len(extra))
		for n := range extra {
			o[n] = cty.DynamicVal
		}
		for n, v := range attrs {
			o[n] = v
		}
		objs[i] = cty.ObjectVal(o)
	}
	var val cty.Value
	switch st.kind {
	case kindSingle:
		val = objs[0]
	case kindCount:
		val = cty.TupleVal(objs)
		if len(objs) == 0 {
			val = cty.EmptyTupleVal
		}
	case kindForEach:
		mv := make(map[string]cty.Value, len(objs))
		for i, k := range st.keys {
			mv[k.key.AsString()] = objs[i]
		}
		val = cty.ObjectVal(mv)
	}
	st.val, st.extra = val, extra
	return val
}

// evalResourceBody evaluates a resource instance's arguments and blocks.
func (m *modInst) evalResourceBody(res *resource, sc *scope) (map[string]any, map[string]int, map[string]cty.Value) {
	vals := map[string]any{}
	lines := map[string]int{}
	attrs := map[string]cty.Value{}
	if mb := res.merged; mb != nil {
		m.walkParts(mb.attrs, mb.blocks, sc, "", true, vals, lines, attrs)
		return vals, lines, attrs
	}
	if b, ok := res.body.(*hclsyntax.Body); ok {
		m.walkBody(b, sc, "", true, vals, lines, attrs)
		return vals, lines, attrs
	}
	// JSON syntax: without a schema, nested blocks cannot be told from
	// object arguments; they keep the shape they are written in.
	jattrs, diags := res.body.JustAttributes()
	m.r.diags(diags, res.decl.Filename)
	for _, a := range sortedAttrs(jattrs) {
		if resourceMeta[a.Name] || a.Name == "dynamic" {
			continue
		}
		m.setAttr(a, sc, "", vals, lines, attrs)
	}
	return vals, lines, attrs
}

func (m *modInst) setAttr(a *hcl.Attribute, sc *scope, path string, vals map[string]any, lines map[string]int, attrs map[string]cty.Value) {
	v := m.eval(a.Expr, sc)
	g := m.refine(a.Expr, toGo(v), sc)
	if g != nil {
		vals[a.Name] = g
	}
	if v.IsNull() {
		// Optional+computed arguments set to null are decided by the
		// provider.
		v = cty.DynamicVal
	}
	attrs[a.Name] = v
	lines[path+a.Name] = a.Expr.Range().Start.Line
	exprLines(a.Expr, path+a.Name, lines)
}

// walkBody evaluates a native-syntax body: arguments, nested blocks
// (lists of objects, in order) and dynamic blocks.
func (m *modInst) walkBody(b *hclsyntax.Body, sc *scope, path string, top bool, vals map[string]any, lines map[string]int, attrs map[string]cty.Value) {
	names := make([]string, 0, len(b.Attributes))
	for n := range b.Attributes {
		names = append(names, n)
	}
	sort.Slice(names, func(i, j int) bool {
		return b.Attributes[names[i]].SrcRange.Start.Byte < b.Attributes[names[j]].SrcRange.Start.Byte
	})
	for _, n := range names {
		if top && resourceMeta[n] {
			continue
		}
		a := b.Attributes[n]
		m.setAttr(a.AsHCLAttribute(), sc, path, vals, lines, attrs)
	}
	m.walkBlocks(b.Blocks, sc, path, top, vals, lines, attrs)
}

// walkParts evaluates a resource body merged from override files: its
// arguments may come from several files, and JSON ones among them.
func (m *modInst) walkParts(args hcl.Attributes, blks []*hclsyntax.Block, sc *scope, path string, top bool, vals map[string]any, lines map[string]int, attrs map[string]cty.Value) {
	for _, a := range sortedAttrs(args) {
		if top && (resourceMeta[a.Name] || a.Name == "dynamic") {
			continue
		}
		m.setAttr(a, sc, path, vals, lines, attrs)
	}
	m.walkBlocks(blks, sc, path, top, vals, lines, attrs)
}

// walkBlocks evaluates nested blocks (lists of objects, in order) and
// dynamic blocks.
func (m *modInst) walkBlocks(blks []*hclsyntax.Block, sc *scope, path string, top bool, vals map[string]any, lines map[string]int, attrs map[string]cty.Value) {
	blocks := map[string][]cty.Value{}
	unknown := map[string]bool{}
	for _, blk := range blks {
		if !m.r.step(blk.Range()) {
			return
		}
		if top && resourceMeta[blk.Type] {
			continue
		}
		if blk.Type == "dynamic" {
			m.dynamic(blk, sc, path, vals, lines, blocks, unknown)
			continue
		}
		m.nested(blk.Type, blk.Body, blk.DefRange().Start.Line, sc, path, vals, lines, blocks)
	}
	for t, objs := range blocks {
		if unknown[t] {
			attrs[t] = cty.DynamicVal
			continue
		}
		attrs[t] = cty.TupleVal(objs)
	}
	for t := range unknown {
		vals[t] = cloudres.Unknown{}
		if _, ok := blocks[t]; !ok {
			attrs[t] = cty.DynamicVal
		}
	}
}

// nested appends one block of type typ to vals[typ].
func (m *modInst) nested(typ string, body *hclsyntax.Body, line int, sc *scope, path string, vals map[string]any, lines map[string]int, blocks map[string][]cty.Value) {
	list, _ := vals[typ].([]any)
	p := path + typ + "." + strconv.Itoa(len(list))
	lines[p] = line
	if _, ok := lines[path+typ]; !ok {
		lines[path+typ] = line
	}
	bv := map[string]any{}
	ba := map[string]cty.Value{}
	m.walkBody(body, sc, p+".", false, bv, lines, ba)
	vals[typ] = append(list, bv)
	blocks[typ] = append(blocks[typ], cty.ObjectVal(ba))
}

// dynamic expands a dynamic block into nested blocks.
func (m *modInst) dynamic(blk *hclsyntax.Block, sc *scope, path string, vals map[string]any, lines map[string]int, blocks map[string][]cty.Value, unknown map[string]bool) {
	if len(blk.Labels) != 1 {
		m.r.errorAt(blk.DefRange(), "Invalid dynamic block", "a dynamic block needs one label: the type of the blocks it generates")
		return
	}
	typ := blk.Labels[0]
	iter := typ
	var forEach hcl.Expression
	var content *hclsyntax.Body
	if a, ok := blk.Body.Attributes["iterator"]; ok {
		t, diags := hcl.AbsTraversalForExpr(a.Expr)
		if diags.HasErrors() || len(t) != 1 {
			m.r.errorAt(a.Expr.Range(), "Invalid dynamic iterator name", "iterator must be a single name")
			return
		}
		iter = t.RootName()
	}
	if a, ok := blk.Body.Attributes["for_each"]; ok {
		forEach = a.Expr
	}
	for _, c := range blk.Body.Blocks {
		if c.Type == "content" {
			content = c.Body
		}
	}
	if forEach == nil || content == nil {
		m.r.errorAt(blk.DefRange(), "Invalid dynamic block", "a dynamic block needs for_each and a content block")
		return
	}
	v := m.eval(forEach, sc)
	v, _ = v.UnmarkDeep()
	if !v.IsKnown() {
		unknown[typ] = true
		if _, ok := lines[path+typ]; !ok {
			lines[path+typ] = blk.DefRange().Start.Line
		}
		return
	}
	if v.IsNull() {
		m.r.errorAt(forEach.Range(), "Invalid dynamic for_each value", "for_each must not be null; use [] for no blocks")
		return
	}
	ty := v.Type()
	if !(ty.IsListType() || ty.IsSetType() || ty.IsTupleType() || ty.IsMapType() || ty.IsObjectType()) {
		m.r.errorAt(forEach.Range(), "Invalid dynamic for_each value", fmt.Sprintf("for_each must be a collection, not %s", ty.FriendlyName()))
		return
	}
	if v.LengthInt() > MaxInstances {
		m.r.errorAt(forEach.Range(), "Too many dynamic blocks", fmt.Sprintf("for_each has more than %d elements", MaxInstances))
		return
	}
	for it := v.ElementIterator(); it.Next(); {
		k, e := it.Element()
		if ty.IsSetType() {
			k = e
		}
		isc := sc.withIter(iter, cty.ObjectVal(map[string]cty.Value{"key": k, "value": e}))
		m.nested(typ, content, blk.DefRange().Start.Line, isc, path, vals, lines, blocks)
	}
}

// exprLines records the lines of the keys of object constructors and the
// elements of tuple constructors under path.
func exprLines(expr hcl.Expression, path string, lines map[string]int) {
	switch x := expr.(type) {
	case *hclsyntax.ObjectConsExpr:
		for _, it := range x.Items {
			kv, diags := it.KeyExpr.Value(nil)
			if diags.HasErrors() || kv.Type() != cty.String || kv.IsNull() || !kv.IsKnown() {
				continue
			}
			p := path + "." + kv.AsString()
			lines[p] = it.KeyExpr.Range().Start.Line
			exprLines(it.ValueExpr, p, lines)
		}
	case *hclsyntax.TupleConsExpr:
		for i, e := range x.Exprs {
			p := path + "." + strconv.Itoa(i)
			lines[p] = e.Range().Start.Line
			exprLines(e, p, lines)
		}
	}
}

// refine replaces Unknown parts of g whose expression is a pure
// reference with the Ref it names, inside tuple and object constructors
// too.
func (m *modInst) refine(expr hcl.Expression, g any, sc *scope) any {
	switch x := g.(type) {
	case cloudres.Unknown:
		if ref, ok := m.pureRef(expr, sc); ok {
			return ref
		}
	case []any:
		if tc, ok := expr.(*hclsyntax.TupleConsExpr); ok && len(tc.Exprs) == len(x) {
			for i, e := range tc.Exprs {
				x[i] = m.refine(e, x[i], sc)
			}
		}
	case map[string]any:
		if oc, ok := expr.(*hclsyntax.ObjectConsExpr); ok {
			for _, it := range oc.Items {
				kv, diags := it.KeyExpr.Value(nil)
				if diags.HasErrors() || kv.Type() != cty.String || kv.IsNull() || !kv.IsKnown() {
					continue
				}
				if cur, ok := x[kv.AsString()]; ok {
					x[kv.AsString()] = m.refine(it.ValueExpr, cur, sc)
				}
			}
		}
	}
	return g
}

// jsonRef recognises a JSON-syntax string that is exactly one
// interpolated reference: "${aws_s3_bucket.b.id}".
func (m *modInst) jsonRef(expr hcl.Expression) (hcl.Traversal, bool) {
	rng := expr.Range()
	src, ok := m.cfg.files[rng.Filename]
	if !ok || !m.cfg.json[rng.Filename] || rng.Start.Byte < 0 || rng.End.Byte > len(src) || rng.Start.Byte >= rng.End.Byte {
		return nil, false
	}
	var s string
	if json.Unmarshal(src[rng.Start.Byte:rng.End.Byte], &s) != nil {
		return nil, false
	}
	if !strings.HasPrefix(s, "${") || !strings.HasSuffix(s, "}") {
		return nil, false
	}
	inner := strings.TrimSpace(s[2 : len(s)-1])
	if strings.ContainsAny(inner, "${}") {
		return nil, false
	}
	t, diags := hclsyntax.ParseTraversalAbs([]byte(inner), rng.Filename, rng.Start)
	if diags.HasErrors() {
		return nil, false
	}
	return t, true
}

// toGo converts a value to the plan JSON shape: null → nil, unknown →
// Unknown, numbers → int64 when integral else float64.
func toGo(v cty.Value) any {
	v, _ = v.UnmarkDeep()
	if !v.IsKnown() {
		return cloudres.Unknown{}
	}
	if v.IsNull() {
		return nil
	}
	ty := v.Type()
	switch {
	case ty == cty.String:
		return v.AsString()
	case ty == cty.Bool:
		return v.True()
	case ty == cty.Number:
		bf := v.AsBigFloat()
		if bf.IsInf() {
			return cloudres.Unknown{}
		}
		if bf.IsInt() {
			if i, acc := bf.Int64(); acc == big.Exact {
				return i
			}
		}
		f, _ := bf.Float64()
		if math.IsInf(f, 0) || math.IsNaN(f) {
			return cloudres.Unknown{}
		}
		return f
	case ty.IsListType() || ty.IsSetType() || ty.IsTupleType():
		out := make([]any, 0, v.LengthInt())
		for it := v.ElementIterator(); it.Next(); {
			_, e := it.Element()
			out = append(out, toGo(e))
		}
		return out
	case ty.IsMapType() || ty.IsObjectType():
		out := make(map[string]any, v.LengthInt())
		for it := v.ElementIterator(); it.Next(); {
			k, e := it.Element()
			if g := toGo(e); g != nil {
				out[k.AsString()] = g
			}
		}
		return out
	}
	return cloudres.Unknown{}
}
