package config

import (
	"fmt"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/vigil-cspm/vigil/internal/diag"
	"github.com/vigil-cspm/vigil/internal/params"
)

// decoder walks a file's node tree, reporting every mistake with its
// place. Each method takes the node of a value and the dotted path of
// its key (owners.map[2].owner) for messages, and reports false when
// the value was not usable.
type decoder struct {
	diag.YAML
	// dir is the file's directory: relative secret files are read from
	// there.
	dir string
}

func (d *decoder) fail(n *yaml.Node, format string, args ...any) {
	d.Add(n.Line, n.Column, format, args...)
}

// describe names a node's type for messages.
func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.DocumentNode:
		return "a document"
	}
	switch n.ShortTag() {
	case "!!bool":
		return "true/false"
	case "!!int", "!!float":
		return "a number"
	case "!!str":
		return "a string"
	}
	return "a value tagged " + n.Tag
}

// field is a key of a mapping and how to decode its value.
type field struct {
	name   string
	decode func(n *yaml.Node, path string)
}

// object decodes a mapping with the given keys: each at most once, no
// other. Absent keys keep their defaults.
func (d *decoder) object(n *yaml.Node, path string, fields ...field) {
	if n = d.Resolve(n); n == nil {
		return
	}
	names := make([]string, len(fields))
	for i, f := range fields {
		names[i] = f.name
	}
	if n.Kind != yaml.MappingNode {
		d.fail(n, "%s must be a mapping with keys %s, not %s", orTop(path), strings.Join(names, ", "), describe(n))
		return
	}
	seen := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		key, ok := d.key(k, path)
		if !ok {
			continue
		}
		if line, dup := seen[key]; dup {
			d.fail(k, "%s is set twice (first on line %d): keep one", join(path, key), line)
			continue
		}
		seen[key] = k.Line
		j := slices.Index(names, key)
		if j < 0 {
			d.fail(k, "%s", unknownKey(key, path, names))
			continue
		}
		fields[j].decode(v, join(path, key))
	}
}

// key reads a mapping key, which must be a plain string.
func (d *decoder) key(k *yaml.Node, path string) (string, bool) {
	k = d.Resolve(k)
	switch {
	case k == nil:
		return "", false
	case k.Kind != yaml.ScalarNode:
		d.fail(k, "%s: a key must be a name, not %s", orTop(path), describe(k))
		return "", false
	case k.Value == "<<" && k.ShortTag() == "!!merge":
		d.fail(k, "%s: merge keys (<<) are not supported: write the keys out", orTop(path))
		return "", false
	}
	return k.Value, true
}

// unknownKey is the message for a key a mapping does not have.
func unknownKey(key, path string, known []string) string {
	msg := fmt.Sprintf("unknown key %q in %s", key, orTop(path))
	if near := nearest(key, known); near != "" {
		return msg + fmt.Sprintf(": did you mean %q? Known keys: %s", near, strings.Join(known, ", "))
	}
	return msg + ". Known keys: " + strings.Join(known, ", ")
}

