package terraform

import (
	"bytes"
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
	"github.com/zclconf/go-cty/cty/convert"

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
		vals, sp, attrs := m.evalResourceBody(res, sc)
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
			Values: vals, Lines: sp.lines, Files: sp.files, Supplied: sp.supplied, Partial: sp.partial,
		})
	}
	st.state = stDone
	return st
}

// providers evaluates the module's provider blocks into instances of
// type "provider.<name>" addressed provider.<name>, or
// provider.<name>.<alias> for an aliased configuration.
func (m *modInst) providers() {
	for _, p := range m.cfg.providers {
		vals, sp, _ := m.evalResourceBody(p, nil)
		addr, name := m.prefix+"provider."+p.name, p.name
		if a, ok := vals["alias"].(string); ok && a != "" {
			addr, name = addr+"."+a, a
		}
		m.provs = append(m.provs, cloudres.Instance{
			Source: cloudres.Terraform, Type: "provider." + p.name, Address: addr, Name: name,
			File: p.decl.Filename, Line: p.decl.Start.Line, CallFile: m.callFile, CallLine: m.callLine,
			Values: vals, Lines: sp.lines, Files: sp.files, Supplied: sp.supplied,
		})
	}
}

// resourceValue is the value a reference to res sees: the configured
// attributes, and Unknown for the attributes the configuration reads but
// does not set (id, arn …). Data sources are entirely unknown but for a
// single aws_iam_policy_document's json, which the arguments determine.
func (m *modInst) resourceValue(res *resource, t hcl.Traversal) cty.Value {
	st := m.resource(res)
	if !res.managed && res.typ == policyDocumentType && st.kind == kindSingle && st.state == stDone && len(st.attrs) == 1 {
		o := map[string]cty.Value{}
		for n := range m.cfg.attrNames {
			o[n] = cty.DynamicVal
		}
		o["json"] = policyDocumentJSON(st.attrs[0])
		o["minified_json"] = o["json"]
		return cty.ObjectVal(o)
	}
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
func (m *modInst) evalResourceBody(res *resource, sc *scope) (map[string]any, *spots, map[string]cty.Value) {
	vals := map[string]any{}
	sp := &spots{file: res.decl.Filename, lines: map[string]int{}}
	attrs := map[string]cty.Value{}
	if res.parts == nil {
		p, diags := partsOf(res.body)
		m.r.diags(diags, res.decl.Filename)
		res.parts = p
	}
	m.walk(res.parts, sc, "", true, vals, sp, attrs)
	return vals, sp, attrs
}

// spots records where each attribute path of a resource instance is
// written: its line, and its file when that is not the resource block's
// (an override file's). They become Instance.Lines and Files.
type spots struct {
	file     string
	lines    map[string]int
	files    map[string]string
	supplied map[string]bool   // Instance.Supplied
	partial  map[string]string // Instance.Partial
}

// set records that path is written at rng.
func (s *spots) set(path string, rng hcl.Range) {
	s.lines[path] = rng.Start.Line
	if rng.Filename == s.file {
		delete(s.files, path)
		return
	}
	if s.files == nil {
		s.files = map[string]string{}
	}
	s.files[path] = rng.Filename
}

// setFirst records path at rng unless it is recorded already.
func (s *spots) setFirst(path string, rng hcl.Range) {
	if _, ok := s.lines[path]; !ok {
		s.set(path, rng)
	}
}

// bodyParts is a body split for evaluation: its arguments and its nested
// blocks, dynamic blocks included, in order. Without a provider schema a
// nested block written in JSON syntax cannot be told from an object
// argument, so it is an argument; json names, for each argument written
// in JSON, the body that declares it, to read it as blocks where a
// dynamic block shows it is some (see jsonBlocks). Override files merge
// into a resource's parts (override.go).
type bodyParts struct {
	attrs  hcl.Attributes
	blocks []*hcl.Block
	json   map[string]hcl.Body
}

// dynamicHeader declares dynamic blocks, for reading them from a JSON
// body.
var dynamicHeader = &hcl.BodySchema{Blocks: []hcl.BlockHeaderSchema{{Type: "dynamic", LabelNames: []string{"type"}}}}

// partsOf splits a native or JSON body. The parts are the caller's to
// change.
func partsOf(body hcl.Body) (*bodyParts, hcl.Diagnostics) {
	if b, ok := body.(*hclsyntax.Body); ok {
		p := &bodyParts{attrs: make(hcl.Attributes, len(b.Attributes)), blocks: make([]*hcl.Block, len(b.Blocks))}
		for n, a := range b.Attributes {
			p.attrs[n] = a.AsHCLAttribute()
		}
		for i, blk := range b.Blocks {
			p.blocks[i] = blk.AsHCLBlock()
		}
		return p, nil
	}
	content, rest, diags := body.PartialContent(dynamicHeader)
	attrs, ds := rest.JustAttributes()
	diags = append(diags, ds...)
	p := &bodyParts{attrs: hcl.Attributes{}, json: map[string]hcl.Body{}}
	if content != nil {
		p.blocks = content.Blocks
	}
	for n, a := range attrs {
		p.attrs[n], p.json[n] = a, rest
	}
	return p, diags
}

func (m *modInst) setAttr(a *hcl.Attribute, sc *scope, path string, vals map[string]any, sp *spots, attrs map[string]cty.Value) {
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
	sp.set(path+a.Name, a.Expr.Range())
	exprLines(a.Expr, path+a.Name, sp)
	if t, ok := a.Expr.(*hclsyntax.TemplateExpr); ok && !v.IsKnown() {
		if text, ok := m.partialText(t, sc); ok {
			if sp.partial == nil {
				sp.partial = map[string]string{}
			}
			sp.partial[path+a.Name] = text
		}
	}
	if len(m.r.supplied) > 0 && m.readsSupplied(a.Expr, map[string]bool{}) {
		if sp.supplied == nil {
			sp.supplied = map[string]bool{}
		}
		sp.supplied[path+a.Name] = true
	}
}

// partialText is the text of a template whose value is unknown: its
// known parts, with cloudres.UnknownInDocument for each unknown one
// (Instance.Partial). ok is false when no part is known text.
func (m *modInst) partialText(t *hclsyntax.TemplateExpr, sc *scope) (string, bool) {
	var b strings.Builder
	known := false
	for _, part := range t.Parts {
		v := m.eval(part, sc)
		if v.IsWhollyKnown() && !v.IsNull() {
			if s, err := convert.Convert(v, cty.String); err == nil {
				b.WriteString(s.AsString())
				known = true
				continue
			}
		}
		b.WriteString(cloudres.UnknownInDocument)
	}
	return b.String(), known
}

// readsSupplied reports whether expr reads a root variable given at scan
// time, directly or through the locals and module inputs it reads. seen
// guards against cycles (reported where they are evaluated).
func (m *modInst) readsSupplied(expr hcl.Expression, seen map[string]bool) bool {
	for _, t := range expr.Variables() {
		name, ok := attrStep(t, 1)
		if !ok {
			continue
		}
		key := m.prefix + t.RootName() + "." + name
		if seen[key] {
			continue
		}
		seen[key] = true
		switch t.RootName() {
		case "var":
			if m.parent == nil {
				if m.r.supplied[name] {
					return true
				}
			} else if a, ok := m.call.inputs[name]; ok && m.parent.readsSupplied(a.Expr, seen) {
				return true
			}
		case "local":
			if a, ok := m.cfg.locals[name]; ok && m.readsSupplied(a.Expr, seen) {
				return true
			}
		}
	}
	return false
}

// walk evaluates a body's arguments, then its nested blocks (lists of
// objects, in order) and dynamic blocks. top: the resource's own body,
// whose meta-arguments are Terraform's.
func (m *modInst) walk(p *bodyParts, sc *scope, path string, top bool, vals map[string]any, sp *spots, attrs map[string]cty.Value) {
	blks := p.blocks
	var dyn map[string]bool
	var static []*hcl.Block // JSON arguments read as blocks
	for _, a := range sortedAttrs(p.attrs) {
		if top && resourceMeta[a.Name] {
			continue
		}
		if body, ok := p.json[a.Name]; ok {
			if dyn == nil {
				dyn = dynamicTypes(p.blocks)
			}
			if bs, ok := m.jsonBlocks(body, a, dyn[a.Name]); ok {
				static = append(static, bs...)
				continue
			}
		}
		m.setAttr(a, sc, path, vals, sp, attrs)
	}
	if len(static) > 0 {
		// In the order they are written. The blocks of one type all
		// come from one file (an override replaces all of them).
		blks = append(static, p.blocks...)
		sort.SliceStable(blks, func(i, j int) bool { return blks[i].DefRange.Start.Byte < blks[j].DefRange.Start.Byte })
	}
	blocks := map[string][]cty.Value{}
	unknown := map[string]bool{}
	for _, blk := range blks {
		if !m.r.step(blk.DefRange) {
			return
		}
		if top && resourceMeta[blk.Type] {
			continue
		}
		if blk.Type == "dynamic" {
			m.dynamic(blk, sc, path, vals, sp, blocks, unknown)
			continue
		}
		m.nested(blk.Type, blk.Body, blk.DefRange, sc, path, vals, sp, blocks)
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

// dynamicTypes are the types of the blocks dynamic blocks generate.
func dynamicTypes(blks []*hcl.Block) map[string]bool {
	out := map[string]bool{}
	for _, b := range blks {
		if b.Type == "dynamic" && len(b.Labels) == 1 {
			out[b.Labels[0]] = true
		}
	}
	return out
}

// jsonBlocks reads the JSON argument a of body as nested blocks of its
// name when it is some: when a dynamic block generates blocks of that
// type too (dyn), or when it holds a dynamic block itself (an object, or
// array of objects, with a "dynamic" property that reads as dynamic
// blocks). ok is false for an argument.
func (m *modInst) jsonBlocks(body hcl.Body, a *hcl.Attribute, dyn bool) ([]*hcl.Block, bool) {
	if !dyn && !m.mayHoldDynamic(a.Expr.Range()) {
		return nil, false
	}
	content, _, diags := body.PartialContent(&hcl.BodySchema{Blocks: []hcl.BlockHeaderSchema{{Type: a.Name}}})
	if dyn {
		m.r.diags(diags, a.Range.Filename)
		return content.Blocks, true
	}
	if diags.HasErrors() {
		return nil, false
	}
	for _, b := range content.Blocks {
		if inner, _, ds := b.Body.PartialContent(dynamicHeader); !ds.HasErrors() && len(inner.Blocks) > 0 {
			return content.Blocks, true
		}
	}
	return nil, false
}

// mayHoldDynamic reports whether the JSON value at rng is an object or
// an array whose text has a "dynamic" key, the cheap test before reading
// it as blocks.
func (m *modInst) mayHoldDynamic(rng hcl.Range) bool {
	src := m.cfg.files[rng.Filename]
	if rng.Start.Byte < 0 || rng.End.Byte > len(src) || rng.Start.Byte >= rng.End.Byte {
		return false
	}
	v := src[rng.Start.Byte:rng.End.Byte]
	return (v[0] == '{' || v[0] == '[') && bytes.Contains(v, []byte(`"dynamic"`))
}

// nested appends one block of type typ, declared at def, to vals[typ].
func (m *modInst) nested(typ string, body hcl.Body, def hcl.Range, sc *scope, path string, vals map[string]any, sp *spots, blocks map[string][]cty.Value) {
	list, _ := vals[typ].([]any)
	p := path + typ + "." + strconv.Itoa(len(list))
	sp.set(p, def)
	sp.setFirst(path+typ, def)
	parts, diags := partsOf(body)
	m.r.diags(diags, def.Filename)
	bv := map[string]any{}
	ba := map[string]cty.Value{}
	m.walk(parts, sc, p+".", false, bv, sp, ba)
	vals[typ] = append(list, bv)
	blocks[typ] = append(blocks[typ], cty.ObjectVal(ba))
}

// dynamicSchema is the body of a dynamic block. labels is declared to
// say precisely why it is refused: nested blocks of resources take no
// labels, so Terraform rejects a dynamic block that gives them.
var dynamicSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{{Name: "for_each", Required: true}, {Name: "iterator"}, {Name: "labels"}},
	Blocks:     []hcl.BlockHeaderSchema{{Type: "content"}},
}

// dynamic expands a dynamic block, native or JSON, into nested blocks.
func (m *modInst) dynamic(blk *hcl.Block, sc *scope, path string, vals map[string]any, sp *spots, blocks map[string][]cty.Value, unknown map[string]bool) {
	if len(blk.Labels) != 1 {
		m.r.errorAt(blk.DefRange, "Invalid dynamic block", "a dynamic block needs one label: the type of the blocks it generates")
		return
	}
	typ := blk.Labels[0]
	spec, diags := blk.Body.Content(dynamicSchema)
	if diags.HasErrors() {
		m.r.diags(diags, blk.DefRange.Filename)
		return
	}
	if a, ok := spec.Attributes["labels"]; ok {
		m.r.errorAt(a.NameRange, "Unsupported dynamic block labels", fmt.Sprintf("%s blocks take no labels (no nested block of a resource does); remove labels", typ))
		return
	}
	if len(spec.Blocks) != 1 {
		m.r.errorAt(blk.DefRange, "Invalid dynamic block", "a dynamic block needs exactly one content block")
		return
	}
	iter := typ
	if a, ok := spec.Attributes["iterator"]; ok {
		t, diags := hcl.AbsTraversalForExpr(a.Expr)
		if diags.HasErrors() || len(t) != 1 {
			m.r.errorAt(a.Expr.Range(), "Invalid dynamic iterator name", "iterator must be a single name")
			return
		}
		iter = t.RootName()
	}
	forEach := spec.Attributes["for_each"].Expr
	v := m.eval(forEach, sc)
	v, _ = v.UnmarkDeep()
	if !v.IsKnown() {
		unknown[typ] = true
		sp.setFirst(path+typ, blk.DefRange)
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
	content := spec.Blocks[0].Body
	for it := v.ElementIterator(); it.Next(); {
		k, e := it.Element()
		if ty.IsSetType() {
			k = e
		}
		isc := sc.withIter(iter, cty.ObjectVal(map[string]cty.Value{"key": k, "value": e}))
		m.nested(typ, content, blk.DefRange, isc, path, vals, sp, blocks)
	}
}

// exprLines records the lines of the keys of object constructors and the
// elements of tuple constructors under path.
func exprLines(expr hcl.Expression, path string, sp *spots) {
	switch x := expr.(type) {
	case *hclsyntax.ObjectConsExpr:
		for _, it := range x.Items {
			kv, diags := it.KeyExpr.Value(nil)
			if diags.HasErrors() || kv.Type() != cty.String || kv.IsNull() || !kv.IsKnown() {
				continue
			}
			p := path + "." + kv.AsString()
			sp.set(p, it.KeyExpr.Range())
			exprLines(it.ValueExpr, p, sp)
		}
	case *hclsyntax.TupleConsExpr:
		for i, e := range x.Exprs {
			p := path + "." + strconv.Itoa(i)
			sp.set(p, e.Range())
			exprLines(e, p, sp)
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
