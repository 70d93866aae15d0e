// Package graph indexes the relations between the resources of one scan
// (pod → controller, workload → service account, binding → role and
// subjects, object → namespace) in both directions, so cross-resource
// rules and reports can follow them without re-reading any source.
//
// Invariant: a Graph is immutable once built and safe for concurrent reads.
package graph

import "github.com/vigil-cspm/vigil/internal/model"

type edgeKey struct {
	id  string
	rel string
}

// Graph is the relation index of one set of resources. Resources are
// addressed by their position in the slice given to New. Outgoing edges
// lead to resources of the set; incoming edges are indexed by target ID,
// which need not be a resource of the set.
type Graph struct {
	res  []*model.Resource
	byID map[string]int
	out  map[edgeKey][]int
	in   map[edgeKey][]int
}

// New indexes resources. When two resources share an ID the first wins
// as the target of edges; both keep their own outgoing edges.
func New(resources []*model.Resource) *Graph {
	g := &Graph{res: resources, byID: make(map[string]int, len(resources)), out: map[edgeKey][]int{}, in: map[edgeKey][]int{}}
	for i, r := range resources {
		if _, dup := g.byID[r.ID]; !dup {
			g.byID[r.ID] = i
		}
	}
	for i, r := range resources {
		for _, rel := range r.Relations {
			// Incoming edges are indexed even when the target is not a
			// resource of the scan (an RBAC group, an object the identity
			// could not list): referrers can still be found.
			g.in[edgeKey{rel.Target, rel.Type}] = append(g.in[edgeKey{rel.Target, rel.Type}], i)
			if j, ok := g.byID[rel.Target]; ok {
				g.out[edgeKey{r.ID, rel.Type}] = append(g.out[edgeKey{r.ID, rel.Type}], j)
			}
		}
	}
	return g
}

// Len is the number of resources.
func (g *Graph) Len() int { return len(g.res) }

// At returns the resource at index i.
func (g *Graph) At(i int) *model.Resource { return g.res[i] }

// Index returns the position of the resource with the given ID.
func (g *Graph) Index(id string) (int, bool) {
	i, ok := g.byID[id]
	return i, ok
}

// Out returns the indexes of the resources id points to through rel.
func (g *Graph) Out(id, rel string) []int { return g.out[edgeKey{id, rel}] }

// In returns the indexes of the resources that point to id through rel.
func (g *Graph) In(id, rel string) []int { return g.in[edgeKey{id, rel}] }

// Controller follows controlled_by edges to the top-most controller that
// is part of the graph (pod → replica set → deployment). It returns the
// chain, nearest first; empty when r has no known controller.
func (g *Graph) Controller(r *model.Resource) []*model.Resource {
	var chain []*model.Resource
	seen := map[string]bool{r.ID: true}
	cur := r
	for {
		next := g.Out(cur.ID, model.RelControlledBy)
		if len(next) == 0 {
			return chain
		}
		cur = g.res[next[0]]
		if seen[cur.ID] {
			return chain
		}
		seen[cur.ID] = true
		chain = append(chain, cur)
	}
}
