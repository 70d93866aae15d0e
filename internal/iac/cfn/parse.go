package cfn

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/vigil-cspm/vigil/internal/iac/cloudres"
	"github.com/vigil-cspm/vigil/internal/iac/hostile"
	"github.com/vigil-cspm/vigil/internal/model"
)

// MaxDepth is the deepest nesting a template may have, literally or
// through aliases. Real templates stay far below it.
const MaxDepth = 100

const (
	// maxWork bounds the nodes one Parse evaluates, so that alias bombs
	// (a few lines expanding to billions of nodes) stop early. A template
	// CloudFormation accepts (1 MB at most) has far fewer.
	maxWork = 1_000_000
	// maxLines bounds the property paths located per resource.
	maxLines = 100_000
	// maxStringBytes bounds the bytes Sub, Join and Base64 may produce.
	maxStringBytes = 64 << 20
	// maxErrors bounds the errors reported for one file.
	maxErrors = 200
)

// samTransform is the transform that makes a template a SAM template.
const samTransform = "AWS::Serverless-2016-10-31"

// Parse reads one template. file is used in locations; params override
// parameter defaults and may set the pseudo parameters AWS::Region,
// AWS::AccountId, AWS::StackName, AWS::StackId and AWS::Partition. It
// returns the resources it could read even when there are errors.
func Parse(file string, data []byte, params map[string]string) (out []cloudres.Instance, errs []model.InputError) {
	p := &parser{file: file, params: params}
	defer func() {
		if r := recover(); r != nil {
			out = p.out
			errs = append(p.errs, model.InputError{File: file, Line: p.line, Message: fmt.Sprintf("internal error while reading the template (%v); please report it with the template", r)})
		}
	}()
	p.parse(data)
	return p.out, p.errs
}

type parser struct {
	file   string
	params map[string]string
	// given are the declared parameters whose value params gives.
	given map[string]bool
	out   []cloudres.Instance
	errs  []model.InputError
	line  int // the line being worked on, for the recover message

	ev      *evaluator
	forEach forEach
	sam     *samState // nil unless the template is a SAM template
}

func (p *parser) errorf(line int, format string, args ...any) {
	if len(p.errs) == maxErrors {
		p.errs = append(p.errs, model.InputError{File: p.file, Line: line, Message: "too many errors; fix the ones above first"})
	}
	if len(p.errs) > maxErrors {
		return
	}
	p.errs = append(p.errs, model.InputError{File: p.file, Line: line, Message: fmt.Sprintf(format, args...)})
}

// decode reads the first YAML document of data into a node tree.
func decode(data []byte) (*yaml.Node, bool, error) {
	if looksJSON(data) {
		// Tabs are legal JSON whitespace but not YAML indentation; in
		// valid JSON they cannot occur inside strings, so spaces do.
		data = bytes.ReplaceAll(data, []byte("\t"), []byte(" "))
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := decodeSafely(dec, &doc); err != nil {
		return nil, false, err
	}
	var next yaml.Node
	err := decodeSafely(dec, &next)
	more := err == nil || !errors.Is(err, io.EOF)
	return &doc, more, nil
}

func looksJSON(data []byte) bool {
	t := bytes.TrimLeft(data, " \t\r\n\ufeff")
	return len(t) > 0 && t[0] == '{'
}

func decodeSafely(dec *yaml.Decoder, node *yaml.Node) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("yaml: %v", r)
		}
	}()
	return dec.Decode(node)
}

func (p *parser) yamlError(err error) {
	msg := err.Error()
	line := 0
	if i := strings.Index(msg, "line "); i >= 0 {
		fmt.Sscanf(msg[i:], "line %d", &line)
	}
	p.errorf(line, "cannot parse the template as YAML or JSON: %s; fix the syntax", strings.TrimPrefix(msg, "yaml: "))
}

