package cfn

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math/big"
	"net/netip"
	"reflect"
	"sort"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/vigil-cspm/vigil/internal/iac/cloudres"
)

// intrinsic evaluates function name (long form: Ref, Fn::Sub …) applied
// to arg; line is where the function is written.
func (e *evaluator) intrinsic(name string, arg *yaml.Node, line int, c ctx) any {
	switch name {
	case "Ref":
		return e.ref(arg, line, c)
	case "Condition":
		n := deref(arg)
		if n == nil || n.Kind != yaml.ScalarNode {
			e.errorf(line, "Condition takes the name of a condition, e.g. !Condition IsProd")
			return cloudres.Unknown{}
		}
		return e.condition(n.Value, line, c.depth+1)
	case "Fn::Sub":
		return e.sub(arg, line, c)
	case "Fn::GetAtt":
		return e.getAtt(arg, line, c)
	case "Fn::If":
		return e.fnIf(arg, line, c)
	case "Fn::Equals":
		args, ok := e.args(name, arg, line, 2, 2)
		if !ok {
			return cloudres.Unknown{}
		}
		a := e.eval(args[0], ctx{depth: c.depth + 1})
		b := e.eval(args[1], ctx{depth: c.depth + 1})
		if e.unresolved(a) || e.unresolved(b) {
			return cloudres.Unknown{}
		}
		return equalValues(a, b)
	case "Fn::And", "Fn::Or":
		args, ok := e.args(name, arg, line, 2, 10)
		if !ok {
			return cloudres.Unknown{}
		}
		want := name == "Fn::Or" // the value that decides
		unknown := false
		for _, a := range args {
			v := e.condArg(name, a, c)
			switch v {
			case want:
				return want
			case !want:
			default:
				unknown = true
			}
		}
		if unknown {
			return cloudres.Unknown{}
		}
		return !want
	case "Fn::Not":
		args, ok := e.args(name, arg, line, 1, 1)
		if !ok {
			return cloudres.Unknown{}
		}
		if b, ok := e.condArg(name, args[0], c).(bool); ok {
			return !b
		}
		return cloudres.Unknown{}
	case "Fn::Select":
		return e.selectFn(arg, line, c)
	case "Fn::Join":
		return e.join(arg, line, c)
	case "Fn::Split":
		return e.split(arg, line, c)
	case "Fn::FindInMap":
		return e.findInMap(arg, line, c)
	case "Fn::GetAZs":
		v := e.eval(arg, c.arg())
		if _, ok := v.(map[string]any); ok {
			e.errorf(line, "Fn::GetAZs takes a region name or \"\" (the stack's region)")
		}
		return cloudres.Unknown{} // the zones depend on the account
	case "Fn::ImportValue":
		e.eval(arg, c.arg()) // for its errors; the value is another stack's
		return cloudres.Unknown{}
	case "Fn::Transform":
		return cloudres.Unknown{} // a macro runs at deployment
	case "Fn::Base64":
		v := e.eval(arg, c.arg())
		if e.unresolved(v) {
			return cloudres.Unknown{}
		}
		s, ok := scalarString(v)
		if !ok {
			e.errorf(line, "Fn::Base64 takes a string")
			return cloudres.Unknown{}
		}
		if !e.grow(len(s)*4/3+4, line) {
			return cloudres.Unknown{}
		}
		return base64.StdEncoding.EncodeToString([]byte(s))
	case "Fn::Cidr":
		return e.cidr(arg, line, c)
	case "Fn::Length":
		v := e.eval(arg, c.arg())
		if l, ok := v.([]any); ok {
			return int64(len(l))
		}
		if !e.unresolved(v) {
			e.errorf(line, "Fn::Length takes a list")
		}
		return cloudres.Unknown{}
	case "Fn::ToJsonString":
		v := e.eval(arg, c.arg())
		if e.unresolved(v) {
			return cloudres.Unknown{}
		}
		b, err := json.Marshal(v)
		if err != nil || !e.grow(len(b), line) {
			return cloudres.Unknown{}
		}
		return string(b)
	}
	e.errorf(line, "unknown intrinsic function %s; use one CloudFormation defines (Ref, Fn::Sub, Fn::GetAtt, Fn::If, Fn::Join …) or fix the spelling", name)
	return cloudres.Unknown{}
}

// grow accounts for n bytes of produced text; false when over budget.
func (e *evaluator) grow(n, line int) bool {
	e.strBytes += n
	if e.strBytes > maxStringBytes {
		if !e.stopped {
			e.stopped = true
			e.errorf(line, "the template's functions produce more than %d MiB of text (aliases?); it was not read further", maxStringBytes>>20)
		}
		return false
	}
	return true
}

