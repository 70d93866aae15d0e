package cfn

import (
	"sort"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/vigil-cspm/vigil/internal/iac/cloudres"
)

// samGlobalsSections maps the SAM resource types to the Globals section
// that applies to them.
var samGlobalsSections = map[string]string{
	"AWS::Serverless::Function":     "Function",
	"AWS::Serverless::Api":          "Api",
	"AWS::Serverless::HttpApi":      "HttpApi",
	"AWS::Serverless::SimpleTable":  "SimpleTable",
	"AWS::Serverless::StateMachine": "StateMachine",
}

// The logical IDs of the implicit APIs SAM creates for Api and HttpApi
// events that name no API.
const (
	implicitRestAPI = "ServerlessRestApi"
	implicitHTTPAPI = "ServerlessHttpApi"
)

// samState is what expanding a SAM template needs beyond one resource.
type samState struct {
	globals map[string]*yaml.Node // Globals section -> its mapping
	// declared are the template's logical IDs; generated, the IDs
	// expansion has produced so far (a clash fails the transform).
	declared, generated map[string]bool
	// implicit holds, per implicit API, the line of the first event
	// that needs it.
	implicit map[string]int
	overflow bool // maxSAMGenerated was reached
}

// maxSAMGenerated bounds the resources SAM resources expand into: far
// above a real template's (CloudFormation takes 500 per stack), low
// enough that events repeated through aliases cannot exhaust memory.
const maxSAMGenerated = 20_000

func newSAMState(globals *yaml.Node, declared map[string]bool) *samState {
	s := &samState{globals: map[string]*yaml.Node{}, declared: map[string]bool{}, generated: map[string]bool{}, implicit: map[string]int{}}
	for _, section := range samGlobalsSections {
		if g := samGlobals(globals, section); g != nil {
			s.globals[section] = g
		}
	}
	for id := range declared {
		s.declared[id] = true
	}
	return s
}

// samGlobals returns the Globals.<section> mapping of a SAM template.
func samGlobals(n *yaml.Node, section string) *yaml.Node {
	n = deref(n)
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	g := deref(pairsByName(n)[section])
	if g == nil || g.Kind != yaml.MappingNode {
		return nil
	}
	return g
}

// withGlobals applies the Globals section of typ to a resource's
// Properties.
func (s *samState) withGlobals(typ string, props *yaml.Node) *yaml.Node {
	g := s.globals[samGlobalsSections[typ]]
	if g == nil {
		return props
	}
	return mergeGlobals(props, g)
}

// mergeGlobals applies SAM's Globals to a resource's Properties: maps
// merge, lists append to the global entries, other values of the
// resource win.
func mergeGlobals(props, globals *yaml.Node) *yaml.Node {
	props = deref(props)
	if props == nil || isNull(props) {
		return globals
	}
	if props.Kind != yaml.MappingNode || props.Tag != "!!map" {
		return props
	}
	return mergeNodes(globals, props, 0)
}

func mergeNodes(global, local *yaml.Node, d int) *yaml.Node {
	global, local = deref(global), deref(local)
	if global == nil || local == nil || d > 8 || global.Kind != local.Kind || isIntrinsicTag(global.Tag) || isIntrinsicTag(local.Tag) {
		return local
	}
	switch local.Kind {
	case yaml.SequenceNode:
		m := *local
		m.Content = append(append([]*yaml.Node{}, global.Content...), local.Content...)
		return &m
	case yaml.MappingNode:
		m := *local
		m.Content = append([]*yaml.Node{}, local.Content...)
		have := map[string]int{}
		for i := 0; i+1 < len(m.Content); i += 2 {
			have[m.Content[i].Value] = i
		}
		for i := 0; i+1 < len(global.Content); i += 2 {
			k := global.Content[i]
			if j, ok := have[k.Value]; ok {
				m.Content[j+1] = mergeNodes(global.Content[i+1], m.Content[j+1], d+1)
				continue
			}
			m.Content = append(m.Content, k, global.Content[i+1])
		}
		return &m
	}
	return local
}

// register adds the logical IDs SAM generates that a template may refer
// to — a function's or state machine's execution role, the implicit
// APIs — to the resources Ref and GetAtt resolve. It reads the written
// properties: Role cannot come from Globals.
func (s *samState) register(entries []entry, resources map[string]bool) {
	for _, en := range entries {
		n := deref(en.val)
		if n == nil || n.Kind != yaml.MappingNode {
			continue
		}
		res := pairsByName(n)
		typ := scalarOf(res["Type"])
		if typ != "AWS::Serverless::Function" && typ != "AWS::Serverless::StateMachine" {
			continue
		}
		props := pairsByName(deref(res["Properties"]))
		if _, ok := props["Role"]; !ok {
			resources[en.key.Value+"Role"] = true
		}
		events := deref(props["Events"])
		if events == nil || events.Kind != yaml.MappingNode {
			continue
		}
		for i := 1; i < len(events.Content); i += 2 {
			ev := pairsByName(deref(events.Content[i]))
			evProps := pairsByName(deref(ev["Properties"]))
			switch scalarOf(ev["Type"]) {
			case "Api":
				if _, ok := evProps["RestApiId"]; !ok {
					resources[implicitRestAPI] = true
				}
			case "HttpApi":
				if _, ok := evProps["ApiId"]; !ok {
					resources[implicitHTTPAPI] = true
				}
			}
		}
	}
}

