package k8s

import (
	"strconv"
	"strings"

	"github.com/vigil-cspm/vigil/internal/kube"
	"github.com/vigil-cspm/vigil/internal/model"
)

// nodeKind is the kind of a node of a document.
type nodeKind uint8

const (
	noNode       nodeKind = iota // an empty or null document
	scalarNode                   // a scalar, null included
	mappingNode                  // a mapping
	sequenceNode                 // a sequence
	aliasNode                    // an alias (yaml.v3 reads them): not followed
)

// index records where the nodes of one document are written: one entry
// per node, in document order, so a node's descendants follow it and end
// where its entry says.
type index struct {
	entries []entry
}

// entry is one node of an index.
type entry struct {
	// key is the mapping key the node is the value of, as written; "" for
	// the root and for sequence items.
	key string
	// line is where the node is written as a finding reports it: a
	// scalar's own line, a collection's key line under a mapping key, its
	// own line otherwise.
	line int32
	// end is the position just past the node's descendants.
	end  int32
	kind nodeKind
}

// ref designates an entry of an index: its position plus one, so that
// the zero ref is "no node".
type ref int32

// open appends the entry of a node whose descendants come next.
func (x *index) open(key string) ref {
	x.entries = append(x.entries, entry{key: key})
	return ref(len(x.entries))
}

// close completes the entry of a node once its descendants are appended.
func (x *index) close(n ref, kind nodeKind, line int) {
	e := &x.entries[n-1]
	e.kind, e.line, e.end = kind, int32(line), int32(len(x.entries))
}

func (x *index) line(n ref) int { return int(x.entries[n-1].line) }

func (x *index) kind(n ref) nodeKind { return x.entries[n-1].kind }

// first returns a collection's first child, or 0.
func (x *index) first(n ref) ref {
	if n+1 <= ref(x.entries[n-1].end) {
		return n + 1
	}
	return 0
}

// next returns the child of n that follows its child c, or 0.
func (x *index) next(n, c ref) ref {
	if c = ref(x.entries[c-1].end) + 1; c <= ref(x.entries[n-1].end) {
		return c
	}
	return 0
}

// field returns the value of a mapping's first key written exactly as
// key, or 0.
func (x *index) field(n ref, key string) ref {
	if n == 0 || x.kind(n) != mappingNode {
		return 0
	}
	for c := x.first(n); c != 0; c = x.next(n, c) {
		if x.entries[c-1].key == key {
			return c
		}
	}
	return 0
}

// item returns a sequence's i-th item, or 0.
func (x *index) item(n ref, i int) ref {
	if n == 0 || x.kind(n) != sequenceNode || i < 0 {
		return 0
	}
	for c := x.first(n); c != 0; c = x.next(n, c) {
		if i == 0 {
			return c
		}
		i--
	}
	return 0
}

// step follows one path segment: a list index, a map key written as
// given, or a struct field whose camelCase name converts to seg.
func (x *index) step(n ref, seg string) ref {
	if n == 0 {
		return 0
	}
	if i, err := strconv.Atoi(seg); err == nil && x.kind(n) == sequenceNode {
		return x.item(n, i)
	}
	if x.kind(n) != mappingNode {
		return 0
	}
	for c := x.first(n); c != 0; c = x.next(n, c) {
		if key := x.entries[c-1].key; key == seg || kube.Snake(key) == seg {
			return c
		}
	}
	return 0
}

// locator finds the lines of attribute paths in one object of a manifest
// file, from the index of the document it was read from.
type locator struct {
	x    *index
	root ref
	cat  *kube.Catalog
	typ  string // the object's model type
}

var _ model.Locator = (*locator)(nil)

// Locate returns the line of an evidence path (as rules write it, e.g.
// pod_spec.containers[0].security_context.privileged) in the object; 0
// when it cannot tell. When the attribute itself is absent (a rule
// reporting a missing setting) it returns the line of the nearest
// enclosing node that is written.
func (l *locator) Locate(path string) (string, int) {
	k, ok := l.cat.ByType(l.typ)
	segs := splitPath(path)
	if !ok || len(segs) == 0 {
		return "", 0
	}
	x, root := l.x, l.root
	node := root
	switch first := segs[0]; {
	case first == "pod_spec" && k.Workload():
		node = x.step(kube.PodTemplateNode(k, root, x.step), "spec")
		segs = segs[1:]
	case first == "pod_metadata" && k.Workload():
		node = x.step(kube.PodTemplateNode(k, root, x.step), "metadata")
		segs = segs[1:]
	case first == "labels" || first == "annotations" || first == "name" || first == "namespace":
		node = x.step(root, "metadata")
	}
	if node == 0 {
		return "", x.line(root)
	}
	line := x.line(node)
	for _, seg := range segs {
		next := x.step(node, seg)
		if next == 0 {
			return "", line
		}
		node, line = next, x.line(next)
	}
	return "", line
}

// splitPath splits a.b[0].c["x.y"] into a, b, 0, c, x.y.
func splitPath(p string) []string {
	var out []string
	var cur strings.Builder
	flush := func() {
		if cur.Len() > 0 {
			out = append(out, cur.String())
			cur.Reset()
		}
	}
	for i := 0; i < len(p); i++ {
		switch c := p[i]; c {
		case '.':
			flush()
		case '[':
			flush()
			end := strings.IndexByte(p[i:], ']')
			if end < 0 {
				return out
			}
			inner := strings.Trim(p[i+1:i+end], `"'`)
			out = append(out, inner)
			i += end
		default:
			cur.WriteByte(c)
		}
	}
	flush()
	return out
}