// args returns the elements of a function's argument list, checking
// their number.
func (e *evaluator) args(name string, arg *yaml.Node, line, min, max int) ([]*yaml.Node, bool) {
	n := deref(arg)
	if n == nil || n.Kind != yaml.SequenceNode || isIntrinsicTag(n.Tag) {
		e.errorf(line, "%s takes a list of %s", name, arity(min, max))
		return nil, false
	}
	if len(n.Content) < min || len(n.Content) > max {
		e.errorf(line, "%s takes %s, got %d", name, arity(min, max), len(n.Content))
		return nil, false
	}
	return n.Content, true
}

func arity(min, max int) string {
	switch {
	case min == max && min == 1:
		return "1 argument"
	case min == max:
		return fmt.Sprintf("%d arguments", min)
	}
	return fmt.Sprintf("%d to %d arguments", min, max)
}

func (e *evaluator) condArg(name string, a *yaml.Node, c ctx) any {
	v := e.eval(a, ctx{depth: c.depth + 1, cond: true})
	switch v.(type) {
	case bool, cloudres.Unknown:
		return v
	}
	e.errorf(lineOf(a), "%s takes conditions (Fn::Equals, Fn::And, Fn::Or, Fn::Not, Condition), not a plain value", name)
	return cloudres.Unknown{}
}

// condition evaluates a named condition: true, false or Unknown.
func (e *evaluator) condition(name string, line, d int) any {
	switch e.condState[name] {
	case 2:
		return e.condValue[name]
	case 1:
		e.errorf(line, "condition %s depends on itself; break the cycle in Conditions", name)
		return cloudres.Unknown{}
	}
	n, ok := e.conditions[name]
	if !ok {
		e.errorf(line, "condition %s is not defined; declare it under Conditions or fix the name", name)
		return cloudres.Unknown{}
	}
	e.condState[name] = 1
	v := e.eval(n, ctx{depth: d + 1, cond: true})
	switch v.(type) {
	case bool, cloudres.Unknown:
	default:
		e.errorf(lineOf(n), "condition %s must be a condition function (Fn::Equals, Fn::And, Fn::Or, Fn::Not, Condition)", name)
		v = cloudres.Unknown{}
	}
	e.condState[name], e.condValue[name] = 2, v
	return v
}

func (e *evaluator) ref(arg *yaml.Node, line int, c ctx) any {
	n := deref(arg)
	if n == nil || n.Kind != yaml.ScalarNode || isIntrinsicTag(n.Tag) {
		e.errorf(line, "Ref takes the name of a parameter or resource, e.g. !Ref MyBucket")
		return cloudres.Unknown{}
	}
	v, ok := e.lookup(n.Value)
	if res, _, dotted := strings.Cut(n.Value, "."); !ok && dotted && e.p.sam != nil && e.resources[res] {
		// A SAM resource's generated resource: MyApi.Stage,
		// MyFunction.Alias and the like.
		return cloudres.Unknown{}
	}
	if !ok {
		e.errorf(line, "Ref to %s, which is neither a parameter, a resource nor a pseudo parameter; declare it or fix the name", n.Value)
		return cloudres.Unknown{}
	}
	return v
}

// lookup resolves a name as Ref does.
func (e *evaluator) lookup(name string) (any, bool) {
	if v, ok := e.pseudo(name); ok {
		return v, true
	}
	if v, ok := e.params[name]; ok {
		return v, true
	}
	if e.resources[name] {
		return cloudres.Ref{Address: name}, true
	}
	return nil, false
}

