package terraform

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// Override files (override.tf, *_override.tf and their .tf.json forms)
// are merged into the blocks the other files declare, after all of them
// and in lexical order, as Terraform does: an argument replaces the
// argument of the same name, a nested block type replaces all the blocks
// of that type, locals are replaced one by one. Expressions keep their
// ranges, so values coming from an override file carry its lines.

// isOverrideFile reports whether path is an override file.
func isOverrideFile(path string) bool {
	n := filepath.Base(path)
	switch {
	case strings.HasSuffix(n, ".tf.json"):
		n = strings.TrimSuffix(n, ".tf.json")
	case strings.HasSuffix(n, ".tf"):
		n = strings.TrimSuffix(n, ".tf")
	default:
		return false
	}
	return n == "override" || strings.HasSuffix(n, "_override")
}

// blockType is the type of the blocks b stands for: a dynamic block's
// label.
func blockType(b *hcl.Block) string {
	if b.Type == "dynamic" && len(b.Labels) == 1 {
		return b.Labels[0]
	}
	return b.Type
}

// replaceType drops the nested blocks of type typ, dynamic ones
// included, and an argument of that name (a JSON body writes nested
// blocks as arguments).
func (p *bodyParts) replaceType(typ string) {
	delete(p.attrs, typ)
	delete(p.json, typ)
	kept := p.blocks[:0:0]
	for _, b := range p.blocks {
		if blockType(b) != typ {
			kept = append(kept, b)
		}
	}
	p.blocks = kept
}

// apply merges one override block's body: its arguments replace those of
// their names, its blocks (dynamic ones by their label) replace all the
// blocks of their types. Without a provider schema, an argument of a
// JSON override may be a nested block: it replaces the blocks of its
// name too.
func (p *bodyParts) apply(body hcl.Body) hcl.Diagnostics {
	o, diags := partsOf(body)
	types := map[string]bool{}
	for _, b := range o.blocks {
		types[blockType(b)] = true
	}
	for n := range o.json {
		types[n] = true
	}
	for t := range types {
		p.replaceType(t)
	}
	for n, a := range o.attrs {
		p.attrs[n] = a
		if jb, ok := o.json[n]; ok {
			if p.json == nil {
				p.json = map[string]hcl.Body{}
			}
			p.json[n] = jb
		} else {
			delete(p.json, n)
		}
	}
	p.blocks = append(p.blocks, o.blocks...)
	return diags
}

var outputSchema = &hcl.BodySchema{Attributes: []hcl.AttributeSchema{{Name: "value"}}}

// overrideBlock merges a top-level block of an override file into the
// block it overrides. broken: the block contains a syntax error.
func (cfg *moduleConfig) overrideBlock(b *hcl.Block, broken bool) hcl.Diagnostics {
	var diags hcl.Diagnostics
	missing := func(what, name string) hcl.Diagnostics {
		return append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Missing base " + what + " to override",
			Detail:  fmt.Sprintf("there is no %s %q in the module's other files for this override block to change; declare it there or remove the override", what, name),
			Subject: b.DefRange.Ptr()})
	}
	noDependsOn := func(body hcl.Body) {
		content, _, _ := body.PartialContent(&hcl.BodySchema{Attributes: []hcl.AttributeSchema{{Name: "depends_on"}}})
		if a, ok := content.Attributes["depends_on"]; ok {
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Unsupported override argument",
				Detail: "depends_on may not be set in an override block; set it in the original block", Subject: a.NameRange.Ptr()})
		}
	}
	for _, l := range b.Labels {
		if !hclsyntax.ValidIdentifier(l) {
			return cfg.decodeBlock(b) // reports the invalid name
		}
	}
	switch b.Type {
	case "variable":
		v, ok := cfg.variables[b.Labels[0]]
		if !ok {
			return missing("variable", b.Labels[0])
		}
		content, _, ds := b.Body.PartialContent(variableSchema)
		diags = append(diags, ds...)
		if len(content.Attributes) == 0 {
			return diags
		}
		if v.attrs == nil {
			v.attrs = hcl.Attributes{}
		}
		for n, a := range content.Attributes {
			v.attrs[n] = a
		}
		// A new type converts the original default, a new default must
		// match the original type: decoding the merged arguments checks
		// both.
		diags = append(diags, v.decode()...)
	case "locals":
		attrs, ds := b.Body.JustAttributes()
		diags = append(diags, ds...)
		for _, a := range sortedAttrs(attrs) {
			if _, ok := cfg.locals[a.Name]; !ok {
				diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Missing base local value to override",
					Detail:  fmt.Sprintf("there is no local value %q in the module's other files for this override to change; declare it there or remove the override", a.Name),
					Subject: a.NameRange.Ptr()})
				continue
			}
			cfg.locals[a.Name] = a
		}
	case "output":
		if !cfg.outputDecl[b.Labels[0]] {
			return missing("output", b.Labels[0])
		}
		noDependsOn(b.Body)
		content, _, _ := b.Body.PartialContent(outputSchema)
		if a, ok := content.Attributes["value"]; ok {
			cfg.outputs[b.Labels[0]] = a
		}
	case "resource", "data":
		key := b.Labels[0] + "." + b.Labels[1]
		if b.Type == "data" {
			key = "data." + key
		}
		r, ok := cfg.resources[key]
		if !ok {
			return missing(b.Type, key)
		}
		if broken {
			// Its values would be guesses, as those of a broken
			// original block.
			cfg.dropResource(r)
			return diags
		}
		noDependsOn(b.Body)
		if r.parts == nil {
			p, ds := partsOf(r.body)
			diags = append(diags, ds...)
			r.parts = p
		}
		diags = append(diags, r.parts.apply(b.Body)...)
		diags = append(diags, r.readRepetition(b.Body, "after merging the override, the resource sets both count and for_each; remove one", b.DefRange.Ptr())...)
	case "module":
		c, ok := cfg.calls[b.Labels[0]]
		if !ok {
			return missing("module call", b.Labels[0])
		}
		if broken {
			cfg.dropCall(c)
			return diags
		}
		attrs, ds := b.Body.JustAttributes()
		diags = append(diags, ds...)
		for _, a := range sortedAttrs(attrs) {
			diags = append(diags, c.setArg(a)...)
		}
	}
	return diags
}

func (cfg *moduleConfig) dropResource(r *resource) {
	delete(cfg.resources, r.key())
	for i, x := range cfg.resList {
		if x == r {
			cfg.resList = append(cfg.resList[:i:i], cfg.resList[i+1:]...)
			break
		}
	}
}

func (cfg *moduleConfig) dropCall(c *moduleCall) {
	delete(cfg.calls, c.name)
	for i, x := range cfg.callList {
		if x == c {
			cfg.callList = append(cfg.callList[:i:i], cfg.callList[i+1:]...)
			break
		}
	}
}
