package terraform

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"

	"github.com/vigil-cspm/vigil/internal/model"
)

// readManifest reads .terraform/modules/modules.json, written by
// `terraform init`: module keys ("a", "a.b") to their directories.
func (r *run) readManifest() map[string]string {
	out := map[string]string{}
	path := filepath.Join(r.root, ".terraform", "modules", "modules.json")
	src, err := readBounded(path)
	if err != nil {
		return out
	}
	var mf struct {
		Modules []struct {
			Key    string `json:"Key"`
			Source string `json:"Source"`
			Dir    string `json:"Dir"`
		} `json:"Modules"`
	}
	if err := json.Unmarshal(src, &mf); err != nil {
		r.add(inputError(path, 0, "cannot read the module manifest: "+err.Error()+"; run terraform init again"))
		return out
	}
	for _, e := range mf.Modules {
		if e.Key == "" || e.Dir == "" {
			continue
		}
		d := filepath.FromSlash(e.Dir)
		if !filepath.IsAbs(d) {
			d = filepath.Join(r.root, d)
		}
		out[e.Key] = d
	}
	return out
}

func isLocalSource(s string) bool {
	return strings.HasPrefix(s, "./") || strings.HasPrefix(s, "../") || s == "." || s == ".." ||
		strings.HasPrefix(s, ".\\") || strings.HasPrefix(s, "..\\")
}

// moduleDir finds a called module's directory without downloading
// anything: local sources relative to the caller, others where
// terraform init put them.
func (m *modInst) moduleDir(c *moduleCall) (string, bool) {
	key := c.name
	if m.keyPath != "" {
		key = m.keyPath + "." + c.name
	}
	if isLocalSource(c.source) {
		d := filepath.Join(m.cfg.dir, filepath.FromSlash(c.source))
		if st, err := os.Stat(d); err == nil && st.IsDir() {
			return d, true
		}
		if d, ok := m.r.manifest[key]; ok {
			return d, true
		}
		return "", false
	}
	d, ok := m.r.manifest[key]
	if !ok {
		return "", false
	}
	if st, err := os.Stat(d); err != nil || !st.IsDir() {
		return "", false
	}
	return d, true
}

// callState expands a module call into its instances once.
func (m *modInst) callState(c *moduleCall) *callState {
	cs := m.calls[c.name]
	if cs == nil {
		cs = &callState{}
		m.calls[c.name] = cs
	}
	if cs.state == stDone {
		return cs
	}
	node := m.prefix + "module." + c.name
	if !m.r.enter(node, cs.state == stBusy, c.decl) {
		return &callState{kind: kindUnknown}
	}
	cs.state = stBusy
	defer m.r.leave()
	defer func() { cs.state = stDone }()
	cs.kind = kindUnknown
	if c.source == "" {
		return cs
	}
	dir, ok := m.moduleDir(c)
	if !ok {
		what := "the local directory " + c.source + " does not exist"
		if !isLocalSource(c.source) {
			what = fmt.Sprintf("module %q (source %q) is not installed under .terraform/modules", c.name, c.source)
		}
		m.r.errorAt(c.decl, "Module not installed", what+"; run terraform init in "+m.r.root+" first (its resources were not evaluated)")
		return cs
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		abs = dir
	}
	for i, d := range m.dirs {
		if d == abs {
			chain := append(append([]string{}, m.dirs[i:]...), abs)
			m.r.errorAt(c.decl, "Module cycle", "the module calls itself: "+m.chainText(chain)+"; break the cycle")
			return cs
		}
	}
	if len(m.dirs) > MaxModuleDepth {
		chain := append(append([]string{}, m.dirs...), abs)
		m.r.errorAt(c.decl, "Modules nested too deeply", fmt.Sprintf("more than %d levels of modules: %s; the deeper modules were not evaluated", MaxModuleDepth, m.chainText(chain)))
		return cs
	}
	cfg := m.r.config(dir)
	for _, name := range sortedKeys(c.inputs) {
		if _, ok := cfg.variables[name]; !ok {
			a := c.inputs[name]
			m.r.errorAt(a.NameRange, "Unsupported argument", fmt.Sprintf("module %q declares no variable %q; remove the argument or declare the variable", c.name, name))
		}
	}
	for _, name := range sortedKeys(cfg.variables) {
		v := cfg.variables[name]
		if _, ok := c.inputs[name]; !ok && !v.hasDefault && !v.nullDefault {
			m.r.errorAt(c.decl, "Missing required argument", fmt.Sprintf("module %q requires the input %q (it has no default); its value is unknown", c.name, name))
		}
	}
	kind, keys := m.expand(c.count, c.forEach, node)
	if m.r.total+len(keys) > maxTotalInstances {
		kind, keys = kindUnknown, nil
	}
	cs.kind, cs.keys = kind, keys
	dirs := append(append([]string{}, m.dirs...), abs)
	for _, k := range keys {
		prefix := m.prefix + "module." + c.name
		if kind != kindSingle {
			prefix += k.String()
		}
		cs.insts = append(cs.insts, m.r.newInst(cfg, m, c, k.scope(kind), prefix+".", dirs))
	}
	return cs
}

// chainText renders module directories relative to the root.
func (m *modInst) chainText(dirs []string) string {
	parts := make([]string, len(dirs))
	for i, d := range dirs {
		if rel, err := filepath.Rel(m.r.rootAbs, d); err == nil {
			d = filepath.ToSlash(rel)
		}
		parts[i] = d
	}
	return strings.Join(parts, " → ")
}

// moduleValue is module.NAME as a reference sees it: an object of the
// outputs the traversal reads (all outputs when it reads the whole
// module), per instance.
func (m *modInst) moduleValue(c *moduleCall, t hcl.Traversal) cty.Value {
	cs := m.callState(c)
	if cs.kind == kindUnknown || len(cs.insts) != len(cs.keys) {
		return cty.DynamicVal
	}
	var want []string
	rest := t[2:]
	if len(rest) > 0 {
		if _, ok := rest[0].(hcl.TraverseIndex); ok && cs.kind != kindSingle {
			rest = rest[1:]
		}
	}
	if len(rest) > 0 {
		if a, ok := rest[0].(hcl.TraverseAttr); ok {
			want = []string{a.Name}
		}
	}
	objs := make([]cty.Value, len(cs.insts))
	for i, child := range cs.insts {
		names := want
		if names == nil {
			names = sortedKeys(child.cfg.outputs)
		}
		o := map[string]cty.Value{}
		for _, n := range names {
			if _, ok := child.cfg.outputs[n]; ok {
				o[n] = child.output(n)
			}
		}
		objs[i] = cty.ObjectVal(o)
	}
	switch cs.kind {
	case kindCount:
		if len(objs) == 0 {
			return cty.EmptyTupleVal
		}
		return cty.TupleVal(objs)
	case kindForEach:
		mv := map[string]cty.Value{}
		for i, k := range cs.keys {
			mv[k.key.AsString()] = objs[i]
		}
		return cty.ObjectVal(mv)
	}
	return objs[0]
}

func inputError(file string, line int, msg string) model.InputError {
	return model.InputError{File: file, Line: line, Message: msg}
}