func (e *evaluator) getAtt(arg *yaml.Node, line int, c ctx) any {
	n := deref(arg)
	var res, attr string
	switch {
	case n != nil && n.Kind == yaml.ScalarNode && !isIntrinsicTag(n.Tag):
		i := strings.IndexByte(n.Value, '.')
		if i <= 0 || i == len(n.Value)-1 {
			e.errorf(line, "Fn::GetAtt takes Resource.Attribute or [Resource, Attribute], got %q", n.Value)
			return cloudres.Unknown{}
		}
		res, attr = n.Value[:i], n.Value[i+1:]
	case n != nil && n.Kind == yaml.SequenceNode && !isIntrinsicTag(n.Tag) && len(n.Content) == 2:
		r := deref(n.Content[0])
		if r == nil || r.Kind != yaml.ScalarNode || isIntrinsicTag(r.Tag) {
			e.errorf(line, "Fn::GetAtt: the resource must be a logical ID")
			return cloudres.Unknown{}
		}
		res = r.Value
		a, ok := e.eval(n.Content[1], c.arg()).(string)
		if !ok {
			if !e.resources[res] {
				e.errorf(line, "Fn::GetAtt refers to %s, which is not a resource of the template; declare it or fix the name", res)
			}
			return cloudres.Unknown{}
		}
		attr = a
	default:
		e.errorf(line, "Fn::GetAtt takes Resource.Attribute or [Resource, Attribute]")
		return cloudres.Unknown{}
	}
	if !e.resources[res] {
		e.errorf(line, "Fn::GetAtt refers to %s, which is not a resource of the template; declare it or fix the name", res)
		return cloudres.Unknown{}
	}
	return cloudres.Ref{Address: res, Attr: attr}
}

func (e *evaluator) fnIf(arg *yaml.Node, line int, c ctx) any {
	args, ok := e.args("Fn::If", arg, line, 3, 3)
	if !ok {
		return cloudres.Unknown{}
	}
	cn := deref(args[0])
	if cn == nil || cn.Kind != yaml.ScalarNode || isIntrinsicTag(cn.Tag) {
		e.errorf(line, "Fn::If takes [ConditionName, value if true, value if false]")
		return cloudres.Unknown{}
	}
	switch v := e.condition(cn.Value, lineOf(cn), c.depth+1); v {
	case true:
		return e.eval(args[1], c)
	case false:
		return e.eval(args[2], c)
	}
	// Unknown condition: the value is unknown unless both branches agree.
	a := e.eval(args[1], ctx{depth: c.depth + 1, cond: c.cond})
	b := e.eval(args[2], ctx{depth: c.depth + 1, cond: c.cond})
	if !e.unresolved(a) && reflect.DeepEqual(a, b) {
		return e.eval(args[1], c) // again, for its lines
	}
	return cloudres.Unknown{}
}

func (e *evaluator) sub(arg *yaml.Node, line int, c ctx) any {
	n := deref(arg)
	var tmpl string
	vars := map[string]any{}
	switch {
	case n != nil && n.Kind == yaml.ScalarNode && !isIntrinsicTag(n.Tag):
		tmpl = n.Value
	case n != nil && n.Kind == yaml.SequenceNode && !isIntrinsicTag(n.Tag) && len(n.Content) == 2:
		t := deref(n.Content[0])
		if t == nil || t.Kind != yaml.ScalarNode || isIntrinsicTag(t.Tag) {
			e.errorf(line, "Fn::Sub: the first argument must be a string with ${Name} placeholders")
			return cloudres.Unknown{}
		}
		tmpl = t.Value
		m := deref(n.Content[1])
		if m == nil || m.Kind != yaml.MappingNode || isIntrinsicTag(m.Tag) {
			e.errorf(line, "Fn::Sub: the second argument must be a mapping of variable names to values")
			return cloudres.Unknown{}
		}
		for _, kv := range e.pairs(m, c.depth+1) {
			vars[kv[0].Value] = e.eval(kv[1], c.arg())
		}
	default:
		e.errorf(line, "Fn::Sub takes a string or [string, {Name: value}]")
		return cloudres.Unknown{}
	}
	var b strings.Builder
	unknown := false
	for s := tmpl; ; {
		i := strings.Index(s, "${")
		if i < 0 {
			b.WriteString(s)
			break
		}
		b.WriteString(s[:i])
		j := strings.IndexByte(s[i:], '}')
		if j < 0 {
			b.WriteString(s[i:])
			break
		}
		inner := s[i+2 : i+j]
		s = s[i+j+1:]
		if strings.HasPrefix(inner, "!") {
			b.WriteString("${" + inner[1:] + "}")
			continue
		}
		name := strings.TrimSpace(inner)
		v, ok := vars[name]
		if !ok {
			v, ok = e.lookup(name)
		}
		if !ok {
			if k := strings.IndexByte(name, '.'); k > 0 && e.resources[name[:k]] {
				unknown = true // ${Resource.Attr}
				continue
			}
			e.errorf(line, "Fn::Sub: ${%s} names no parameter, resource or variable; declare it, fix the name or write ${!%s} for a literal", name, name)
			unknown = true
			continue
		}
		if e.unresolved(v) {
			unknown = true
			continue
		}
		str, ok := scalarString(v)
		if !ok {
			e.errorf(line, "Fn::Sub: ${%s} is not a string (a list?); join it first with Fn::Join", name)
			unknown = true
			continue
		}
		if !e.grow(len(str), line) {
			return cloudres.Unknown{}
		}
		b.WriteString(str)
	}
	if unknown {
		return cloudres.Unknown{}
	}
	if !e.grow(len(tmpl), line) {
		return cloudres.Unknown{}
	}
	return b.String()
}