// scalarOf is the text of a literal scalar node, else "".
func scalarOf(n *yaml.Node) string {
	if n = deref(n); n != nil && n.Kind == yaml.ScalarNode && !isIntrinsicTag(n.Tag) {
		return n.Value
	}
	return ""
}

// needAPI records that an event at line needs the implicit API id.
func (s *samState) needAPI(id string, line int) {
	if l, ok := s.implicit[id]; !ok || line < l {
		s.implicit[id] = line
	}
}

// implicitAPIs are the resource nodes of the implicit APIs the events
// need, located at the first such event, unless the template declares
// a resource of that name itself.
func (s *samState) implicitAPIs() []entry {
	var out []entry
	for _, api := range []struct{ id, typ, stage string }{
		{implicitRestAPI, "AWS::Serverless::Api", "Prod"},
		{implicitHTTPAPI, "AWS::Serverless::HttpApi", ""},
	} {
		line, ok := s.implicit[api.id]
		if !ok || s.declared[api.id] {
			continue
		}
		props := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Line: line}
		if api.stage != "" {
			props.Content = append(props.Content, scalarNode("StageName", line), scalarNode(api.stage, line))
		}
		res := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Line: line, Content: []*yaml.Node{
			scalarNode("Type", line), scalarNode(api.typ, line), scalarNode("Properties", line), props}}
		out = append(out, entry{key: scalarNode(api.id, line), val: res})
	}
	return out
}

func scalarNode(v string, line int) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: v, Line: line}
}

// samGen expands one SAM resource into the CloudFormation resources the
// transform generates. Every generated instance is located at the SAM
// resource, or at the event or property that caused it.
type samGen struct {
	p   *parser
	in  cloudres.Instance // the SAM resource, its Properties evaluated
	out []cloudres.Instance
	// paths are the keys of in.Lines, sorted when first needed.
	paths []string
}

// expandSAM returns the instances a SAM resource expands into; a type
// the scan does not expand is returned as written.
func (p *parser) expandSAM(in cloudres.Instance) []cloudres.Instance {
	g := &samGen{p: p, in: in}
	switch in.Type {
	case "AWS::Serverless::Function":
		g.function()
	case "AWS::Serverless::Api":
		g.restAPI()
	case "AWS::Serverless::HttpApi":
		g.httpAPI()
	case "AWS::Serverless::StateMachine":
		g.stateMachine()
	case "AWS::Serverless::SimpleTable":
		g.simpleTable()
	case "AWS::Serverless::LayerVersion":
		g.layerVersion()
	default:
		return []cloudres.Instance{in}
	}
	return g.out
}

// instance starts a generated instance at line, or at the SAM resource
// when line is 0.
func (g *samGen) instance(typ, id string, line int) cloudres.Instance {
	if line <= 0 {
		line = g.in.Line
	}
	return cloudres.Instance{Source: cloudres.CloudFormation, Type: typ, Address: id, Name: id, File: g.in.File, Line: line,
		Values: map[string]any{}, Lines: map[string]int{}}
}

// emit adds a generated instance. A logical ID the template declares or
// another expansion generated makes the transform fail: it is reported
// and the instance dropped.
func (g *samGen) emit(in cloudres.Instance) {
	s := g.p.sam
	if in.Address != g.in.Address {
		if s.declared[in.Address] || s.generated[in.Address] {
			g.p.errorf(in.Line, "SAM generates %s %s for %s, but the template already has a resource with that logical ID; the transform fails: rename one", in.Type, in.Address, g.in.Address)
			return
		}
		if len(s.generated) >= maxSAMGenerated {
			if !s.overflow {
				s.overflow = true
				g.p.errorf(in.Line, "the SAM resources generate more than %d resources (aliases?); the rest were not read", maxSAMGenerated)
			}
			return
		}
	}
	s.generated[in.Address] = true
	g.out = append(g.out, in)
}

// line returns the line of a SAM property, or of the resource.
func (g *samGen) line(path string) int { return g.in.LineOf(path) }

// copy sets dst's property to (a dotted path) to the SAM property from,
// with its lines; it reports whether from is set.
func (g *samGen) copy(dst *cloudres.Instance, from, to string) bool {
	v, ok := g.in.Get(from)
	if !ok {
		return false
	}
	setPath(dst.Values, to, v)
	g.moveLines(from, dst.Lines, to)
	return true
}

