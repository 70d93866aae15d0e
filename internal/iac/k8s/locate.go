package k8s

import (
	"bytes"
	"errors"
	"io"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/vigil-cspm/vigil/internal/kube"
)

// Locator finds the line of an attribute path inside the objects of one
// manifest file. It re-reads the file's YAML tree, so scans keep no tree
// in memory and only files with findings pay for it.
type Locator struct {
	cat   *kube.Catalog
	roots map[int]*yaml.Node // object mapping node by its line
}

// NewLocator indexes the objects of a manifest file by line.
func NewLocator(cat *kube.Catalog, data []byte) *Locator {
	l := &Locator{cat: cat, roots: map[int]*yaml.Node{}}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	for {
		var doc yaml.Node
		err := decodeSafely(dec, &doc)
		if errors.Is(err, io.EOF) || err != nil {
			break
		}
		l.index(&doc, 0)
	}
	return l
}

func (l *Locator) index(n *yaml.Node, depth int) {
	if depth > 3 {
		return
	}
	switch n.Kind {
	case yaml.DocumentNode:
		for _, c := range n.Content {
			l.index(c, depth)
		}
	case yaml.MappingNode:
		l.roots[n.Line] = n
		if items := mappingValue(n, "items"); items != nil && items.Kind == yaml.SequenceNode {
			for _, it := range items.Content {
				l.index(it, depth+1)
			}
		}
	}
}

// Line returns the line of an evidence path (as rules write it, e.g.
// pod_spec.containers[0].security_context.privileged) in the object whose
// mapping starts at objectLine; 0 when it cannot tell. When the attribute
// itself is absent (a rule reporting a missing setting) it returns the
// line of the nearest enclosing node that is written.
func (l *Locator) Line(objectLine int, path string) int {
	root := l.roots[objectLine]
	if root == nil || path == "" {
		return 0
	}
	av, _ := scalar(mappingValue(root, "apiVersion"))
	kd, _ := scalar(mappingValue(root, "kind"))
	k, ok := l.cat.Lookup(av, kd)
	if !ok {
		return 0
	}
	segs := splitPath(path)
	if len(segs) == 0 {
		return 0
	}
	node := root
	switch first := segs[0]; {
	case first == "pod_spec" && k.Workload():
		node = step(kube.PodTemplateNode(k, root, step), "spec")
		segs = segs[1:]
	case first == "pod_metadata" && k.Workload():
		node = step(kube.PodTemplateNode(k, root, step), "metadata")
		segs = segs[1:]
	case first == "labels" || first == "annotations" || first == "name" || first == "namespace":
		node = step(root, "metadata")
	}
	if node == nil {
		return root.Line
	}
	line := node.Line
	for _, seg := range segs {
		next := step(node, seg)
		if next == nil {
			return line
		}
		node, line = next, next.Line
	}
	return line
}

func scalar(n *yaml.Node) (string, bool) {
	if n == nil || n.Kind != yaml.ScalarNode {
		return "", false
	}
	return n.Value, true
}

// step follows one path segment: a list index, a map key written as
// given, or a struct field whose camelCase name converts to seg.
func step(n *yaml.Node, seg string) *yaml.Node {
	if n == nil {
		return nil
	}
	if i, err := strconv.Atoi(seg); err == nil && n.Kind == yaml.SequenceNode {
		if i >= 0 && i < len(n.Content) {
			return n.Content[i]
		}
		return nil
	}
	if n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if key := n.Content[i].Value; key == seg || kube.Snake(key) == seg {
			v := n.Content[i+1]
			if v.Kind == yaml.ScalarNode {
				return v
			}
			// A collection's own line is where its key is written.
			c := *v
			c.Line = n.Content[i].Line
			return &c
		}
	}
	return nil
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
