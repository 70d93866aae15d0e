package policy

import (
	"slices"
	"strings"

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

// outsideErrors says how to allow a built-in that reaches outside the
// process where the compiler, which the capabilities leave without it,
// reports a call of it as an undefined function, or a with replacing it
// as a with of nothing.
func outsideErrors(errs ast.Errors) ast.Errors {
	for _, e := range errs {
		for _, b := range outsideBuiltins() {
			call := e.Message == "undefined function "+b.Name
			with := strings.HasPrefix(e.Message, "with keyword target must reference") && e.Location != nil &&
				string(e.Location.Text) == b.Name
			if call || with {
				e.Message = b.Name + " reaches outside the process, which rules may not do by default: " +
					"pass --allow-net-builtins (or set VIGIL_ALLOW_NET_BUILTINS=true) to allow it"
			}
		}
	}
	return errs
}
