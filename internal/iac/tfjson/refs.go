package tfjson

import (
	"strconv"
	"strings"

	"github.com/vigil-cspm/vigil/internal/iac/cloudres"
)

// maxHops bounds how many module variables and outputs a reference is
// followed through.
const maxHops = 16

// scope is a module instance of the configuration: its configuration
// module, the call that created it, and its address prefix
// ("module.logs[0]."; "" for the root module).
type scope struct {
	cfg    *node // configuration module: resources, module_calls, outputs
	call   *node // module call in the parent's module_calls
	prefix string
	parent *scope
}

// scopeOf returns the configuration scope of an absolute resource
// address and the resource's configuration key ("aws_s3_bucket.logs").
func (p *parser) scopeOf(addr string) (*scope, string) {
	if p.config == nil {
		return nil, ""
	}
	steps, ok := splitAddress(addr)
	if !ok {
		return nil, ""
	}
	sc := p.scope("", nil, p.config, nil)
	for len(steps) >= 2 && steps[0].name == "module" && steps[0].index == "" {
		call := sc.cfg.get("module_calls").get(steps[1].name)
		if call == nil {
			return nil, ""
		}
		sc = p.scope(sc.prefix+"module."+steps[1].name+steps[1].index+".", sc, call.get("module"), call)
		steps = steps[2:]
	}
	if len(steps) != 2 || steps[0].index != "" {
		return nil, ""
	}
	return sc, steps[0].name + "." + steps[1].name
}

func (p *parser) scope(prefix string, parent *scope, cfg, call *node) *scope {
	if sc, ok := p.scopes[prefix]; ok {
		return sc
	}
	sc := &scope{cfg: cfg, call: call, prefix: prefix, parent: parent}
	p.scopes[prefix] = sc
	return sc
}

// configResource finds a managed resource of a configuration module.
func (p *parser) configResource(cfg *node, key string) *node {
	if cfg == nil {
		return nil
	}
	idx, ok := p.resources[cfg]
	if !ok {
		idx = map[string]*node{}
		for _, r := range cfg.get("resources").array() {
			if mode, _ := r.getString("mode"); mode != "" && mode != "managed" {
				continue
			}
			if a, ok := r.getString("address"); ok {
				idx[a] = r
			}
		}
		p.resources[cfg] = idx
	}
	return idx[key]
}

// exprs is a resource's configuration expressions in its scope.
type exprs struct {
	sc   *scope
	expr *node
}

func (p *parser) expressions(addr string) exprs {
	sc, key := p.scopeOf(addr)
	if sc == nil {
		return exprs{}
	}
	return exprs{sc: sc, expr: p.configResource(sc.cfg, key).get("expressions")}
}

// unknownValue is what an unknown attribute at path becomes: a Ref when
// its configuration expression refers to exactly one resource, else
// Unknown.
func (p *parser) unknownValue(addr string, e exprs, path []string) any {
	n := e.expr
	for _, k := range path {
		switch {
		case n == nil:
		case n.kind == kObject:
			n = n.get(k)
		case n.kind == kArray:
			i, err := strconv.Atoi(k)
			if err != nil || i < 0 || i >= len(n.elems) {
				n = nil
			} else {
				n = n.elems[i]
			}
		default:
			n = nil
		}
	}
	if ref, ok := resolve(n, e.sc, 0); ok && ref.Address != addr {
		return ref
	}
	return cloudres.Unknown{}
}

// resolve turns an expression's references into the one resource
// attribute it derives from.
func resolve(expr *node, sc *scope, hops int) (cloudres.Ref, bool) {
	if sc == nil || hops > maxHops {
		return cloudres.Ref{}, false
	}
	ref, ok := single(expr.get("references"))
	if !ok {
		return cloudres.Ref{}, false
	}
	steps, ok := splitAddress(ref)
	if !ok {
		return cloudres.Ref{}, false
	}
	switch steps[0].name {
	case "var":
		// An input variable of a module: the call's argument, resolved
		// in the calling module.
		if len(steps) < 2 || sc.parent == nil || sc.call == nil {
			return cloudres.Ref{}, false
		}
		r, ok := resolve(sc.call.get("expressions").get(steps[1].name), sc.parent, hops+1)
		if !ok {
			return r, false
		}
		r.Attr = joinAttr(r.Attr, tail(steps[1].index, steps[2:]))
		return r, true
	case "module":
		// A module output: its expression, resolved inside the module.
		if len(steps) < 3 {
			return cloudres.Ref{}, false
		}
		call := sc.cfg.get("module_calls").get(steps[1].name)
		out := call.get("module").get("outputs").get(steps[2].name).get("expression")
		if out == nil {
			return cloudres.Ref{}, false
		}
		child := &scope{cfg: call.get("module"), call: call, prefix: sc.prefix + "module." + steps[1].name + steps[1].index + ".", parent: sc}
		r, ok := resolve(out, child, hops+1)
		if !ok {
			return r, false
		}
		r.Attr = joinAttr(r.Attr, tail(steps[2].index, steps[3:]))
		return r, true
	case "data":
		if len(steps) < 3 || steps[1].index != "" {
			return cloudres.Ref{}, false
		}
		return cloudres.Ref{Address: sc.prefix + "data." + steps[1].name + "." + steps[2].name + steps[2].index, Attr: attrPath(steps[3:])}, true
	case "local", "path", "terraform", "self", "count", "each", "resource", "template", "lazy", "arg", "ephemeral":
		return cloudres.Ref{}, false
	}
	if len(steps) < 2 || steps[0].index != "" {
		return cloudres.Ref{}, false
	}
	return cloudres.Ref{Address: sc.prefix + steps[0].name + "." + steps[1].name + steps[1].index, Attr: attrPath(steps[2:])}, true
}

// single returns the one reference an expression is derived from: the
// most specific of the references (Terraform lists a reference and its
// shorter forms: aws_s3_bucket.logs.id, aws_s3_bucket.logs), ignoring
// count.* and each.* (instance keys). ok is false when the expression
// refers to more than one thing, or to nothing.
func single(refs *node) (string, bool) {
	var cand []string
	for _, r := range refs.array() {
		if r.kind != kString || r.str == "" {
			return "", false
		}
		s := r.str
		if s == "count" || s == "each" || strings.HasPrefix(s, "count.") || strings.HasPrefix(s, "each.") {
			continue
		}
		cand = append(cand, s)
	}
	best := ""
	for _, s := range cand {
		switch {
		case best == "" || extends(s, best):
			best = s
		case s == best || extends(best, s):
		default:
			return "", false // two different things
		}
	}
	return best, best != ""
}

// extends reports whether long is short followed by more traversal.
func extends(long, short string) bool {
	return len(long) > len(short) && strings.HasPrefix(long, short) && (long[len(short)] == '.' || long[len(short)] == '[')
}

// tail is the dotted path of an index and the steps after it.
func tail(index string, rest []step) string {
	p := attrPath(append([]step{{name: "_", index: index}}, rest...))
	return strings.TrimPrefix(strings.TrimPrefix(p, "_"), ".")
}

func joinAttr(a, b string) string {
	switch {
	case a == "":
		return b
	case b == "":
		return a
	}
	return a + "." + b
}
