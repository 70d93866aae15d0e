package cfn

import (
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/vigil-cspm/vigil/internal/iac/cloudres"
)

// Fn::ForEach (AWS::LanguageExtensions) is expanded on the node tree,
// before evaluation: each generated entry is a copy of the OutputMap
// entry it comes from, with the loop identifier substituted, so it keeps
// that entry's lines and is then read like any entry written by hand.

const (
	forEachPrefix      = "Fn::ForEach::"
	languageExtensions = "AWS::LanguageExtensions"
	// maxForEachDepth is how deeply CloudFormation lets loops nest.
	maxForEachDepth = 5
	// maxGenerated bounds the entries all loops of a template generate
	// together; CloudFormation allows far fewer resources per template.
	maxGenerated = 10_000
)

// entry is a key/value pair of a section after expansion. loop names the
// outermost loop that generated it ("" when written by hand).
type entry struct {
	key, val *yaml.Node
	loop     string
}

// forEach holds the expansion state of one Parse.
type forEach struct {
	transform bool // the template declares AWS::LanguageExtensions
	reported  bool // the missing transform was reported
	generated int
	capped    bool
}

func isForEach(key string) bool { return strings.HasPrefix(key, forEachPrefix) }

// hasForEach reports whether any key of pairs is a loop.
func hasForEach(pairs [][2]*yaml.Node) bool {
	for _, kv := range pairs {
		if isForEach(kv[0].Value) {
			return true
		}
	}
	return false
}

// expand returns pairs with every Fn::ForEach::Name key replaced by the
// entries it generates, in order. what names the entries in messages
// (resources, conditions, properties).
func (e *evaluator) expand(pairs [][2]*yaml.Node, what string, d int) []entry {
	out := make([]entry, 0, len(pairs))
	for _, kv := range pairs {
		if !isForEach(kv[0].Value) {
			out = append(out, entry{key: kv[0], val: kv[1]})
			continue
		}
		e.loop(kv[0], kv[1], what, 1, d, kv[0].Value, &out)
	}
	return out
}

// loop expands one Fn::ForEach::Name: [Identifier, Collection, OutputMap]
// at nesting level level into out. outer is the outermost loop's name.
func (e *evaluator) loop(k, v *yaml.Node, what string, level, d int, outer string, out *[]entry) {
	fe := &e.p.forEach
	name := k.Value
	if e.stopped || fe.capped {
		return
	}
	if !fe.transform && !fe.reported {
		fe.reported = true
		e.errorf(k.Line, "%s needs Transform: %s, without which CloudFormation rejects the template; add the transform (the loop is expanded as if it were there)", name, languageExtensions)
	}
	if level > maxForEachDepth {
		e.errorf(k.Line, "%s is nested %d loops deep; CloudFormation allows at most %d nested Fn::ForEach loops: flatten one (its %s were not scanned)", name, level, maxForEachDepth, what)
		return
	}
	v = deref(v)
	if v == nil || v.Kind != yaml.SequenceNode || len(v.Content) != 3 || isIntrinsicTag(v.Tag) {
		e.errorf(k.Line, "%s must be a list [Identifier, Collection, {OutputKey: OutputValue}]; fix the loop (its %s were not scanned)", name, what)
		return
	}
	idNode, collNode, body := deref(v.Content[0]), v.Content[1], deref(v.Content[2])
	if idNode == nil || idNode.Kind != yaml.ScalarNode || idNode.Value == "" || isIntrinsicTag(idNode.Tag) {
		e.errorf(lineOf(v), "%s: the identifier (first element) must be a name such as TopicName", name)
		return
	}
	if body == nil || body.Kind != yaml.MappingNode || isIntrinsicTag(body.Tag) {
		e.errorf(lineOf(v), "%s: the third element must be a mapping {OutputKey: OutputValue} of the %s to generate", name, what)
		return
	}
	items, ok := e.collection(name, k.Line, collNode, d, what)
	if !ok {
		return
	}
	id := idNode.Value
	tmpl := e.pairs(body, d+1)
	for _, item := range items {
		s := subst{id: id, item: item, alnum: alnumOnly(item)}
		for _, kv := range tmpl {
			nk := e.clone(kv[0], s, d)
			nv := e.clone(kv[1], s, d)
			if e.stopped {
				return
			}
			if isForEach(nk.Value) {
				e.loop(nk, nv, what, level+1, d, outer, out)
				if fe.capped || e.stopped {
					return
				}
				continue
			}
			if fe.generated >= maxGenerated {
				fe.capped = true
				e.errorf(k.Line, "%s: the Fn::ForEach loops of the template generate more than %d entries; the rest were not scanned", name, maxGenerated)
				return
			}
			fe.generated++
			*out = append(*out, entry{key: nk, val: nv, loop: outer})
		}
	}
}

