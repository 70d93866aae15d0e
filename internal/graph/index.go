package graph

import (
	"sync"

	"github.com/vigil-cspm/vigil/internal/model"
)

// Index is the in-memory model.Index of a scan: it keeps the resources
// of the types it is made for (the related types of the scan's rules) as
// scopes deliver them, for the rules of later scopes. Adding a resource
// twice (a reference delivered ahead of its scope, then in it) keeps one.
type Index struct {
	types map[string]bool

	mu     sync.RWMutex
	byID   map[string]*model.Resource
	byType map[string][]*model.Resource
	in     map[edgeKey][]*model.Resource
}

var _ model.Index = (*Index)(nil)

// NewIndex returns an empty index of the given types.
func NewIndex(types []string) *Index {
	ix := &Index{types: map[string]bool{}, byID: map[string]*model.Resource{}, byType: map[string][]*model.Resource{}, in: map[edgeKey][]*model.Resource{}}
	for _, t := range types {
		ix.types[t] = true
	}
	return ix
}

// Add keeps the resources of the index's types and ignores the others.
// A resource whose ID is already held is not added again.
func (ix *Index) Add(rs []*model.Resource) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	for _, r := range rs {
		if !ix.types[r.Type] {
			continue
		}
		if _, dup := ix.byID[r.ID]; dup {
			continue
		}
		ix.byID[r.ID] = r
		ix.byType[r.Type] = append(ix.byType[r.Type], r)
		for _, rel := range r.Relations {
			k := edgeKey{rel.Target, rel.Type}
			ix.in[k] = append(ix.in[k], r)
		}
	}
}

// Len is the number of resources held.
func (ix *Index) Len() int {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return len(ix.byID)
}

// Holds implements model.Index.
func (ix *Index) Holds(typ string) bool { return ix.types[typ] }

// Resource implements model.Index.
func (ix *Index) Resource(id string) *model.Resource {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return ix.byID[id]
}

// Referrers implements model.Index.
func (ix *Index) Referrers(id, rel string) []*model.Resource {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return ix.in[edgeKey{id, rel}]
}

// OfType implements model.Index.
func (ix *Index) OfType(typ string) []*model.Resource {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return ix.byType[typ]
}
