package policy

import (
	"fmt"
	"slices"

	"github.com/open-policy-agent/opa/v1/ast"
)

// outsideBuiltins returns OPA's built-ins that reach outside the process:
// the network (http.send, net.lookup_ip_addr) and the OPA runtime's
// configuration and environment (opa.runtime). A rule may call them only
// with Options.AllowNetBuiltins. OPA's other non-deterministic built-ins
// stay available: time.now_ns, rand.intn, uuid.rfc4122 and the JWT
// built-ins only read the clock and the random source, and
// json.match_schema and json.verify_schema fetch a remote schema only
// from hosts the capabilities' allow_net lists, which is none unless net
// built-ins are allowed.
func outsideBuiltins() []*ast.Builtin {
	return []*ast.Builtin{ast.HTTPSend, ast.NetLookupIPAddr, ast.OPARuntime}
}

// capabilities are what rules may use: OPA's built-ins and Vigil's, less
// those that reach outside the process unless allowOutside.
func capabilities(allowOutside bool) *ast.Capabilities {
	caps := ast.CapabilitiesForThisVersion()
	if !allowOutside {
		out := outsideBuiltins()
		caps.Builtins = slices.DeleteFunc(caps.Builtins, func(b *ast.Builtin) bool {
			return slices.ContainsFunc(out, func(o *ast.Builtin) bool { return o.Name == b.Name })
		})
		caps.AllowNet = []string{} // no host
	}
	for _, b := range builtinDecls() {
		caps.Builtins = append(caps.Builtins, b)
	}
	return caps
}

// outsideRefs are the references that call outsideBuiltins, in order.
func outsideRefs() []ast.Ref {
	out := outsideBuiltins()
	refs := make([]ast.Ref, len(out))
	for i, b := range out {
		refs[i] = b.Ref()
	}
	return refs
}

// outsideCalls returns an error for each call in m of a built-in that
// reaches outside the process (refs: outsideRefs), saying how to allow
// it. The compiler would reject them too, as calls of unknown functions.
func outsideCalls(file string, m *ast.Module, refs []ast.Ref) Errors {
	// An import named like a built-in's namespace (import data.http)
	// makes http.send a function of data.
	imported := map[ast.Var]bool{}
	for _, imp := range m.Imports {
		imported[imp.Name()] = true
	}
	var errs Errors
	check := func(ref ast.Ref, loc *ast.Location) {
		if v, ok := ref[0].Value.(ast.Var); ok && imported[v] {
			return
		}
		for _, b := range refs {
			if !ref.Equal(b) {
				continue
			}
			e := &Error{File: file, Message: fmt.Sprintf("%v reaches outside the process, which rules may not do by default: "+
				"pass --allow-net-builtins (or set VIGIL_ALLOW_NET_BUILTINS=true) to allow it", b)}
			if loc != nil {
				e.Line = loc.Row
			}
			errs = append(errs, e)
		}
	}
	ast.NewGenericVisitor(func(x any) bool {
		switch x := x.(type) {
		case *ast.Expr:
			if x.IsCall() {
				check(x.Operator(), x.Location)
			}
			for _, w := range x.With {
				if ref, ok := w.Target.Value.(ast.Ref); ok {
					check(ref, w.Location)
				}
			}
		case ast.Call:
			if ref, ok := x[0].Value.(ast.Ref); ok {
				check(ref, x[0].Location)
			}
		}
		return false
	}).Walk(m)
	return errs
}