func orTop(path string) string {
	if path == "" {
		return "the top level"
	}
	return path
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// list decodes a sequence, calling each for every element.
func (d *decoder) list(n *yaml.Node, path, want string, each func(i int, n *yaml.Node, path string)) bool {
	if n = d.Resolve(n); n == nil {
		return false
	}
	if n.Kind != yaml.SequenceNode {
		d.fail(n, "%s must be a list of %s, not %s", path, want, describe(n))
		return false
	}
	for i, e := range n.Content {
		each(i, e, fmt.Sprintf("%s[%d]", path, i))
	}
	return true
}

// scalar returns a scalar node, or reports what was written instead of
// want.
func (d *decoder) scalar(n *yaml.Node, path, want string) (*yaml.Node, bool) {
	if n = d.Resolve(n); n == nil {
		return nil, false
	}
	if n.Kind != yaml.ScalarNode {
		d.fail(n, "%s must be %s, not %s", path, want, describe(n))
		return nil, false
	}
	if t := n.Tag; strings.HasPrefix(t, "!") && !strings.HasPrefix(t, "!!") {
		d.fail(n, "%s: YAML tags (%s) are not supported: write %s", path, t, want)
		return nil, false
	}
	return n, true
}

// str reads a string. Numbers and dates are taken as written (an
// account ID is a number to YAML); true and false are not strings.
func (d *decoder) str(n *yaml.Node, path string) (string, bool) {
	s, ok := d.scalar(n, path, "a string")
	if !ok {
		return "", false
	}
	if s.ShortTag() == "!!bool" {
		d.fail(s, "%s must be a string, not %s: quote it (%q)", path, s.Value, s.Value)
		return "", false
	}
	return s.Value, true
}

// name reads a non-empty string.
func (d *decoder) name(n *yaml.Node, path, what string) (string, bool) {
	s, ok := d.str(n, path)
	if ok && strings.TrimSpace(s) == "" {
		d.fail(d.Resolve(n), "%s is empty: give %s", path, what)
		return "", false
	}
	return s, ok
}

// boolean reads true or false.
func (d *decoder) boolean(n *yaml.Node, path string) (bool, bool) {
	return typed[bool](d, n, path, "!!bool", "true or false")
}

// integer reads a whole number.
func (d *decoder) integer(n *yaml.Node, path string) (int, bool) {
	return typed[int](d, n, path, "!!int", "a whole number")
}

// typed reads a scalar of a YAML tag into a T.
func typed[T any](d *decoder, n *yaml.Node, path, tag, want string) (T, bool) {
	var v T
	s, ok := d.scalar(n, path, want)
	if !ok {
		return v, false
	}
	if s.ShortTag() != tag || s.Decode(&v) != nil {
		hint := ""
		if s.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0 {
			hint = ": write it without quotes"
		}
		d.fail(s, "%s must be %s, not %q%s", path, want, s.Value, hint)
		return v, false
	}
	return v, true
}

// strs reads a list of strings.
func (d *decoder) strs(n *yaml.Node, path string) ([]string, bool) {
	return listOf(d, n, path, "strings", d.str)
}

// ints reads a list of whole numbers.
func (d *decoder) ints(n *yaml.Node, path string) ([]int, bool) {
	return listOf(d, n, path, "whole numbers", d.integer)
}

// listOf reads a list whose elements elem reads; false when the list or
// one of its elements is unusable.
func listOf[T any](d *decoder, n *yaml.Node, path, want string, elem func(*yaml.Node, string) (T, bool)) ([]T, bool) {
	out := []T{}
	good := true
	ok := d.list(n, path, want, func(_ int, e *yaml.Node, p string) {
		v, ok := elem(e, p)
		good = good && ok
		out = append(out, v)
	})
	return out, ok && good
}

// glob reads a glob.
func (d *decoder) glob(n *yaml.Node, path string) (string, bool) {
	s, ok := d.name(n, path, "a glob such as prod-* (or leave the key out)")
	if !ok {
		return "", false
	}
	if err := params.CheckGlob(s); err != nil {
		d.fail(d.Resolve(n), "%s: %v", path, err)
		return "", false
	}
	return s, true
}

// duration reads a Duration.
func (d *decoder) duration(n *yaml.Node, path string) (Duration, bool) {
	s, ok := d.scalar(n, path, "a duration such as 90d")
	if !ok {
		return 0, false
	}
	v, err := ParseDuration(s.Value)
	if err != nil {
		d.fail(s, "%s: %v", path, err)
		return 0, false
	}
	return v, true
}

// nearest returns the known name closest to key when it is close
// enough to be a slip, else "".
func nearest(key string, known []string) string {
	best, bestD := "", -1
	for _, k := range known {
		dist := editDistance(strings.ToLower(key), k)
		if bestD < 0 || dist < bestD {
			best, bestD = k, dist
		}
	}
	if bestD >= 0 && (bestD <= 2 || bestD <= len(key)/3) && bestD < len(key) {
		return best
	}
	return ""
}

// editDistance is the Levenshtein distance between a and b (bytes).
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
