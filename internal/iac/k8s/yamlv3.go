package k8s

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/vigil-cspm/vigil/internal/iac/hostile"
	"github.com/vigil-cspm/vigil/internal/model"
)

// readYAML reads every document of a file with yaml.v3: the reader of
// any YAML, and the reference the fast reader is tested against. A
// syntax error ends the stream: the decoder cannot resynchronise.
func readYAML(name string, data []byte) []document {
	var docs []document
	dec := yaml.NewDecoder(bytes.NewReader(data))
	for {
		var node yaml.Node
		err := decodeSafely(dec, &node)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			e := yamlError(name, err)
			docs = append(docs, document{err: &e})
			break
		}
		docs = append(docs, yamlDocument(name, &node))
	}
	return docs
}

// decodeSafely decodes one document, turning a decoder panic (which
// yaml.v3 raises on some malformed input) into an error.
func decodeSafely(dec *yaml.Decoder, node *yaml.Node) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("yaml: %v", r)
		}
	}()
	return dec.Decode(node)
}

// yamlError extracts a line from yaml.v3's error text ("yaml: line 7: …").
func yamlError(name string, err error) model.InputError {
	msg := err.Error()
	line := 0
	if i := strings.Index(msg, "line "); i >= 0 {
		fmt.Sscanf(msg[i:], "line %d", &line)
	}
	return model.InputError{File: name, Line: line, Message: "cannot parse YAML/JSON: " + strings.TrimPrefix(msg, "yaml: ") + "; fix the syntax or exclude the file"}
}

// yamlDocument turns one decoded document into what both readers yield.
func yamlDocument(name string, node *yaml.Node) document {
	root := node
	if root.Kind == yaml.DocumentNode {
		if len(root.Content) == 0 {
			return document{} // empty document: "---" separators, comments only
		}
		root = root.Content[0]
	}
	if d := hostile.Depth(root, 0, MaxDepth); d > MaxDepth {
		return document{err: &model.InputError{File: name, Line: root.Line, Message: fmt.Sprintf("document is nested more than %d levels deep; no Kubernetes object is, so it was not read", MaxDepth)}}
	}
	switch root.Kind {
	case yaml.MappingNode:
	case yaml.ScalarNode:
		if root.Tag == "!!null" {
			return document{}
		}
		return document{kind: scalarNode, line: root.Line}
	case yaml.SequenceNode:
		return document{kind: sequenceNode, line: root.Line}
	default:
		return document{kind: aliasNode, line: root.Line}
	}
	var obj map[string]any
	if err := decodeNode(root, &obj); err != nil {
		return document{err: &model.InputError{File: name, Line: root.Line, Message: "cannot decode document: " + strings.TrimPrefix(err.Error(), "yaml: ")}}
	}
	x := &index{}
	indexNode(x, root, "", root.Line)
	return document{kind: mappingNode, line: root.Line, value: clean(obj, 0).(map[string]any), index: x}
}

// indexNode appends the entries of n, the value of key written at line
// (or a sequence item or the root, at its own line), and of its
// descendants. Its depth is already bounded by MaxDepth.
func indexNode(x *index, n *yaml.Node, key string, line int) {
	at := x.open(key)
	kind := aliasNode
	switch n.Kind {
	case yaml.ScalarNode:
		kind = scalarNode
	case yaml.MappingNode:
		kind = mappingNode
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			l := k.Line // a collection is located at its key
			if v.Kind == yaml.ScalarNode {
				l = v.Line
			}
			indexNode(x, v, k.Value, l)
		}
	case yaml.SequenceNode:
		kind = sequenceNode
		for _, c := range n.Content {
			indexNode(x, c, "", c.Line)
		}
	}
	x.close(at, kind, line)
}

// clean turns what yaml.v3 may produce for untyped targets into JSON
// shapes: non-string map keys become strings, timestamps RFC 3339 text.
func clean(v any, d int) any {
	switch t := v.(type) {
	case map[string]any:
		for k, e := range t {
			t[k] = clean(e, d+1)
		}
		return t
	case map[any]any:
		m := make(map[string]any, len(t))
		for k, e := range t {
			m[fmt.Sprint(k)] = clean(e, d+1)
		}
		return m
	case []any:
		for i, e := range t {
			t[i] = clean(e, d+1)
		}
		return t
	case time.Time:
		return timeText(t)
	default:
		return v
	}
}

// timeText is how a timestamp reads in an object: RFC 3339, in UTC.
func timeText(t time.Time) string { return t.UTC().Format(time.RFC3339) }

func decodeNode(n *yaml.Node, v any) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%v", r)
		}
	}()
	return n.Decode(v)
}