// copyAll copies the properties of the same name.
func (g *samGen) copyAll(dst *cloudres.Instance, names ...string) {
	for _, k := range names {
		g.copy(dst, k, k)
	}
}

// set sets a generated value at path, located at the SAM property src
// ("" for none).
func (g *samGen) set(dst *cloudres.Instance, path string, v any, src string) {
	setPath(dst.Values, path, v)
	if l := g.in.Lines[src]; src != "" && l > 0 {
		dst.Lines[path] = l
	}
}

// setPath sets a value at a dotted path of maps, creating them.
func setPath(m map[string]any, path string, v any) {
	steps := strings.Split(path, ".")
	for _, s := range steps[:len(steps)-1] {
		next, ok := m[s].(map[string]any)
		if !ok {
			next = map[string]any{}
			m[s] = next
		}
		m = next
	}
	m[steps[len(steps)-1]] = v
}

// moveLines copies the lines of the SAM property from, and of the paths
// below it, to path to of dst.
func (g *samGen) moveLines(from string, dst map[string]int, to string) {
	if l := g.in.Lines[from]; l > 0 {
		dst[to] = l
	}
	if g.paths == nil {
		g.paths = make([]string, 0, len(g.in.Lines))
		for k := range g.in.Lines {
			g.paths = append(g.paths, k)
		}
		sort.Strings(g.paths)
	}
	// The paths below from are contiguous in sorted order.
	prefix := from + "."
	for i := sort.SearchStrings(g.paths, prefix); i < len(g.paths) && strings.HasPrefix(g.paths[i], prefix); i++ {
		if l := g.in.Lines[g.paths[i]]; l > 0 {
			dst[to+"."+g.paths[i][len(prefix):]] = l
		}
	}
}

// tagList turns SAM's Tags map into CloudFormation's Key/Value list,
// with the tags SAM adds (key, value pairs) after it.
func (g *samGen) tagList(dst *cloudres.Instance, added ...string) {
	var tags []any
	if m, ok := g.in.Values["Tags"].(map[string]any); ok {
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			tags = append(tags, map[string]any{"Key": k, "Value": m[k]})
		}
	}
	for i := 0; i+1 < len(added); i += 2 {
		tags = append(tags, map[string]any{"Key": added[i], "Value": added[i+1]})
	}
	if tags == nil {
		return
	}
	g.set(dst, "Tags", tags, "Tags")
}

// sub builds a string as Fn::Sub does from a template whose ${Name}s are
// vars or pseudo parameters; Unknown when a piece is not known.
func (g *samGen) sub(tmpl string, vars map[string]any) any {
	var b strings.Builder
	for s := tmpl; ; {
		i := strings.Index(s, "${")
		if i < 0 {
			b.WriteString(s)
			break
		}
		j := strings.IndexByte(s[i:], '}')
		if j < 0 {
			b.WriteString(s)
			break
		}
		name := s[i+2 : i+j]
		v, ok := vars[name]
		if !ok {
			v, ok = g.p.ev.pseudo(name)
		}
		str, isStr := scalarString(v)
		if !ok || !isStr {
			return cloudres.Unknown{}
		}
		b.WriteString(s[:i])
		b.WriteString(str)
		s = s[i+j+1:]
	}
	if !g.p.ev.grow(b.Len(), g.in.Line) {
		return cloudres.Unknown{}
	}
	return b.String()
}

// partition is the ARN partition of the template's region (aws unless
// the region says otherwise).
func (g *samGen) partition() string {
	v, _ := g.p.ev.pseudo(pPartition)
	s, _ := v.(string)
	if s == "" {
		return "aws"
	}
	return s
}

// s3Location turns a SAM code or definition location — an s3:// URI, a
// {Bucket, Key, Version} map, or a local path `sam package` uploads —
// into CloudFormation's fields (names keyed Bucket, Key and Version).
func (g *samGen) s3Location(dst *cloudres.Instance, from, to string, names [3]string) bool {
	v, ok := g.in.Get(from)
	if !ok {
		return false
	}
	setPath(dst.Values, to, map[string]any{})
	if m, ok := v.(map[string]any); ok {
		for i, k := range []string{"Bucket", "Key", "Version"} {
			if e, ok := m[k]; ok {
				setPath(dst.Values, to+"."+names[i], e)
				g.moveLines(from+"."+k, dst.Lines, to+"."+names[i])
			}
		}
	} else {
		// A local path (or a value known at deployment): the bucket and
		// key are chosen when the template is packaged.
		var bucket, key any = cloudres.Unknown{}, cloudres.Unknown{}
		if s, ok := v.(string); ok {
			if rest, ok := strings.CutPrefix(s, "s3://"); ok {
				bucket, key, _ = strings.Cut(rest, "/")
			}
		}
		setPath(dst.Values, to+"."+names[0], bucket)
		setPath(dst.Values, to+"."+names[1], key)
	}
	if l := g.in.Lines[from]; l > 0 {
		dst.Lines[to] = l
	}
	return true
}
