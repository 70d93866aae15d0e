package cfn

import (
	"math"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/vigil-cspm/vigil/internal/iac/cloudres"
)

// noValue is what Ref AWS::NoValue yields: the enclosing property or
// list element is removed. It never reaches an Instance.
type noValue struct{}

// evaluator resolves intrinsic functions over the node tree.
type evaluator struct {
	p          *parser
	params     map[string]any
	resources  map[string]bool
	conditions map[string]*yaml.Node
	condState  map[string]int // 1 evaluating, 2 done
	condValue  map[string]any
	mappings   *yaml.Node

	// lines receives the line of every property path while a resource's
	// Properties are evaluated.
	lines map[string]int

	work     int
	strBytes int
	stopped  bool // a budget ran out: stop evaluating
	deepErr  bool
	at       int // line of the node evaluated last
}

func newEvaluator(p *parser) *evaluator {
	return &evaluator{
		p:          p,
		params:     map[string]any{},
		resources:  map[string]bool{},
		conditions: map[string]*yaml.Node{},
		condState:  map[string]int{},
		condValue:  map[string]any{},
	}
}

// ctx is where a node is evaluated.
type ctx struct {
	path  string // property path, for Lines
	rec   bool   // record lines (false inside function arguments)
	depth int
	cond  bool // inside a condition: {Condition: Name} is a function
}

func (c ctx) arg() ctx { return ctx{depth: c.depth + 1, cond: c.cond} }

func (c ctx) child(step string) ctx {
	p := step
	if c.path != "" {
		p = c.path + "." + step
	}
	return ctx{path: p, rec: c.rec, depth: c.depth + 1, cond: c.cond}
}

func (e *evaluator) errorf(line int, format string, args ...any) {
	e.p.errorf(line, format, args...)
}

// eval turns a node into a value: map[string]any, []any, string, int64,
// float64, bool, nil, cloudres.Unknown, cloudres.Ref or noValue.
func (e *evaluator) eval(n *yaml.Node, c ctx) any {
	if e.stopped {
		return cloudres.Unknown{}
	}
	e.work++
	if e.work > maxWork {
		e.stopped = true
		e.errorf(lineOf(n), "the template expands to more than %d values (aliases?); it was not read further", maxWork)
		return cloudres.Unknown{}
	}
	if c.depth > MaxDepth {
		if !e.deepErr {
			e.deepErr = true
			e.errorf(lineOf(n), "the template nests more than %d levels deep (through aliases or functions); the deeper values are unknown", MaxDepth)
		}
		return cloudres.Unknown{}
	}
	if n == nil {
		return nil
	}
	if n.Line > 0 {
		e.at = n.Line
	}
	if n.Kind == yaml.AliasNode {
		a := deref(n)
		if a == nil {
			return cloudres.Unknown{}
		}
		// The alias's own line is recorded by its parent; what it expands
		// to is written once, at the anchor, so its lines are not repeated
		// (and an alias bomb cannot fill Lines).
		return e.eval(a, ctx{path: c.path, depth: c.depth + 1, cond: c.cond})
	}
	if isIntrinsicTag(n.Tag) {
		arg := *n
		arg.Tag = ""
		if arg.Kind == yaml.ScalarNode {
			arg.Style &^= yaml.TaggedStyle
		}
		return e.intrinsic(shortName(n.Tag), &arg, n.Line, c)
	}
	switch n.Kind {
	case yaml.ScalarNode:
		if strings.HasPrefix(n.Tag, "!") && !strings.HasPrefix(n.Tag, "!!") {
			e.errorf(n.Line, "unknown YAML tag %s; CloudFormation knows !Ref, !Sub, !GetAtt, !If and the other intrinsic function tags", n.Tag)
			return cloudres.Unknown{}
		}
		return scalarValue(n)
	case yaml.SequenceNode:
		if strings.HasPrefix(n.Tag, "!") && !strings.HasPrefix(n.Tag, "!!") {
			e.errorf(n.Line, "unknown YAML tag %s; CloudFormation knows !Ref, !Sub, !GetAtt, !If and the other intrinsic function tags", n.Tag)
			return cloudres.Unknown{}
		}
		out := make([]any, 0, len(n.Content))
		for _, el := range n.Content {
			cc := c.child(strconv.Itoa(len(out)))
			v := e.eval(el, cc)
			if _, drop := v.(noValue); drop {
				continue
			}
			if c.rec && len(e.lines) < maxLines {
				e.lines[cc.path] = lineOf(el)
			}
			out = append(out, v)
		}
		return out
	case yaml.MappingNode:
		if strings.HasPrefix(n.Tag, "!") && !strings.HasPrefix(n.Tag, "!!") {
			e.errorf(n.Line, "unknown YAML tag %s; CloudFormation knows !Ref, !Sub, !GetAtt, !If and the other intrinsic function tags", n.Tag)
			return cloudres.Unknown{}
		}
		pairs := e.pairs(n, c.depth)
		if len(pairs) == 1 {
			k := pairs[0][0].Value
			if k == "Ref" || (strings.HasPrefix(k, "Fn::") && !isForEach(k)) || (k == "Condition" && c.cond) {
				return e.intrinsic(k, pairs[0][1], pairs[0][0].Line, c)
			}
		}
		if hasForEach(pairs) {
			// Fn::ForEach among properties generates keys of this mapping.
			exp := e.expand(pairs, "properties", c.depth)
			pairs = make([][2]*yaml.Node, len(exp))
			for i, en := range exp {
				pairs[i] = [2]*yaml.Node{en.key, en.val}
			}
		}
		out := make(map[string]any, len(pairs))
		for _, kv := range pairs {
			k := kv[0].Value
			if _, dup := out[k]; dup {
				e.errorf(kv[0].Line, "key %s is written twice in the same mapping; CloudFormation rejects the template: remove one", k)
				continue
			}
			cc := c.child(k)
			v := e.eval(kv[1], cc)
			if _, drop := v.(noValue); drop {
				continue
			}
			if c.rec && len(e.lines) < maxLines {
				e.lines[cc.path] = kv[0].Line
			}
			out[k] = v
		}
		return out
	}
	return nil
}

