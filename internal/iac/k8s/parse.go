package k8s

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

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
	fast *fastReader
}

// Catalog returns the kinds the parser models.
func (p *Parser) Catalog() *kube.Catalog { return p.norm.Catalog() }

// NewParser returns a parser that normalizes with norm.
func NewParser(norm *kube.Normalizer) *Parser { return &Parser{norm: norm, fast: &fastReader{}} }

// Result is what one file yielded.
type Result struct {
	Resources []*model.Resource
	Errors    []model.InputError
	// Skipped lists documents that are well-formed but not evaluated
	// (unmodelled kinds, YAML that is not a Kubernetes object).
	Skipped []model.Coverage
}

// document is one document of a file as either reader yields it.
type document struct {
	kind  nodeKind // of its root; noNode when the document is empty or null
	line  int      // of its root
	value map[string]any
	index *index // with value, when the root is a mapping
	err   *model.InputError
	// owned: no two nodes of value share a map or slice (the fast
	// reader's documents; yaml.v3 gives an alias's uses one value), so
	// value may be normalized in place.
	owned bool
}

// Parse reads every document of one file. name is used in locations.
// Files written in the YAML that manifests use are read by the fast
// reader (fast.go); any other file by yaml.v3, with the same result.
func (p *Parser) Parse(name string, data []byte) Result {
	if !utf8.Valid(data) {
		line := 1 + bytes.Count(data[:hostile.InvalidUTF8(data)], []byte("\n"))
		return Result{Errors: []model.InputError{{File: name, Line: line, Message: "file is not valid UTF-8: save it as UTF-8"}}}
	}
	docs, ok := p.fast.read(data)
	if !ok {
		docs = readYAML(name, data)
	}
	return p.result(name, docs)
}

// result turns the documents of a file into resources, errors and
// skipped coverage, in the order of the documents.
func (p *Parser) result(name string, docs []document) Result {
	var res Result
	for _, d := range docs {
		switch {
		case d.err != nil:
			res.Errors = append(res.Errors, *d.err)
		case d.kind == noNode:
		case d.kind != mappingNode:
			res.Skipped = append(res.Skipped, model.Coverage{Scope: fmt.Sprintf("file:%s:%d", name, d.line), Status: model.CoverageSkipped, Reason: "not a Kubernetes object (the document is not a mapping)"})
		default:
			p.object(name, d.index, 1, d.value, d.owned, &res)
		}
	}
	return res
}

// object reads one mapping, the node at of x: a List's items, or a
// resource located by x.
func (p *Parser) object(name string, x *index, at ref, obj map[string]any, owned bool, res *Result) {
	line := x.line(at)
	_, hasAV := obj["apiVersion"]
	_, hasKind := obj["kind"]
	if !hasAV && !hasKind {
		res.Skipped = append(res.Skipped, model.Coverage{Scope: fmt.Sprintf("file:%s:%d", name, line), Status: model.CoverageSkipped, Reason: "not a Kubernetes object (no apiVersion and kind)"})
		return
	}
	if kind, _ := obj["kind"].(string); strings.HasSuffix(kind, "List") && obj["items"] != nil {
		items := x.field(at, "items")
		list, ok := obj["items"].([]any)
		if !ok || items == 0 || x.kind(items) != sequenceNode {
			res.Errors = append(res.Errors, model.InputError{File: name, Line: line, Message: kind + ".items must be a list of objects"})
			return
		}
		var next ref // the items' entries, walked once: a List is read in linear time
		for i, it := range list {
			if i == 0 {
				next = x.first(items)
			} else if next != 0 {
				next = x.next(items, next)
			}
			item := next
			if item == 0 { // the list and its index disagree: never for a decoded list
				item = items
			}
			m, ok := it.(map[string]any)
			if !ok {
				res.Errors = append(res.Errors, model.InputError{File: name, Line: x.line(item), Message: fmt.Sprintf("%s item %d is not an object", kind, i)})
				continue
			}
			p.object(name, x, item, m, owned, res)
		}
		return
	}
	normalize := p.norm.Normalize
	if owned {
		normalize = p.norm.NormalizeOwned
	}
	r, err := normalize(obj, kube.IaCAccount, model.Source{Kind: model.SourceIaC, File: name, Line: line})
	var unsupported *kube.UnsupportedKindError
	switch {
	case errors.As(err, &unsupported):
		res.Skipped = append(res.Skipped, model.Coverage{Scope: fmt.Sprintf("file:%s:%d", name, line), Status: model.CoverageSkipped, Reason: err.Error()})
	case err != nil:
		res.Errors = append(res.Errors, model.InputError{File: name, Line: line, Message: err.Error()})
	default:
		r.Source.Locator = &locator{x: x, root: at, cat: p.norm.Catalog(), typ: r.Type}
		res.Resources = append(res.Resources, r)
	}
}