func (p *parser) parse(data []byte) {
	if !utf8.Valid(data) {
		i := hostile.InvalidUTF8(data)
		p.errorf(1+bytes.Count(data[:i], []byte("\n")), "the template is not valid UTF-8: save it as UTF-8")
		return
	}
	doc, more, err := decode(data)
	if errors.Is(err, io.EOF) {
		p.errorf(1, "the template is empty: a CloudFormation template needs a Resources section")
		return
	}
	if err != nil {
		p.yamlError(err)
		return
	}
	root := doc
	if root.Kind == yaml.DocumentNode {
		if len(root.Content) == 0 {
			p.errorf(1, "the template is empty: a CloudFormation template needs a Resources section")
			return
		}
		root = root.Content[0]
	}
	if more {
		p.errorf(1, "the file holds more than one YAML document; CloudFormation reads a single template per file, so only the first was read")
	}
	if d := hostile.Depth(root, 0, MaxDepth); d > MaxDepth {
		p.errorf(root.Line, "the template is nested more than %d levels deep; no real template is, so it was not read", MaxDepth)
		return
	}
	root = deref(root)
	if root == nil || root.Kind != yaml.MappingNode {
		p.errorf(lineOf(root), "the template is not a mapping of sections (AWSTemplateFormatVersion, Parameters, Resources …); check that this is a CloudFormation template")
		return
	}
	sections := map[string]*yaml.Node{}
	keyLines := map[string]int{}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k := root.Content[i]
		if _, dup := sections[k.Value]; dup {
			p.errorf(k.Line, "section %s is declared twice; CloudFormation rejects the template: merge them", k.Value)
			continue
		}
		sections[k.Value] = deref(root.Content[i+1])
		keyLines[k.Value] = k.Line
	}
	resources := sections["Resources"]
	if resources == nil {
		p.errorf(root.Line, "the template has no Resources section; CloudFormation requires one with at least one resource")
		return
	}
	if resources.Kind != yaml.MappingNode {
		p.errorf(keyLines["Resources"], "Resources must be a mapping of logical IDs to resources")
		return
	}

	p.ev = newEvaluator(p)
	for _, name := range []string{"Parameters", "Mappings", "Conditions"} {
		if n := sections[name]; n != nil && n.Kind != yaml.MappingNode && !isNull(n) {
			p.errorf(keyLines[name], "%s must be a mapping; fix the section or remove it", name)
			sections[name] = nil
		}
	}
	p.ev.mappings = sections["Mappings"]
	p.ev.conditions = pairsByName(sections["Conditions"])
	for i := 0; i+1 < len(resources.Content); i += 2 {
		if id := resources.Content[i].Value; !isForEach(id) {
			p.ev.resources[id] = true
		}
	}
	p.parameters(sections["Parameters"])

	// Fn::ForEach loops are expanded once parameters are known, since
	// their collections usually come from one: Conditions first, which
	// resources may name, then Resources.
	p.forEach.transform = hasTransform(sections["Transform"], languageExtensions)
	if c := sections["Conditions"]; c != nil && c.Kind == yaml.MappingNode {
		if pairs := p.ev.pairs(c, 0); hasForEach(pairs) {
			p.ev.conditions = map[string]*yaml.Node{}
			for _, en := range p.ev.expand(pairs, "conditions", 0) {
				if _, dup := p.ev.conditions[en.key.Value]; !dup {
					p.ev.conditions[en.key.Value] = en.val
				}
			}
		}
	}
	var entries []entry
	for i := 0; i+1 < len(resources.Content); i += 2 {
		entries = append(entries, entry{key: resources.Content[i], val: resources.Content[i+1]})
	}
	loops := map[string]bool{}
	for i := 0; i < len(entries); i++ {
		if k := entries[i].key; isForEach(k.Value) && entries[i].loop == "" {
			if loops[k.Value] {
				p.errorf(k.Line, "%s is declared twice; CloudFormation rejects the template: rename one loop", k.Value)
				entries = append(entries[:i], entries[i+1:]...)
				i--
				continue
			}
			loops[k.Value] = true
			gen := p.ev.expand([][2]*yaml.Node{{k, entries[i].val}}, "resources", 0)
			entries = append(entries[:i], append(gen, entries[i+1:]...)...)
			for _, g := range gen {
				p.ev.resources[g.key.Value] = true
			}
			i += len(gen) - 1
		}
	}
	if hasTransform(sections["Transform"], samTransform) {
		p.sam = newSAMState(sections["Globals"], p.ev.resources)
		p.sam.register(entries, p.ev.resources)
	}

	seen := map[string]bool{}
	for _, en := range entries {
		k, v := en.key, deref(en.val)
		p.line = k.Line
		id := k.Value
		from := ""
		if en.loop != "" {
			from = " (generated by " + en.loop + ")"
		}
		if seen[id] {
			p.errorf(k.Line, "resource %s%s is declared twice; CloudFormation rejects the template: rename one", id, from)
			continue
		}
		seen[id] = true
		if id == "" {
			p.errorf(k.Line, "a resource%s has an empty logical ID; give it an alphanumeric name", from)
			continue
		}
		if !alphanumeric(id) {
			hint := "rename the resource"
			if en.loop != "" {
				hint = "use &{Identifier} in the key, which drops the other characters"
			}
			p.errorf(k.Line, "logical ID %q%s must be alphanumeric (A-Z, a-z, 0-9); CloudFormation rejects it: %s", id, from, hint)
		}
		p.resource(id, k.Line, v)
		if p.ev.stopped {
			return
		}
	}
	if p.sam != nil {
		for _, en := range p.sam.implicitAPIs() {
			p.resource(en.key.Value, en.key.Line, en.val)
		}
	}
}

