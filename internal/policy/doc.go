// Package policy is Vigil's rule engine. It loads Rego v1 rules (the
// embedded library and users' own), reads each rule's METADATA header,
// type-checks every rule against the JSON Schemas of the resource types
// it declares, compiles and plans the whole library once — at build time
// for the embedded library (Precompile, Options.Precompiled) — and
// evaluates resources in parallel, each resource type's rules prepared
// on its first resource.
//
// Rules see one resource as input and reach the rest of the inventory
// only through built-ins answered from the scan's graph:
// vigil.related(id, relation), vigil.referrers(id, relation),
// vigil.referrers_of_type(id, relation, type),
// vigil.edges(id, relation) (target IDs, resources of the scan or not) and
// vigil.resources(type); plus vigil.rbac_allows(rule, group, resource,
// verb), Kubernetes' PolicyRule matching, and vigil.param(resource, name),
// a rule parameter's value for a resource (package params; the values are
// the scan's, Inventory.SetParams). Resources that outlive an
// evaluation (a webhook's cache) can be converted to rule input once and
// shared by every inventory that reads them (Inputs, Inventory.SetInputs).
//
// Invariants: a rule without a valid header, one that reads an
// attribute its types do not have, one that names a parameter the
// registry does not have, or one that calls a built-in reaching outside
// the process without Options.AllowNetBuiltins, fails Load with
// file:line; the engine never knows where a resource came from.
package policy
