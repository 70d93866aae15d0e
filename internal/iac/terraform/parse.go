package terraform

import (
	"fmt"
	"path/filepath"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"

	"github.com/vigil-cspm/vigil/internal/iac/cloudres"
	"github.com/vigil-cspm/vigil/internal/model"
)

// Options are the variable values `terraform plan` would be given.
type Options struct {
	// VarFiles are --var-file paths, applied in order after the
	// directory's terraform.tfvars and *.auto.tfvars files.
	VarFiles []string
	// Vars are --var name=value pairs; they take precedence over files.
	Vars map[string]string
	// Env is an environment ("NAME=value" entries); only TF_VAR_*
	// entries are read, at the lowest precedence after defaults.
	Env []string
	// Read, when set, is given every configuration file the evaluation
	// reads (the root module's and its modules'), as it reads them.
	Read func(path string, src []byte)
	// Warn, when set, is given each deprecated form the evaluation
	// accepts (Terraform 0.11's quoted type constraints and references),
	// once, located, saying what to write instead.
	Warn func(model.InputError)
}

// maxWork bounds the attributes and blocks evaluated in one run, so that
// nested dynamic blocks and module fan-out cannot multiply without end.
const maxWork = 5_000_000

type run struct {
	read     func(path string, src []byte)
	warn     func(model.InputError)
	root     string
	rootAbs  string
	manifest map[string]string // module key ("a.b") → directory
	configs  map[string]*moduleConfig
	errs     []model.InputError
	seen     map[model.InputError]bool
	stack    []string
	total    int
	work     int
	stopped  bool
	rootVals map[string]cty.Value
	// supplied are the root variables given at scan time (--var,
	// --var-file, TF_VAR_*), not written in the module's files.
	supplied map[string]bool
	funcs    map[string]map[string]function.Function
}

// ParseDir evaluates the root module in dir and returns its managed
// resource instances, those of the modules it calls included. A
// directory without configuration files yields nothing.
func ParseDir(dir string, opts Options) (insts []cloudres.Instance, errs []model.InputError) {
	defer func() {
		if p := recover(); p != nil {
			errs = append(errs, model.InputError{File: dir, Message: fmt.Sprintf("internal error while evaluating the configuration (%v); the directory was not fully evaluated, please report this", p)})
		}
	}()
	if !IsRoot(dir) {
		return nil, nil
	}
	r := &run{root: dir, configs: map[string]*moduleConfig{}, seen: map[model.InputError]bool{}, read: opts.Read, warn: opts.Warn}
	r.rootAbs, _ = filepath.Abs(dir)
	r.manifest = r.readManifest()
	cfg := r.config(dir)
	vals, where, diags := rootVariables(cfg, opts)
	r.diags(diags, dir)
	r.rootVals = vals
	r.supplied = suppliedVars(where, opts)
	root := r.newInst(cfg, nil, nil, nil, "", []string{r.rootAbs})
	root.evalAll()
	root.collect(&insts)
	return insts, r.errs
}

// config loads a module directory once per run.
func (r *run) config(dir string) *moduleConfig {
	abs, err := filepath.Abs(dir)
	if err != nil {
		abs = dir
	}
	if c, ok := r.configs[abs]; ok {
		return c
	}
	c, diags := loadModule(dir, r.read)
	r.configs[abs] = c
	r.diags(diags, dir)
	return c
}

// diags records error diagnostics as input errors and hands warnings to
// Options.Warn, once each.
func (r *run) diags(diags hcl.Diagnostics, file string) {
	for _, d := range diags {
		if d.Severity != hcl.DiagError && d.Severity != hcl.DiagWarning {
			continue
		}
		e := model.InputError{File: file, Message: d.Summary}
		if d.Detail != "" {
			e.Message += ": " + d.Detail
		}
		if d.Subject != nil {
			if d.Subject.Filename != "" {
				e.File = d.Subject.Filename
			}
			e.Line = d.Subject.Start.Line
		}
		if d.Severity == hcl.DiagWarning {
			r.addWarning(e)
			continue
		}
		r.add(e)
	}
}

func (r *run) add(e model.InputError) {
	if r.seen[e] {
		return
	}
	r.seen[e] = true
	r.errs = append(r.errs, e)
}

// addWarning hands a warning to Options.Warn once; warnings and errors
// are told apart in seen by their message, which differ.
func (r *run) addWarning(e model.InputError) {
	if r.seen[e] {
		return
	}
	r.seen[e] = true
	if r.warn != nil {
		r.warn(e)
	}
}

func (r *run) errorAt(rng hcl.Range, summary, detail string) {
	r.diags(hcl.Diagnostics{{Severity: hcl.DiagError, Summary: summary, Detail: detail, Subject: rng.Ptr()}}, rng.Filename)
}

// step counts evaluation work; false once the budget is spent.
func (r *run) step(rng hcl.Range) bool {
	if r.stopped {
		return false
	}
	r.work++
	if r.work > maxWork {
		r.stopped = true
		r.errorAt(rng, "Configuration too large to evaluate", fmt.Sprintf("evaluation stopped after %d attributes and blocks (nested dynamic blocks or module fan-out multiply them); split the configuration", maxWork))
		return false
	}
	return true
}

// enter pushes node on the evaluation stack; when node is already being
// evaluated it reports the cycle and returns false.
func (r *run) enter(node string, busy bool, rng hcl.Range) bool {
	if busy {
		chain := []string{}
		for i, n := range r.stack {
			if n == node {
				chain = append(chain, r.stack[i:]...)
				break
			}
		}
		chain = append(chain, node)
		r.errorAt(rng, "Cycle in references", strings.Join(chain, " → ")+"; break the cycle")
		return false
	}
	r.stack = append(r.stack, node)
	return true
}

func (r *run) leave() { r.stack = r.stack[:len(r.stack)-1] }

// collect appends the instances of m (its resources, then its provider
// blocks) and of its module calls, in declaration order.
func (m *modInst) collect(out *[]cloudres.Instance) {
	for _, res := range m.cfg.resList {
		if st := m.res[res.key()]; st != nil {
			*out = append(*out, st.insts...)
		}
	}
	*out = append(*out, m.provs...)
	for _, c := range m.cfg.callList {
		if cs := m.calls[c.name]; cs != nil {
			for _, child := range cs.insts {
				child.collect(out)
			}
		}
	}
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
