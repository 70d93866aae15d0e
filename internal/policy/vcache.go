package policy

import (
	"sync"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/topdown"
)

// flatCache is the evaluator's virtual document cache (the values of
// rules and function calls one evaluation has computed) kept flat: one
// hash map per frame from a reference's hash to its entries. OPA's
// default cache is a tree with a hash map at every element of every
// cached reference, so caching a rule's deny set
// (data.vigil.rules.k8s.<name>.deny) cost six maps, rebuilt for every
// resource: a fifth of the engine's allocations. Lookups compare
// references exactly as the default cache does. Caches are reused
// between evaluations (getFlatCache, putFlatCache), so a warm cache
// allocates only when it grows.
type flatCache struct {
	frames []cacheFrame
}

type cacheFrame struct {
	index   map[int]int32 // reference hash → first entry
	entries []cacheEntry
	terms   []*ast.Term // backing store of the entries' references
}

type cacheEntry struct {
	ref       ast.Ref
	value     *ast.Term
	undefined bool
	next      int32 // next entry with the same hash, -1 at the end
}

var _ topdown.VirtualCache = (*flatCache)(nil)

var flatCaches = sync.Pool{New: func() any {
	c := &flatCache{}
	c.Push()
	return c
}}

// getFlatCache returns an empty cache.
func getFlatCache() *flatCache { return flatCaches.Get().(*flatCache) }

// putFlatCache takes back a cache once the evaluation that used it has
// ended and nothing refers to its values.
func putFlatCache(c *flatCache) {
	c.frames = c.frames[:1]
	f := &c.frames[0]
	clear(f.index)
	clear(f.entries)
	f.entries = f.entries[:0]
	clear(f.terms)
	f.terms = f.terms[:0]
	flatCaches.Put(c)
}

func refHash(ref ast.Ref) int {
	h := 0
	for _, t := range ref {
		h = h*31 + t.Value.Hash()
	}
	return h
}

// Push starts a frame (the evaluator does for `with`): lookups see only
// the newest frame, as with OPA's cache.
func (c *flatCache) Push() {
	c.frames = append(c.frames, cacheFrame{index: map[int]int32{}})
}

// Pop drops the newest frame.
func (c *flatCache) Pop() { c.frames = c.frames[:len(c.frames)-1] }

func (c *flatCache) top() *cacheFrame { return &c.frames[len(c.frames)-1] }

func (f *cacheFrame) find(ref ast.Ref, h int) int32 {
	i, ok := f.index[h]
	if !ok {
		return -1
	}
	for ; i >= 0; i = f.entries[i].next {
		if f.entries[i].ref.Equal(ref) {
			return i
		}
	}
	return -1
}

// Get returns the value cached for ref: (nil, false) when there is none,
// (nil, true) when ref was recorded as undefined.
func (c *flatCache) Get(ref ast.Ref) (*ast.Term, bool) { return c.get(ref, refHash(ref)) }

func (c *flatCache) get(ref ast.Ref, h int) (*ast.Term, bool) {
	f := c.top()
	if i := f.find(ref, h); i >= 0 {
		return f.entries[i].value, f.entries[i].undefined
	}
	return nil, false
}

// Put records ref's value, or that it is undefined when value is nil.
func (c *flatCache) Put(ref ast.Ref, value *ast.Term) { c.put(ref, refHash(ref), value) }

func (c *flatCache) put(ref ast.Ref, h int, value *ast.Term) {
	f := c.top()
	if i := f.find(ref, h); i >= 0 {
		f.entries[i].value, f.entries[i].undefined = value, value == nil
		return
	}
	next, ok := f.index[h]
	if !ok {
		next = -1
	}
	// The evaluator reuses the slice it passes: keep a copy.
	start := len(f.terms)
	f.terms = append(f.terms, ref...)
	f.entries = append(f.entries, cacheEntry{ref: f.terms[start:len(f.terms):len(f.terms)], value: value, undefined: value == nil, next: next})
	f.index[h] = int32(len(f.entries) - 1)
}

// Keys returns the references with a value in the newest frame.
func (c *flatCache) Keys() []ast.Ref {
	var out []ast.Ref
	for _, e := range c.top().entries {
		if !e.undefined {
			out = append(out, e.ref)
		}
	}
	return out
}
