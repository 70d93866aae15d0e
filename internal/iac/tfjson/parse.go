package tfjson

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/vigil-cspm/vigil/internal/iac/cloudres"
	"github.com/vigil-cspm/vigil/internal/iac/hostile"
	"github.com/vigil-cspm/vigil/internal/model"
)

// Supported format_version majors of `terraform show -json`: 0.x
// (Terraform 0.12 to 1.0) and 1.x (Terraform 1.1 and later).
const maxFormatMajor = 1

// Parse reads a Terraform plan JSON or state file into instances. file
// names the source in locations. Instances that parsed are returned
// alongside the errors of those that did not.
func Parse(file string, data []byte) (out []cloudres.Instance, errs []model.InputError) {
	p := &parser{file: file}
	defer func() {
		if r := recover(); r != nil {
			out = p.out
			errs = append(p.errs, model.InputError{File: file, Message: fmt.Sprintf("internal error while reading the file (%v); please report it with the file", r)})
		}
	}()
	p.parse(data)
	return p.out, p.errs
}

type parser struct {
	file string
	out  []cloudres.Instance
	errs []model.InputError

	// plan state
	changes    map[string]*node // resource_changes[].change by address (current objects)
	deleteOnly map[string]bool
	config     *node // configuration.root_module
	scopes     map[string]*scope
	resources  map[*node]map[string]*node // config module → "type.name" → resource
}

func (p *parser) errorf(line int, format string, args ...any) {
	p.errs = append(p.errs, model.InputError{File: p.file, Line: line, Message: fmt.Sprintf(format, args...)})
}

func (p *parser) parse(data []byte) {
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	if len(bytes.TrimSpace(data)) == 0 {
		return // an empty state file: nothing deployed
	}
	if !utf8.Valid(data) {
		p.errorf(1+bytes.Count(data[:hostile.InvalidUTF8(data)], []byte("\n")), "file is not valid UTF-8; Terraform writes UTF-8 JSON, so re-create it with terraform show -json")
		return
	}
	root, err := decode(data)
	if err != nil {
		line := 0
		if se, ok := err.(*syntaxError); ok {
			line = se.line
		}
		p.errorf(line, "cannot parse JSON: %s; is the file complete? Re-create it with terraform show -json (plans) or terraform state pull (states)", err)
		return
	}
	if !root.isObject() {
		p.errorf(root.line, "not a Terraform plan or state: the JSON is not an object")
		return
	}
	if fv := root.get("format_version"); fv != nil {
		if !p.checkFormatVersion(fv) {
			return
		}
		if root.get("planned_values") != nil || root.get("resource_changes") != nil {
			p.plan(root)
			return
		}
		if v := root.get("values"); v != nil {
			p.module(v.get("root_module"), cloudres.TerraformState, 0, 0)
		}
		return
	}
	if v := root.get("version"); v != nil {
		p.state(root, v)
		return
	}
	p.errorf(root.line, "not a Terraform plan or state: no format_version or version; scan the output of terraform show -json <planfile> or a terraform.tfstate")
}

func (p *parser) checkFormatVersion(fv *node) bool {
	if fv.kind != kString {
		p.errorf(fv.line, "format_version must be a string such as \"1.2\"")
		return false
	}
	major, _, _ := strings.Cut(fv.str, ".")
	n, err := strconv.Atoi(major)
	if err != nil || n < 0 || n > maxFormatMajor {
		p.errorf(fv.line, "format_version %q is not supported: this reader understands format versions 0.x and 1.x (Terraform 0.12 and later); write the JSON with a Terraform release that emits 1.x or update Vigil", fv.str)
		return false
	}
	return true
}

// plan reads `terraform show -json <planfile>` output.
func (p *parser) plan(root *node) {
	p.changes = map[string]*node{}
	p.deleteOnly = map[string]bool{}
	p.scopes = map[string]*scope{}
	p.resources = map[*node]map[string]*node{}
	p.config = root.get("configuration").get("root_module")
	for _, rc := range root.get("resource_changes").array() {
		addr, _ := rc.getString("address")
		if addr == "" || rc.get("deposed") != nil {
			continue // deposed objects are on their way out
		}
		ch := rc.get("change")
		p.changes[addr] = ch
		if onlyRemoves(ch.get("actions")) {
			p.deleteOnly[addr] = true
		}
	}
	if pv := root.get("planned_values"); pv != nil {
		p.module(pv.get("root_module"), cloudres.TerraformPlan, 0, 0)
		return
	}
	// No planned_values (not written by Terraform itself): take the
	// planned objects from resource_changes.
	for _, rc := range root.get("resource_changes").array() {
		if rc.get("deposed") != nil {
			continue
		}
		r := &node{kind: kObject, line: rc.line, fields: append([]field(nil), rc.fields...)}
		r.fields = append(r.fields, field{key: "values", val: rc.get("change").get("after")})
		p.resource(r, "", cloudres.TerraformPlan, 0)
	}
}

// onlyRemoves reports whether a change's actions only take the object
// away: ["delete"], or ["forget"] (removed from state, no longer declared).
func onlyRemoves(actions *node) bool {
	as := actions.array()
	if len(as) == 0 {
		return false
	}
	for _, a := range as {
		if a.kind != kString || (a.str != "delete" && a.str != "forget") {
			return false
		}
	}
	return true
}

// module walks a planned_values or values module and its children.
// callLine is the line of the top-level module object for resources
// inside modules.
func (p *parser) module(m *node, source string, callLine, depth int) {
	if !m.isObject() {
		return
	}
	modAddr, _ := m.getString("address")
	for _, r := range m.get("resources").array() {
		p.resource(r, modAddr, source, callLine)
	}
	for _, c := range m.get("child_modules").array() {
		cl := callLine
		if cl == 0 {
			cl = c.line
		}
		p.module(c, source, cl, depth+1)
	}
}