// collection evaluates a loop's collection to a list of strings; false
// (with an error) when it cannot.
func (e *evaluator) collection(name string, line int, n *yaml.Node, d int, what string) ([]string, bool) {
	v := e.eval(n, ctx{depth: d + 1})
	unknown := func() ([]string, bool) {
		hint := "NAME=a,b,c"
		if p := refName(n); p != "" {
			hint = p + "=a,b,c"
		}
		e.errorf(line, "%s: its collection is only known at deployment (a parameter without a value?), so the loop was not expanded and its %s were not scanned; pass the value with --cfn-param %s", name, what, hint)
		return nil, false
	}
	list, isList := v.([]any)
	if !isList {
		if cloudres.IsUnknown(v) {
			return unknown()
		}
		e.errorf(line, "%s: the collection (second element) must be a list of strings or a Ref to a CommaDelimitedList parameter; fix the loop (its %s were not scanned)", name, what)
		return nil, false
	}
	items := make([]string, 0, len(list))
	for _, el := range list {
		switch x := el.(type) {
		case string, int64, float64, bool:
			items = append(items, stringOf(x))
		case cloudres.Unknown:
			return unknown()
		default:
			e.errorf(line, "%s: the collection must hold strings, not lists, mappings or resource references; fix the loop (its %s were not scanned)", name, what)
			return nil, false
		}
	}
	return items, true
}

// refName is the name a Ref node refers to, or "".
func refName(n *yaml.Node) string {
	n = deref(n)
	if n == nil {
		return ""
	}
	if n.Tag == "!Ref" && n.Kind == yaml.ScalarNode {
		return n.Value
	}
	if n.Kind == yaml.MappingNode && len(n.Content) == 2 && n.Content[0].Value == "Ref" {
		if a := deref(n.Content[1]); a != nil && a.Kind == yaml.ScalarNode {
			return a.Value
		}
	}
	return ""
}

// subst is one iteration: ${id} becomes item, &{id} becomes alnum and
// a Ref to id becomes item.
type subst struct{ id, item, alnum string }

func (s subst) apply(v string) string {
	if !strings.Contains(v, "{"+s.id+"}") {
		return v
	}
	v = strings.ReplaceAll(v, "${"+s.id+"}", s.item)
	return strings.ReplaceAll(v, "&{"+s.id+"}", s.alnum)
}

// clone copies n with s applied, following aliases (so an anchor inside
// the loop body is substituted too). Copying is charged to the work
// budget and stops at MaxDepth, where the rest is shared, not copied.
func (e *evaluator) clone(n *yaml.Node, s subst, d int) *yaml.Node {
	n = deref(n)
	if n == nil {
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null", Value: "null"}
	}
	if d > MaxDepth || e.stopped {
		return n
	}
	e.work++
	if e.work > maxWork {
		e.stopped = true
		e.errorf(lineOf(n), "the template expands to more than %d values (Fn::ForEach or aliases); it was not read further", maxWork)
		return n
	}
	if r := refName(n); r != "" && r == s.id {
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s.item, Line: n.Line, Column: n.Column}
	}
	c := *n
	if n.Kind == yaml.ScalarNode {
		if v := s.apply(n.Value); v != n.Value {
			if !e.grow(len(v), n.Line) {
				return n
			}
			c.Value = v
		}
		return &c
	}
	c.Content = make([]*yaml.Node, len(n.Content))
	for i, ch := range n.Content {
		c.Content[i] = e.clone(ch, s, d+1)
	}
	return &c
}

// alnumOnly drops every character but A-Z, a-z and 0-9, as &{} does.
func alnumOnly(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}
