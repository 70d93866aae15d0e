package model

// Index finds resources of a scan beyond the scope being evaluated: the
// resources of the types rules read across scopes (their related types),
// such as the role bindings of every namespace a workload's service
// account may be bound in, or the buckets a trail in another region
// writes to. A CLI scan keeps it in memory (graph.Index); a service can
// answer it from its store. Implementations are safe for concurrent use.
type Index interface {
	// Holds reports whether the index keeps every resource of a type the
	// scan delivers; other types are seen only within their own scope.
	Holds(typ string) bool
	// Resource returns the resource with this ID, or nil.
	Resource(id string) *Resource
	// Referrers returns the resources with a relation of type rel to
	// id, in the order they were added.
	Referrers(id, rel string) []*Resource
	// OfType returns every resource of a type, in the order they were
	// added.
	OfType(typ string) []*Resource
}