// scalarString writes a string, number or boolean as text.
func scalarString(v any) (string, bool) {
	switch v.(type) {
	case string, int64, float64, bool:
		return stringOf(v), true
	}
	return "", false
}

func (e *evaluator) join(arg *yaml.Node, line int, c ctx) any {
	args, ok := e.args("Fn::Join", arg, line, 2, 2)
	if !ok {
		return cloudres.Unknown{}
	}
	d := e.eval(args[0], c.arg())
	list := e.eval(args[1], c.arg())
	if e.unresolved(d) {
		return cloudres.Unknown{}
	}
	delim, ok := d.(string)
	if !ok {
		e.errorf(line, "Fn::Join: the delimiter must be a string")
		return cloudres.Unknown{}
	}
	items, ok := list.([]any)
	if !ok {
		if !e.unresolved(list) {
			e.errorf(line, "Fn::Join: the second argument must be a list")
		}
		return cloudres.Unknown{}
	}
	parts := make([]string, 0, len(items))
	for _, it := range items {
		if e.unresolved(it) {
			return cloudres.Unknown{}
		}
		s, ok := scalarString(it)
		if !ok {
			e.errorf(line, "Fn::Join: the list may hold only strings")
			return cloudres.Unknown{}
		}
		parts = append(parts, s)
	}
	out := strings.Join(parts, delim)
	if !e.grow(len(out), line) {
		return cloudres.Unknown{}
	}
	return out
}

func (e *evaluator) split(arg *yaml.Node, line int, c ctx) any {
	args, ok := e.args("Fn::Split", arg, line, 2, 2)
	if !ok {
		return cloudres.Unknown{}
	}
	d := e.eval(args[0], c.arg())
	src := e.eval(args[1], c.arg())
	if e.unresolved(d) || e.unresolved(src) {
		return cloudres.Unknown{}
	}
	delim, ok1 := d.(string)
	s, ok2 := scalarString(src)
	if !ok1 || !ok2 || delim == "" {
		e.errorf(line, "Fn::Split takes [delimiter, string] with a non-empty delimiter")
		return cloudres.Unknown{}
	}
	parts := strings.Split(s, delim)
	out := make([]any, len(parts))
	for i, p := range parts {
		out[i] = p
	}
	return out
}

func (e *evaluator) selectFn(arg *yaml.Node, line int, c ctx) any {
	args, ok := e.args("Fn::Select", arg, line, 2, 2)
	if !ok {
		return cloudres.Unknown{}
	}
	iv := e.eval(args[0], c.arg())
	lv := e.eval(args[1], c.arg())
	if cloudres.IsUnknown(iv) || cloudres.IsUnknown(lv) {
		return cloudres.Unknown{}
	}
	var idx int64 = -1
	switch x := iv.(type) {
	case int64:
		idx = x
	case string:
		if i, err := strconv.ParseInt(strings.TrimSpace(x), 10, 64); err == nil {
			idx = i
		}
	}
	list, ok := lv.([]any)
	if !ok {
		if _, isRef := lv.(cloudres.Ref); !isRef {
			e.errorf(line, "Fn::Select: the second argument must be a list")
		}
		return cloudres.Unknown{}
	}
	if idx < 0 || idx >= int64(len(list)) {
		e.errorf(line, "Fn::Select: index %v is out of range for a list of %d; use an index from 0 to %d", iv, len(list), len(list)-1)
		return cloudres.Unknown{}
	}
	return list[idx]
}

