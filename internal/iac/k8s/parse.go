package k8s

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/vigil-cspm/vigil/internal/iac/hostile"
	"github.com/vigil-cspm/vigil/internal/kube"
	"github.com/vigil-cspm/vigil/internal/model"
)

// MaxDepth is the deepest nesting a document may have. Real manifests
// stay far below it; hostile ones are rejected instead of exhausting the
// stack of later stages.
const MaxDepth = 100

// Parser turns manifest files into resources. It is safe for concurrent use.
type Parser struct {
	norm *kube.Normalizer
}

// Catalog returns the kinds the parser models.
func (p *Parser) Catalog() *kube.Catalog { return p.norm.Catalog() }

// NewParser returns a parser that normalizes with norm.
func NewParser(norm *kube.Normalizer) *Parser { return &Parser{norm: norm} }

// Result is what one file yielded.
type Result struct {
	Resources []*model.Resource
	Errors    []model.InputError
	// Skipped lists documents that are well-formed but not evaluated
	// (unmodelled kinds, YAML that is not a Kubernetes object).
	Skipped []model.Coverage
}

// Parse reads every document of one file. name is used in locations.
func (p *Parser) Parse(name string, data []byte) Result {
	var res Result
	if !utf8.Valid(data) {
		line := 1 + bytes.Count(data[:hostile.InvalidUTF8(data)], []byte("\n"))
		res.Errors = append(res.Errors, model.InputError{File: name, Line: line, Message: "file is not valid UTF-8: save it as UTF-8"})
		return res
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	for doc := 1; ; doc++ {
		var node yaml.Node
		err := decodeSafely(dec, &node)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			res.Errors = append(res.Errors, yamlError(name, err))
			// The decoder cannot resynchronise after a syntax error.
			break
		}
		p.document(name, &node, &res)
	}
	return res
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

func (p *Parser) document(name string, node *yaml.Node, res *Result) {
	root := node
	if root.Kind == yaml.DocumentNode {
		if len(root.Content) == 0 {
			return // empty document: "---" separators, comments only
		}
		root = root.Content[0]
	}
	if d := hostile.Depth(root, 0, MaxDepth); d > MaxDepth {
		res.Errors = append(res.Errors, model.InputError{File: name, Line: root.Line, Message: fmt.Sprintf("document is nested more than %d levels deep; no Kubernetes object is, so it was not read", MaxDepth)})
		return
	}
	if root.Kind != yaml.MappingNode {
		if root.Kind == yaml.ScalarNode && root.Tag == "!!null" {
			return
		}
		res.Skipped = append(res.Skipped, model.Coverage{Scope: fmt.Sprintf("file:%s:%d", name, root.Line), Status: model.CoverageSkipped, Reason: "not a Kubernetes object (the document is not a mapping)"})
		return
	}
	var obj map[string]any
	if err := decodeNode(root, &obj); err != nil {
		res.Errors = append(res.Errors, model.InputError{File: name, Line: root.Line, Message: "cannot decode document: " + strings.TrimPrefix(err.Error(), "yaml: ")})
		return
	}
	p.object(name, root, clean(obj, 0).(map[string]any), res)
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
		return t.UTC().Format(time.RFC3339)
	default:
		return v
	}
}

func decodeNode(n *yaml.Node, v any) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%v", r)
		}
	}()
	return n.Decode(v)
}

func (p *Parser) object(name string, node *yaml.Node, obj map[string]any, res *Result) {
	_, hasAV := obj["apiVersion"]
	_, hasKind := obj["kind"]
	if !hasAV && !hasKind {
		res.Skipped = append(res.Skipped, model.Coverage{Scope: fmt.Sprintf("file:%s:%d", name, node.Line), Status: model.CoverageSkipped, Reason: "not a Kubernetes object (no apiVersion and kind)"})
		return
	}
	if kind, _ := obj["kind"].(string); strings.HasSuffix(kind, "List") && obj["items"] != nil {
		items := mappingValue(node, "items")
		list, ok := obj["items"].([]any)
		if !ok || items == nil || items.Kind != yaml.SequenceNode {
			res.Errors = append(res.Errors, model.InputError{File: name, Line: node.Line, Message: kind + ".items must be a list of objects"})
			return
		}
		for i, it := range list {
			m, ok := it.(map[string]any)
			line := node.Line
			if i < len(items.Content) {
				line = items.Content[i].Line
			}
			if !ok {
				res.Errors = append(res.Errors, model.InputError{File: name, Line: line, Message: fmt.Sprintf("%s item %d is not an object", kind, i)})
				continue
			}
			p.object(name, items.Content[i], m, res)
		}
		return
	}
	r, err := p.norm.Normalize(obj, kube.IaCAccount, model.Source{Kind: model.SourceIaC, File: name, Line: node.Line})
	var unsupported *kube.UnsupportedKindError
	switch {
	case errors.As(err, &unsupported):
		res.Skipped = append(res.Skipped, model.Coverage{Scope: fmt.Sprintf("file:%s:%d", name, node.Line), Status: model.CoverageSkipped, Reason: err.Error()})
	case err != nil:
		res.Errors = append(res.Errors, model.InputError{File: name, Line: node.Line, Message: err.Error()})
	default:
		res.Resources = append(res.Resources, r)
	}
}

func mappingValue(n *yaml.Node, key string) *yaml.Node {
	if n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}