// pairs lists the key/value pairs of a mapping, YAML merge keys (<<)
// resolved: explicit keys win over merged ones.
func (e *evaluator) pairs(n *yaml.Node, d int) [][2]*yaml.Node {
	var out [][2]*yaml.Node
	var merged []*yaml.Node
	explicit := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i]
		if k.Tag == "!!merge" {
			merged = append(merged, n.Content[i+1])
			continue
		}
		explicit[k.Value] = true
		out = append(out, [2]*yaml.Node{k, n.Content[i+1]})
	}
	if len(merged) == 0 || d > MaxDepth {
		return out
	}
	var add func(m *yaml.Node, d int)
	add = func(m *yaml.Node, d int) {
		m = deref(m)
		e.work++
		if m == nil || d > MaxDepth || e.work > maxWork {
			return
		}
		switch m.Kind {
		case yaml.MappingNode:
			for _, kv := range e.pairs(m, d+1) {
				if !explicit[kv[0].Value] {
					explicit[kv[0].Value] = true
					out = append(out, kv)
				}
			}
		case yaml.SequenceNode:
			for _, c := range m.Content {
				add(c, d+1)
			}
		}
	}
	for _, m := range merged {
		add(m, d+1)
	}
	return out
}

// scalarValue converts a plain scalar. Timestamps stay text (IAM's
// Version: 2012-10-17); digit strings with a leading zero stay text
// (account IDs); infinities and NaN stay text (they have no JSON form).
func scalarValue(n *yaml.Node) any {
	v := n.Value
	switch n.ShortTag() {
	case "!!null":
		return nil
	case "!!bool":
		switch strings.ToLower(v) {
		case "true":
			return true
		case "false":
			return false
		}
		return v
	case "!!int":
		if len(v) > 1 && v[0] == '0' && allDigits(v) {
			return v
		}
		if i, err := strconv.ParseInt(v, 10, 64); err == nil {
			return i
		}
		if i, err := strconv.ParseInt(strings.ReplaceAll(v, "_", ""), 0, 64); err == nil {
			return i
		}
		if f, err := strconv.ParseFloat(v, 64); err == nil && isFinite(f) {
			return f
		}
		return v
	case "!!float":
		if len(v) > 1 && v[0] == '0' && allDigits(v) {
			return v
		}
		if f, err := strconv.ParseFloat(v, 64); err == nil && isFinite(f) {
			return f
		}
		return v
	}
	return v
}

func allDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

func isFinite(f float64) bool { return !math.IsInf(f, 0) && !math.IsNaN(f) }

// short tags and the functions they stand for.
var shortTags = map[string]string{
	"!Ref":          "Ref",
	"!Condition":    "Condition",
	"!Sub":          "Fn::Sub",
	"!GetAtt":       "Fn::GetAtt",
	"!If":           "Fn::If",
	"!Equals":       "Fn::Equals",
	"!And":          "Fn::And",
	"!Or":           "Fn::Or",
	"!Not":          "Fn::Not",
	"!Select":       "Fn::Select",
	"!Join":         "Fn::Join",
	"!Split":        "Fn::Split",
	"!FindInMap":    "Fn::FindInMap",
	"!GetAZs":       "Fn::GetAZs",
	"!ImportValue":  "Fn::ImportValue",
	"!Base64":       "Fn::Base64",
	"!Cidr":         "Fn::Cidr",
	"!Transform":    "Fn::Transform",
	"!Length":       "Fn::Length",
	"!ToJsonString": "Fn::ToJsonString",
}

func isIntrinsicTag(tag string) bool {
	_, ok := shortTags[tag]
	return ok
}

func shortName(tag string) string { return shortTags[tag] }

// unresolved reports whether v holds an Unknown or a Ref anywhere. The
// walk is charged to the work budget: values shared by reference (a long
// list parameter) would otherwise make a small template slow.
func (e *evaluator) unresolved(v any) bool {
	found := false
	var walk func(v any, d int)
	walk = func(v any, d int) {
		e.work++
		if found || d > MaxDepth+10 {
			found = true
			return
		}
		switch x := v.(type) {
		case cloudres.Unknown, cloudres.Ref:
			found = true
		case map[string]any:
			for _, el := range x {
				walk(el, d+1)
			}
		case []any:
			for _, el := range x {
				walk(el, d+1)
			}
		}
	}
	walk(v, 0)
	if e.work > maxWork && !e.stopped {
		e.stopped = true
		e.errorf(e.at, "the template expands to more than %d values (aliases?); it was not read further", maxWork)
	}
	return found || e.stopped
}