// resource emits one planned_values/values resource.
func (p *parser) resource(r *node, modAddr, source string, callLine int) {
	if !r.isObject() {
		p.errorf(r.line, "resource entry is not an object; the file is not Terraform's JSON output")
		return
	}
	if mode, ok := r.getString("mode"); ok && mode != "managed" {
		return // data sources describe existing objects, they deploy nothing
	}
	typ, _ := r.getString("type")
	name, _ := r.getString("name")
	if typ == "" || name == "" {
		p.errorf(r.line, "resource without type or name; the file was edited or truncated: re-create it with terraform show -json")
		return
	}
	addr, _ := r.getString("address")
	if addr == "" {
		addr = typ + "." + name + indexKey(r.get("index"))
		if modAddr != "" {
			addr = modAddr + "." + addr
		}
	}
	if p.deleteOnly[addr] {
		return
	}
	in := cloudres.Instance{Source: source, Type: typ, Address: addr, Name: name, File: p.file, Line: r.line, Lines: map[string]int{}}
	if callLine > 0 {
		in.CallFile, in.CallLine = p.file, callLine
	}
	in.Values = objectValues(r.get("values"), in.Lines)
	if source == cloudres.TerraformPlan {
		if ch := p.changes[addr]; ch != nil {
			if au := ch.get("after_unknown"); au.isObject() {
				var exprs *exprs // looked up at the first unknown
				mergeUnknown(in.Values, au, nil, in.Lines, func(path []string) any {
					if exprs == nil {
						e := p.expressions(addr)
						exprs = &e
					}
					return p.unknownValue(addr, *exprs, path)
				})
			}
		}
	}
	p.out = append(p.out, in)
}

// objectValues converts an attributes object; anything else (null,
// missing) gives an empty map.
func objectValues(n *node, lines map[string]int) map[string]any {
	if !n.isObject() {
		return map[string]any{}
	}
	return n.value("", lines).(map[string]any)
}

// mergeUnknown marks the paths au sets to true in cur with what unknown
// returns for them (Unknown, or a Ref), creating the objects and list
// elements planned_values left out. A value whose shape disagrees with
// au is kept as it is. changed reports whether anything was marked; it
// keeps the walk linear in the size of au.
func mergeUnknown(cur any, au *node, path []string, lines map[string]int, unknown func([]string) any) (v any, changed bool) {
	switch au.kind {
	case kBool:
		if !au.b {
			return cur, false
		}
		key := strings.Join(path, ".")
		if _, ok := lines[key]; !ok {
			lines[key] = au.line
		}
		return unknown(path), true
	case kObject:
		m, ok := cur.(map[string]any)
		if !ok && cur != nil {
			return cur, false
		}
		for _, f := range au.fields {
			var old any
			if m != nil {
				old = m[f.key]
			}
			nv, ch := mergeUnknown(old, f.val, append(path[:len(path):len(path)], f.key), lines, unknown)
			if ch {
				if m == nil {
					m = map[string]any{}
				}
				m[f.key] = nv
				changed = true
			}
		}
		if changed {
			return m, true
		}
	case kArray:
		l, ok := cur.([]any)
		if !ok && cur != nil {
			return cur, false
		}
		for i, e := range au.elems {
			var old any
			if i < len(l) {
				old = l[i]
			}
			nv, ch := mergeUnknown(old, e, append(path[:len(path):len(path)], strconv.Itoa(i)), lines, unknown)
			if ch {
				for len(l) <= i {
					l = append(l, nil)
				}
				l[i] = nv
				changed = true
			}
		}
		if changed {
			return l, true
		}
	}
	return cur, false
}

// state reads terraform.tfstate.
func (p *parser) state(root, version *node) {
	if version.kind != kNumber || version.num != 4 {
		v := "?"
		if version.kind == kNumber {
			v = strconv.FormatFloat(version.num, 'f', -1, 64)
		}
		p.errorf(version.line, "state format version %s is not supported, only version 4 (Terraform 0.12 and later); upgrade the state by running terraform 0.12 or later on it (terraform apply -refresh-only), or scan terraform show -json output", v)
		return
	}
	for _, r := range root.get("resources").array() {
		if !r.isObject() {
			p.errorf(r.line, "state resource is not an object; the state was edited or truncated")
			continue
		}
		if mode, ok := r.getString("mode"); ok && mode != "managed" {
			continue
		}
		typ, _ := r.getString("type")
		name, _ := r.getString("name")
		if typ == "" || name == "" {
			p.errorf(r.line, "state resource without type or name; the state was edited or truncated: pull it again with terraform state pull")
			continue
		}
		mod, _ := r.getString("module")
		for _, inst := range r.get("instances").array() {
			if !inst.isObject() {
				p.errorf(inst.line, "instance of %s.%s is not an object; the state was edited or truncated", typ, name)
				continue
			}
			if inst.get("deposed") != nil {
				continue // a replaced object awaiting destruction
			}
			addr := typ + "." + name + indexKey(inst.get("index_key"))
			if mod != "" {
				addr = mod + "." + addr
			}
			attrs := inst.get("attributes")
			if !attrs.isObject() && inst.get("attributes_flat") != nil {
				p.errorf(inst.line, "%s has only flat attributes (a state upgraded from Terraform 0.11); refresh it with terraform apply -refresh-only so Terraform rewrites them", addr)
				continue
			}
			in := cloudres.Instance{Source: cloudres.TerraformState, Type: typ, Address: addr, Name: name, File: p.file, Line: inst.line, Lines: map[string]int{}}
			in.Values = objectValues(attrs, in.Lines)
			p.out = append(p.out, in)
		}
	}
}
