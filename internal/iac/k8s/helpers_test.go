package k8s

import (
	"fmt"
	"math"
	"reflect"
	"sort"
	"strconv"
	"strings"

	"github.com/vigil-cspm/vigil/internal/model"
)

const lastAppliedKey = "kubectl.kubernetes.io/last-applied-configuration"

func toString(v any) string { return fmt.Sprintf("%v", v) }

// docReader is one of the two ways a file's documents are read.
type docReader struct {
	name string
	read func(name string, data []byte) ([]document, bool)
}

func readers() []docReader {
	fast := &fastReader{}
	return []docReader{
		{"fast", func(_ string, data []byte) ([]document, bool) { return fast.read(data) }},
		{"yaml.v3", func(name string, data []byte) ([]document, bool) { return readYAML(name, data), true }},
	}
}

// diffDocuments describes the first difference between the documents two
// readers made of a file ("" when they agree). Empty documents yield
// nothing, so they are left out.
func diffDocuments(got, want []document) string {
	got, want = nonEmpty(got), nonEmpty(want)
	if len(got) != len(want) {
		return fmt.Sprintf("%d documents, want %d", len(got), len(want))
	}
	for i := range got {
		g, w := got[i], want[i]
		switch {
		case !reflect.DeepEqual(g.err, w.err):
			return fmt.Sprintf("document %d: error %v, want %v", i, g.err, w.err)
		case g.kind != w.kind || g.line != w.line:
			return fmt.Sprintf("document %d: kind %d at line %d, want kind %d at %d", i, g.kind, g.line, w.kind, w.line)
		case !sameValue(g.value, w.value):
			return fmt.Sprintf("document %d: value\n%#v\nwant\n%#v", i, g.value, w.value)
		case (g.index == nil) != (w.index == nil):
			return fmt.Sprintf("document %d: index %v, want %v", i, g.index, w.index)
		case g.index != nil && !reflect.DeepEqual(g.index.entries, w.index.entries):
			return fmt.Sprintf("document %d: index\n%v\nwant\n%v", i, g.index.entries, w.index.entries)
		}
	}
	return ""
}

func nonEmpty(docs []document) []document {
	var out []document
	for _, d := range docs {
		if d.kind != noNode || d.err != nil {
			out = append(out, d)
		}
	}
	return out
}

// sameValue compares decoded values exactly, types included, with NaN
// equal to itself.
func sameValue(a, b any) bool {
	switch a := a.(type) {
	case map[string]any:
		b, ok := b.(map[string]any)
		if !ok || len(a) != len(b) || (a == nil) != (b == nil) {
			return false
		}
		for k, v := range a {
			w, ok := b[k]
			if !ok || !sameValue(v, w) {
				return false
			}
		}
		return true
	case []any:
		b, ok := b.([]any)
		if !ok || len(a) != len(b) || (a == nil) != (b == nil) {
			return false
		}
		for i := range a {
			if !sameValue(a[i], b[i]) {
				return false
			}
		}
		return true
	case float64:
		b, ok := b.(float64)
		return ok && (a == b || math.IsNaN(a) && math.IsNaN(b))
	}
	return reflect.DeepEqual(a, b)
}

// diffResults describes the first difference between two parses of a
// file ("" when they agree): resources (identity, attributes, lines and
// the line of every attribute path), errors and skipped documents.
func diffResults(got, want Result) string {
	switch {
	case !reflect.DeepEqual(got.Errors, want.Errors):
		return fmt.Sprintf("errors %v, want %v", got.Errors, want.Errors)
	case !reflect.DeepEqual(got.Skipped, want.Skipped):
		return fmt.Sprintf("skipped %v, want %v", got.Skipped, want.Skipped)
	case len(got.Resources) != len(want.Resources):
		return fmt.Sprintf("%d resources, want %d", len(got.Resources), len(want.Resources))
	}
	for i, g := range got.Resources {
		w := want.Resources[i]
		gs, ws := g.Source, w.Source
		gs.Locator, ws.Locator = nil, nil
		switch {
		case g.ID != w.ID || g.Type != w.Type || !reflect.DeepEqual(gs, ws):
			return fmt.Sprintf("resource %s %+v, want %s %+v", g.ID, gs, w.ID, ws)
		case !reflect.DeepEqual(g.Labels, w.Labels) || !reflect.DeepEqual(g.Annotations, w.Annotations):
			return fmt.Sprintf("resource %s: labels or annotations differ", g.ID)
		case !sameValue(g.Attributes, w.Attributes):
			return fmt.Sprintf("resource %s: attributes\n%#v\nwant\n%#v", g.ID, g.Attributes, w.Attributes)
		case !reflect.DeepEqual(g.Relations, w.Relations):
			return fmt.Sprintf("resource %s: relations differ", g.ID)
		}
		for _, p := range evidencePaths(g) {
			_, gl := g.Source.Evidence(p)
			_, wl := w.Source.Evidence(p)
			if gl != wl {
				return fmt.Sprintf("resource %s: %s at line %d, want %d", g.ID, p, gl, wl)
			}
		}
	}
	return ""
}

// evidencePaths lists the paths a rule may report for a resource: every
// attribute, written and one level absent, and the metadata a rule
// names.
func evidencePaths(r *model.Resource) []string {
	paths := []string{"name", "namespace", "labels", "annotations", "pod_spec.absent", "pod_metadata.absent", "absent"}
	for k := range r.Labels {
		paths = append(paths, "labels["+strconv.Quote(k)+"]")
	}
	for k := range r.Annotations {
		paths = append(paths, "annotations["+strconv.Quote(k)+"]")
	}
	var walk func(prefix string, v any)
	walk = func(prefix string, v any) {
		paths = append(paths, prefix)
		switch v := v.(type) {
		case map[string]any:
			paths = append(paths, prefix+".absent_field")
			for k, e := range v {
				if strings.ContainsAny(k, `.[]"'`) {
					walk(prefix+"["+strconv.Quote(k)+"]", e)
				} else {
					walk(prefix+"."+k, e)
				}
			}
		case []any:
			paths = append(paths, prefix+"["+strconv.Itoa(len(v))+"]")
			for i, e := range v {
				walk(prefix+"["+strconv.Itoa(i)+"]", e)
			}
		}
	}
	for k, v := range r.Attributes {
		walk(k, v)
	}
	sort.Strings(paths)
	return paths
}
