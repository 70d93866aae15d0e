package terraform

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclparse"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
)

// convertVar applies a variable's optional-attribute defaults and
// converts v to its declared type.
func convertVar(v *variable, val cty.Value) (cty.Value, error) {
	if v.defaults != nil && !val.IsNull() {
		val = v.defaults.Apply(val)
	}
	out, err := convert.Convert(val, v.typ)
	if err != nil {
		return cty.NilVal, fmt.Errorf("value for variable %q is not %s: %s", v.name, v.typ.FriendlyNameForConstraint(), err)
	}
	return out, nil
}

// rawVarValue turns a string given on the command line or in TF_VAR_*
// into a value: primitive and untyped variables take it verbatim, others
// parse it as an HCL expression (as Terraform does).
func rawVarValue(v *variable, raw, name string) (cty.Value, hcl.Diagnostics) {
	if v.typ == cty.DynamicPseudoType || v.typ.IsPrimitiveType() {
		return cty.StringVal(raw), nil
	}
	expr, diags := hclsyntax.ParseExpression([]byte(raw), name, hcl.Pos{Line: 1, Column: 1})
	if diags.HasErrors() {
		return cty.NilVal, diags
	}
	return expr.Value(nil)
}

// rootVariables resolves the root module's variables with Terraform's
// precedence, lowest first: defaults, TF_VAR_* environment,
// terraform.tfvars(.json), *.auto.tfvars(.json) in lexical order,
// var files, then --var values.
func rootVariables(cfg *moduleConfig, opts Options) (map[string]cty.Value, map[string]hcl.Range, hcl.Diagnostics) {
	var diags hcl.Diagnostics
	vals := map[string]cty.Value{}
	where := map[string]hcl.Range{}
	set := func(name string, val cty.Value, rng hcl.Range, strict bool) {
		v, ok := cfg.variables[name]
		if !ok {
			if strict {
				diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Value for undeclared variable",
					Detail: fmt.Sprintf("no variable %q is declared in the root module; declare it or remove the value", name), Subject: rng.Ptr()})
			}
			return
		}
		cv, err := convertVar(v, val)
		if err != nil {
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Invalid value for variable",
				Detail: err.Error() + "; fix the value", Subject: rng.Ptr()})
			return
		}
		if cv.IsNull() && !v.nullable {
			return
		}
		vals[name] = cv
		where[name] = rng
	}
	for _, kv := range opts.Env {
		k, raw, ok := strings.Cut(kv, "=")
		if !ok || !strings.HasPrefix(k, "TF_VAR_") {
			continue
		}
		name := strings.TrimPrefix(k, "TF_VAR_")
		v, ok := cfg.variables[name]
		if !ok {
			continue
		}
		val, ds := rawVarValue(v, raw, k)
		diags = append(diags, ds...)
		if !ds.HasErrors() {
			set(name, val, hcl.Range{Filename: "environment " + k}, false)
		}
	}
	var files []string
	for _, n := range []string{"terraform.tfvars", "terraform.tfvars.json"} {
		if p := filepath.Join(cfg.dir, n); fileExists(p) {
			files = append(files, p)
		}
	}
	if ents, err := os.ReadDir(cfg.dir); err == nil {
		var autos []string
		for _, e := range ents {
			n := e.Name()
			if !e.IsDir() && (strings.HasSuffix(n, ".auto.tfvars") || strings.HasSuffix(n, ".auto.tfvars.json")) {
				autos = append(autos, filepath.Join(cfg.dir, n))
			}
		}
		sort.Strings(autos)
		files = append(files, autos...)
	}
	files = append(files, opts.VarFiles...)
	parser := hclparse.NewParser()
	for _, path := range files {
		attrs, ds := readTfvars(parser, path)
		diags = append(diags, ds...)
		for _, a := range sortedAttrs(attrs) {
			val, ds := a.Expr.Value(nil)
			if ds.HasErrors() {
				for _, d := range ds {
					if d.Summary == "Variables not allowed" || d.Summary == "Function calls not allowed" {
						d.Detail += " (tfvars files hold literal values only)"
					}
				}
				diags = append(diags, ds...)
				continue
			}
			set(a.Name, val, a.Expr.Range(), false)
		}
	}
	names := make([]string, 0, len(opts.Vars))
	for k := range opts.Vars {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, name := range names {
		rng := hcl.Range{Filename: "--var " + name}
		v, ok := cfg.variables[name]
		if !ok {
			set(name, cty.NilVal, rng, true)
			continue
		}
		val, ds := rawVarValue(v, opts.Vars[name], "--var "+name)
		diags = append(diags, ds...)
		if !ds.HasErrors() {
			set(name, val, rng, true)
		}
	}
	return vals, where, diags
}

// suppliedVars names the root variables whose value the scan was given
// (--var, --var-file, TF_VAR_*) rather than read from the module's own
// files (defaults, terraform.tfvars, *.auto.tfvars), from where
// rootVariables set each one.
func suppliedVars(where map[string]hcl.Range, opts Options) map[string]bool {
	varFiles := map[string]bool{}
	for _, f := range opts.VarFiles {
		varFiles[f] = true
	}
	out := map[string]bool{}
	for name, rng := range where {
		f := rng.Filename
		if strings.HasPrefix(f, "--var ") || strings.HasPrefix(f, "environment ") || varFiles[f] {
			out[name] = true
		}
	}
	return out
}

func readTfvars(parser *hclparse.Parser, path string) (hcl.Attributes, hcl.Diagnostics) {
	src, err := readBounded(path)
	if err != nil {
		return nil, hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Cannot read variables file",
			Detail: err.Error() + "; check the --var-file path", Subject: &hcl.Range{Filename: path}}}
	}
	f, diags := parseFile(parser, path, src)
	if f == nil || f.Body == nil {
		return nil, diags
	}
	attrs, ds := f.Body.JustAttributes()
	return attrs, append(diags, ds...)
}

func fileExists(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.Mode().IsRegular()
}
