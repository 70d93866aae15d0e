package policy

import (
	"sync"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/vigil-cspm/vigil/internal/model"
)

// Inputs holds the rule inputs of resources that outlive an evaluation
// (a webhook's cache of related objects), converted once, when the
// resource is added, and shared by every Inventory given them
// (Inventory.SetInputs): the built-ins that return those resources then
// convert nothing. A resource is keyed by its pointer, and resources are
// never changed once added: a new version of an object is a new
// resource, added when it replaces the old one, which is removed.
//
// It is safe for concurrent use.
type Inputs struct {
	mu     sync.RWMutex
	values map[*model.Resource]ast.Value
	// arrays are vigil.resources' answers over a type's resources, kept
	// for the slice they were built from (the newest per type).
	arrays map[string]heldArray
}

// heldArray is the array of the rule inputs of a slice of resources,
// identified by its first element's address and its length: an index
// only ever appends to its slices, so the same address and length is
// the same resources. Holding the address keeps the slice's memory from
// being reused by another.
type heldArray struct {
	first **model.Resource
	n     int
	t     *ast.Term
}

// NewInputs returns an empty set of rule inputs.
func NewInputs() *Inputs {
	return &Inputs{values: map[*model.Resource]ast.Value{}, arrays: map[string]heldArray{}}
}

// Add converts each resource to rule input and keeps it. A resource
// that cannot be rule input is an error naming it (the others are
// kept).
func (c *Inputs) Add(rs ...*model.Resource) error {
	var firstErr error
	conv := make([]ast.Value, len(rs))
	for i, r := range rs {
		v, err := toValue(r)
		if err != nil && firstErr == nil {
			firstErr = err
		}
		conv[i] = v
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for i, r := range rs {
		if conv[i] != nil {
			c.values[r] = conv[i]
		}
	}
	return firstErr
}

// Remove forgets resources (replaced or deleted ones).
func (c *Inputs) Remove(rs ...*model.Resource) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, r := range rs {
		delete(c.values, r)
		delete(c.arrays, r.Type) // its index is gone too
	}
}

// Len is how many resources' inputs are held.
func (c *Inputs) Len() int {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return len(c.values)
}

// value returns r's input when it is held.
func (c *Inputs) value(r *model.Resource) (ast.Value, bool) {
	c.mu.RLock()
	v, ok := c.values[r]
	c.mu.RUnlock()
	return v, ok
}

// array returns the array of the inputs of rs, a type's resources in an
// index, built on the first call for that slice and kept until a
// resource of the type is removed or another slice of the type is asked
// for; false when one of rs is not held.
func (c *Inputs) array(typ string, rs []*model.Resource) (*ast.Term, bool) {
	if len(rs) == 0 {
		return ast.ArrayTerm(), true
	}
	first := &rs[0]
	c.mu.RLock()
	a, ok := c.arrays[typ]
	c.mu.RUnlock()
	if ok && a.first == first && a.n == len(rs) {
		return a.t, true
	}
	terms := make([]*ast.Term, len(rs))
	c.mu.RLock()
	for i, r := range rs {
		v, ok := c.values[r]
		if !ok {
			c.mu.RUnlock()
			return nil, false
		}
		terms[i] = ast.NewTerm(v)
	}
	c.mu.RUnlock()
	t := ast.ArrayTerm(terms...)
	c.mu.Lock()
	c.arrays[typ] = heldArray{first: first, n: len(rs), t: t}
	c.mu.Unlock()
	return t, true
}
