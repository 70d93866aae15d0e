// Package params owns rule parameters: the registry of every parameter
// the rule library reads (name, type, default, description, the rules
// that read it), the values a configuration sets, and how a value is
// chosen for one resource.
//
// A rule reads a parameter with the built-in vigil.param(input, name)
// (package policy). Its value for a resource is, from weakest to
// strongest: the registry's default, the value set for every resource,
// then the value of the first override whose selector matches the
// resource and that sets the parameter.
//
// Invariants: Registry is the one list of parameters; a Set only holds
// registered names with values of their kind that pass their check; a
// value's resolution depends only on the Set and the resource's
// provider, account, region and namespace.
package params
