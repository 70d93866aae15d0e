package diag

import "gopkg.in/yaml.v3"

// MaxNodes bounds the values a file may expand to through aliases (a
// "billion laughs" file names a few anchors many times).
const MaxNodes = 100_000

// YAML is the List of a file read as a yaml.v3 node tree, with the
// budget its aliases expand under.
type YAML struct {
	List
	nodes int
}

// Resolve follows an alias to its anchored node and counts the node
// against MaxNodes; nil for a null value (unset) or a node over budget,
// which is reported once.
func (y *YAML) Resolve(n *yaml.Node) *yaml.Node {
	for n != nil && n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	if n == nil {
		return nil
	}
	if y.nodes++; y.nodes > MaxNodes {
		if y.nodes == MaxNodes+1 {
			y.Add(n.Line, n.Column, "the file expands to more than %d values through aliases: write it without so many repeated anchors", MaxNodes)
		}
		return nil
	}
	if n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null" {
		return nil
	}
	return n
}