func (e *evaluator) findInMap(arg *yaml.Node, line int, c ctx) any {
	args, ok := e.args("Fn::FindInMap", arg, line, 3, 4)
	if !ok {
		return cloudres.Unknown{}
	}
	keys := make([]string, 3)
	unknown := false
	for i := 0; i < 3; i++ {
		v := e.eval(args[i], c.arg())
		if e.unresolved(v) {
			unknown = true
			continue
		}
		s, ok := scalarString(v)
		if !ok {
			e.errorf(line, "Fn::FindInMap: the map name and keys must be strings")
			return cloudres.Unknown{}
		}
		keys[i] = s
	}
	var def any
	hasDef := false
	if len(args) == 4 {
		d := deref(args[3])
		if d == nil || d.Kind != yaml.MappingNode {
			e.errorf(line, "Fn::FindInMap: the fourth argument must be {DefaultValue: value}")
			return cloudres.Unknown{}
		}
		for _, kv := range e.pairs(d, c.depth+1) {
			if kv[0].Value == "DefaultValue" {
				def, hasDef = e.eval(kv[1], c.arg()), true
			}
		}
	}
	if unknown {
		if keys[0] != "" && pairsByName(e.mappings)[keys[0]] == nil {
			e.errorf(line, "Fn::FindInMap: there is no map %s under Mappings; declare it or fix the name", keys[0])
		}
		return cloudres.Unknown{}
	}
	m := deref(pairsByName(e.mappings)[keys[0]])
	if m == nil {
		e.errorf(line, "Fn::FindInMap: there is no map %s under Mappings; declare it or fix the name", keys[0])
		return cloudres.Unknown{}
	}
	top := deref(pairsByName(m)[keys[1]])
	var val *yaml.Node
	if top != nil {
		val = pairsByName(top)[keys[2]]
	}
	if val == nil {
		if hasDef {
			return def
		}
		e.errorf(line, "Fn::FindInMap: map %s has no entry %s/%s; add it, or give the parameter a value that is in the map", keys[0], keys[1], keys[2])
		return cloudres.Unknown{}
	}
	return e.eval(val, c.arg())
}

// cidr computes Fn::Cidr [ipBlock, count, cidrBits]: count subnets with
// cidrBits host bits each, in order from the start of ipBlock.
func (e *evaluator) cidr(arg *yaml.Node, line int, c ctx) any {
	args, ok := e.args("Fn::Cidr", arg, line, 3, 3)
	if !ok {
		return cloudres.Unknown{}
	}
	vals := make([]any, 3)
	for i := range vals {
		vals[i] = e.eval(args[i], c.arg())
		if e.unresolved(vals[i]) {
			return cloudres.Unknown{}
		}
	}
	block, _ := scalarString(vals[0])
	pfx, err := netip.ParsePrefix(strings.TrimSpace(block))
	count, ok1 := intOf(vals[1])
	bits, ok2 := intOf(vals[2])
	if err != nil || !ok1 || !ok2 {
		e.errorf(line, "Fn::Cidr takes [ipBlock such as 10.0.0.0/16, count, cidrBits]")
		return cloudres.Unknown{}
	}
	pfx = pfx.Masked()
	total := pfx.Addr().BitLen()
	newLen := total - int(bits)
	if count < 1 || count > 256 || bits < 1 || newLen < pfx.Bits() || newLen > total {
		e.errorf(line, "Fn::Cidr: %d subnets of %d host bits do not fit in %s (count must be 1-256)", count, bits, pfx)
		return cloudres.Unknown{}
	}
	if avail := newLen - pfx.Bits(); avail < 9 && count > int64(1)<<avail {
		e.errorf(line, "Fn::Cidr: %s holds only %d subnets of %d host bits", pfx, int64(1)<<avail, bits)
		return cloudres.Unknown{}
	}
	base := new(big.Int).SetBytes(pfx.Addr().AsSlice())
	step := new(big.Int).Lsh(big.NewInt(1), uint(bits))
	out := make([]any, 0, count)
	for i := int64(0); i < count; i++ {
		addr := new(big.Int).Add(base, new(big.Int).Mul(step, big.NewInt(i)))
		b := addr.FillBytes(make([]byte, total/8))
		a, _ := netip.AddrFromSlice(b)
		out = append(out, netip.PrefixFrom(a, newLen).String())
	}
	return out
}

func intOf(v any) (int64, bool) {
	switch x := v.(type) {
	case int64:
		return x, true
	case string:
		i, err := strconv.ParseInt(strings.TrimSpace(x), 10, 64)
		return i, err == nil
	}
	return 0, false
}

// equalValues compares as CloudFormation does: scalars by their text.
func equalValues(a, b any) bool {
	as, aok := scalarString(a)
	bs, bok := scalarString(b)
	if aok && bok {
		return as == bs
	}
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return reflect.DeepEqual(canonical(a), canonical(b))
}

func canonical(v any) any {
	switch x := v.(type) {
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = canonical(e)
		}
		return out
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		out := make(map[string]any, len(x))
		for _, k := range keys {
			out[k] = canonical(x[k])
		}
		return out
	}
	if s, ok := scalarString(v); ok {
		return s
	}
	return v
}
