package tfjson

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
)

// MaxDepth is the deepest JSON nesting Parse accepts. Terraform's own
// output nests a few dozen levels at most.
const MaxDepth = 256

type kind uint8

const (
	kNull kind = iota
	kBool
	kNumber
	kString
	kObject
	kArray
)

// node is a decoded JSON value with the line where it starts.
type node struct {
	kind   kind
	line   int
	b      bool
	num    float64
	str    string
	fields []field // object members in file order (duplicates kept)
	elems  []*node
	index  map[string]int // key → last position, built for large objects
}

// indexAbove is the object size from which get indexes the members, so
// hostile files with huge objects stay linear.
const indexAbove = 16

type field struct {
	key string
	val *node
}

// get returns the member key of an object (the last one, as
// encoding/json does with duplicates), or nil.
func (n *node) get(key string) *node {
	if n == nil || n.kind != kObject {
		return nil
	}
	if len(n.fields) > indexAbove {
		if n.index == nil {
			n.index = make(map[string]int, len(n.fields))
			for i, f := range n.fields {
				n.index[f.key] = i
			}
		}
		if i, ok := n.index[key]; ok {
			return n.fields[i].val
		}
		return nil
	}
	for i := len(n.fields) - 1; i >= 0; i-- {
		if n.fields[i].key == key {
			return n.fields[i].val
		}
	}
	return nil
}

func (n *node) getString(key string) (string, bool) {
	v := n.get(key)
	if v == nil || v.kind != kString {
		return "", false
	}
	return v.str, true
}

func (n *node) array() []*node {
	if n == nil || n.kind != kArray {
		return nil
	}
	return n.elems
}

func (n *node) isObject() bool { return n != nil && n.kind == kObject }

// value converts n to the shapes encoding/json produces (map[string]any,
// []any, string, float64, bool, nil), recording the line of every path
// under prefix in lines when lines is not nil.
func (n *node) value(prefix string, lines map[string]int) any {
	if lines != nil && prefix != "" {
		lines[prefix] = n.line
	}
	switch n.kind {
	case kBool:
		return n.b
	case kNumber:
		return n.num
	case kString:
		return n.str
	case kObject:
		m := make(map[string]any, len(n.fields))
		for _, f := range n.fields {
			m[f.key] = f.val.value(join(prefix, f.key), lines)
		}
		return m
	case kArray:
		l := make([]any, len(n.elems))
		for i, e := range n.elems {
			l[i] = e.value(join(prefix, strconv.Itoa(i)), lines)
		}
		return l
	}
	return nil
}

func join(prefix, step string) string {
	if prefix == "" {
		return step
	}
	return prefix + "." + step
}

// lineIndex maps byte offsets to 1-based lines.
type lineIndex []int // offsets of '\n'

func newLineIndex(data []byte) lineIndex {
	var idx lineIndex
	for i := 0; ; {
		j := bytes.IndexByte(data[i:], '\n')
		if j < 0 {
			return idx
		}
		idx = append(idx, i+j)
		i += j + 1
	}
}

func (x lineIndex) line(off int64) int {
	return 1 + sort.Search(len(x), func(i int) bool { return int64(x[i]) >= off })
}

// syntaxError is a JSON problem at a line.
type syntaxError struct {
	line int
	msg  string
}

func (e *syntaxError) Error() string { return e.msg }

type builder struct {
	dec   *json.Decoder
	lines lineIndex
}

// decode reads one JSON document into a tree. Trailing data after the
// document is an error.
func decode(data []byte) (*node, error) {
	b := &builder{dec: json.NewDecoder(bytes.NewReader(data)), lines: newLineIndex(data)}
	root, err := b.read(0)
	if err != nil {
		return nil, err
	}
	if _, err := b.dec.Token(); !errors.Is(err, io.EOF) {
		return nil, &syntaxError{line: b.lines.line(b.dec.InputOffset()), msg: "unexpected data after the JSON document"}
	}
	return root, nil
}

func (b *builder) fail(err error) error {
	off := b.dec.InputOffset()
	var se *json.SyntaxError
	if errors.As(err, &se) {
		off = se.Offset
	}
	msg := err.Error()
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		msg = "unexpected end of file"
	}
	return &syntaxError{line: b.lines.line(off - 1), msg: msg}
}

func (b *builder) read(depth int) (*node, error) {
	tok, err := b.dec.Token()
	if err != nil {
		return nil, b.fail(err)
	}
	// Scalars cannot span lines, so the line of their last byte is
	// theirs; a delimiter is the byte before the offset.
	line := b.lines.line(b.dec.InputOffset() - 1)
	switch t := tok.(type) {
	case nil:
		return &node{kind: kNull, line: line}, nil
	case bool:
		return &node{kind: kBool, line: line, b: t}, nil
	case float64:
		return &node{kind: kNumber, line: line, num: t}, nil
	case string:
		return &node{kind: kString, line: line, str: t}, nil
	case json.Delim:
		if depth >= MaxDepth {
			return nil, &syntaxError{line: line, msg: fmt.Sprintf("JSON is nested more than %d levels deep; Terraform never writes such files", MaxDepth)}
		}
		if t == '{' {
			n := &node{kind: kObject, line: line}
			for b.dec.More() {
				kt, err := b.dec.Token()
				if err != nil {
					return nil, b.fail(err)
				}
				key, ok := kt.(string)
				if !ok {
					return nil, b.fail(fmt.Errorf("object key is not a string"))
				}
				v, err := b.read(depth + 1)
				if err != nil {
					return nil, err
				}
				n.fields = append(n.fields, field{key: key, val: v})
			}
			if _, err := b.dec.Token(); err != nil {
				return nil, b.fail(err)
			}
			return n, nil
		}
		if t == '[' {
			n := &node{kind: kArray, line: line}
			for b.dec.More() {
				v, err := b.read(depth + 1)
				if err != nil {
					return nil, err
				}
				n.elems = append(n.elems, v)
			}
			if _, err := b.dec.Token(); err != nil {
				return nil, b.fail(err)
			}
			return n, nil
		}
	}
	return nil, b.fail(fmt.Errorf("unexpected token %v", tok))
}