func (p *parser) resource(id string, line int, n *yaml.Node) {
	if n == nil || n.Kind != yaml.MappingNode {
		p.errorf(line, "resource %s must be a mapping with a Type and Properties", id)
		return
	}
	var typ string
	var props, cond *yaml.Node
	propsLine := line
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], deref(n.Content[i+1])
		switch k.Value {
		case "Type":
			if v == nil || v.Kind != yaml.ScalarNode || v.Tag != "!!str" || v.Value == "" {
				p.errorf(k.Line, "resource %s: Type must be a resource type name such as AWS::S3::Bucket", id)
				return
			}
			typ = v.Value
		case "Properties":
			props, propsLine = v, k.Line
		case "Condition":
			cond = v
		}
	}
	if typ == "" {
		p.errorf(line, "resource %s has no Type; add one such as Type: AWS::S3::Bucket", id)
		return
	}
	if cond != nil {
		if cond.Kind != yaml.ScalarNode {
			p.errorf(cond.Line, "resource %s: Condition must be the name of a condition under Conditions", id)
		} else if v := p.ev.condition(cond.Value, cond.Line, 0); v == false {
			return // not created
		}
	}
	sam := p.sam != nil && strings.HasPrefix(typ, "AWS::Serverless::")
	if sam {
		props = p.sam.withGlobals(typ, props)
	}
	values, lines := map[string]any{}, map[string]int{}
	if props != nil && !isNull(props) {
		p.ev.lines = lines
		v := p.ev.eval(props, ctx{rec: true})
		p.ev.lines = nil
		switch m := v.(type) {
		case map[string]any:
			values = m
		case noValue, cloudres.Unknown:
			// Properties: !If [Cond, {...}, !Ref AWS::NoValue] and the like
		default:
			p.errorf(propsLine, "resource %s: Properties must be a mapping", id)
		}
	}
	in := cloudres.Instance{Source: cloudres.CloudFormation, Type: typ, Address: id, Name: id, File: p.file, Line: line, Values: values, Lines: lines}
	if len(p.given) > 0 && props != nil && props.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(props.Content); i += 2 {
			budget := maxRefWalk
			if refersTo(props.Content[i+1], p.given, &budget) {
				if in.Supplied == nil {
					in.Supplied = map[string]bool{}
				}
				in.Supplied[props.Content[i].Value] = true
			}
		}
	}
	if sam {
		p.out = append(p.out, p.expandSAM(in)...)
		return
	}
	p.out = append(p.out, in)
}

func alphanumeric(s string) bool {
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}

// maxRefWalk bounds the nodes refersTo visits for one property, aliases
// followed: past it the property counts as referring.
const maxRefWalk = 100_000

// refersTo reports whether n names one of params: a Ref (or !Ref) to
// it, or ${name} in a Fn::Sub (or !Sub) string.
func refersTo(n *yaml.Node, params map[string]bool, budget *int) bool {
	n = deref(n)
	if n == nil {
		return false
	}
	if *budget--; *budget < 0 {
		return true
	}
	switch {
	case n.Tag == "!Ref":
		return n.Kind == yaml.ScalarNode && params[n.Value]
	case n.Tag == "!Sub" && subNames(n, params):
		return true
	case n.Kind == yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			v := deref(n.Content[i+1])
			switch n.Content[i].Value {
			case "Ref":
				if v != nil && v.Kind == yaml.ScalarNode && params[v.Value] {
					return true
				}
			case "Fn::Sub":
				if subNames(v, params) {
					return true
				}
			}
			if refersTo(v, params, budget) {
				return true
			}
		}
	case n.Kind == yaml.SequenceNode:
		for _, c := range n.Content {
			if refersTo(c, params, budget) {
				return true
			}
		}
	}
	return false
}

// subNames reports whether the template of a Fn::Sub (a string, or the
// first element of a list) names one of params as ${name}.
func subNames(n *yaml.Node, params map[string]bool) bool {
	if n != nil && n.Kind == yaml.SequenceNode && len(n.Content) > 0 {
		n = deref(n.Content[0])
	}
	if n == nil || n.Kind != yaml.ScalarNode {
		return false
	}
	for s := n.Value; ; {
		i := strings.Index(s, "${")
		if i < 0 {
			return false
		}
		s = s[i+2:]
		j := strings.IndexByte(s, '}')
		if j < 0 {
			return false
		}
		if params[s[:j]] {
			return true
		}
		s = s[j+1:]
	}
}

// deref follows aliases to the node they name.
func deref(n *yaml.Node) *yaml.Node {
	for i := 0; n != nil && n.Kind == yaml.AliasNode && i < 1000; i++ {
		n = n.Alias
	}
	if n != nil && n.Kind == yaml.AliasNode {
		return nil
	}
	return n
}

func lineOf(n *yaml.Node) int {
	if n == nil || n.Line < 1 {
		return 1
	}
	return n.Line
}

func isNull(n *yaml.Node) bool {
	return n != nil && n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null"
}

func pairsByName(n *yaml.Node) map[string]*yaml.Node {
	m := map[string]*yaml.Node{}
	if n == nil || n.Kind != yaml.MappingNode {
		return m
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if _, dup := m[n.Content[i].Value]; !dup {
			m[n.Content[i].Value] = n.Content[i+1]
		}
	}
	return m
}

func hasTransform(n *yaml.Node, name string) bool {
	n = deref(n)
	if n == nil {
		return false
	}
	switch n.Kind {
	case yaml.ScalarNode:
		return n.Value == name
	case yaml.SequenceNode:
		for _, c := range n.Content {
			if c = deref(c); c != nil && c.Kind == yaml.ScalarNode && c.Value == name {
				return true
			}
		}
	}
	return false
}
