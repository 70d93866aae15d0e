package kube

import (
	"encoding"
	"encoding/json"
	"reflect"
	"strings"

	"github.com/vigil-cspm/vigil/internal/model"
)

// shapes maps the JSON field names of k8s.io/api Go types to snake_case
// and converts decoded objects (maps, slices, scalars) accordingly. Map
// keys (labels, resource names, data keys) are never renamed: only struct
// fields are. Fields the Go type does not know are dropped, so the result
// always matches the generated JSON Schema.
type shapes struct {
	structs map[reflect.Type]*structShape
	opaques map[reflect.Type]bool // types with their own JSON form, found by learn
}

type fieldShape struct {
	snake string
	typ   reflect.Type
}

type structShape struct {
	fields map[string]fieldShape // JSON name → shape
	order  []string              // JSON names in declaration order
}

var (
	jsonMarshaler = reflect.TypeOf((*json.Marshaler)(nil)).Elem()
	textMarshaler = reflect.TypeOf((*encoding.TextMarshaler)(nil)).Elem()
)

func newShapes() *shapes {
	s := &shapes{structs: map[reflect.Type]*structShape{}, opaques: map[reflect.Type]bool{}}
	for _, k := range Kinds() {
		s.learn(k.goType)
	}
	return s
}

// opaque reports whether t has a custom JSON form (Time, Quantity,
// IntOrString …) and is passed through as-is.
func opaque(t reflect.Type) bool {
	return t.Implements(jsonMarshaler) || reflect.PointerTo(t).Implements(jsonMarshaler) ||
		t.Implements(textMarshaler) || reflect.PointerTo(t).Implements(textMarshaler)
}

// learn records the struct shapes reachable from t. It runs once, when
// the catalog first needs its shapes; afterwards shapes is read-only and
// safe to share.
func (s *shapes) learn(t reflect.Type) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if opaque(t) {
		s.opaques[t] = true
		return
	}
	switch t.Kind() {
	case reflect.Slice, reflect.Array, reflect.Map:
		s.learn(t.Elem())
	case reflect.Struct:
		if _, ok := s.structs[t]; ok {
			return
		}
		sh := &structShape{fields: map[string]fieldShape{}}
		s.structs[t] = sh
		s.addFields(sh, t)
		for _, name := range sh.order {
			s.learn(sh.fields[name].typ)
		}
	}
}

func (s *shapes) addFields(sh *structShape, t reflect.Type) {
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		tag := f.Tag.Get("json")
		name, opts, _ := strings.Cut(tag, ",")
		if name == "-" {
			continue
		}
		if f.Anonymous && (name == "" || strings.Contains(opts, "inline")) {
			ft := f.Type
			for ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			if ft.Kind() == reflect.Struct && !opaque(ft) {
				s.addFields(sh, ft)
				continue
			}
		}
		if name == "" {
			name = f.Name
		}
		sh.fields[name] = fieldShape{snake: Snake(name), typ: f.Type}
		sh.order = append(sh.order, name)
	}
}

// maxDepth bounds conversion of hostile, deeply nested input.
const maxDepth = 64

// convert rewrites v, decoded from JSON or YAML, into the snake_case shape
// of t. With own, v's maps and slices are rewritten in place instead of
// copied: the caller owns them and shares them with nothing (a YAML
// alias would), and no longer reads them.
func (s *shapes) convert(v any, t reflect.Type, depth int, own bool) any {
	if v == nil || depth > maxDepth {
		return nil
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if s.opaques[t] {
		return v
	}
	switch t.Kind() {
	case reflect.Struct:
		m, ok := v.(map[string]any)
		if !ok {
			return v
		}
		return s.convertStruct(m, t, depth, "", own)
	case reflect.Map:
		m, ok := v.(map[string]any)
		if !ok {
			return v
		}
		out := m
		if !own {
			out = make(map[string]any, len(m))
		}
		for k, ev := range m {
			out[k] = s.convert(ev, t.Elem(), depth+1, own)
		}
		return out
	case reflect.Slice, reflect.Array:
		if t.Elem().Kind() == reflect.Uint8 { // []byte: base64 string
			return v
		}
		l, ok := v.([]any)
		if !ok {
			return v
		}
		out := l
		if !own {
			out = make([]any, len(l))
		}
		for i, ev := range l {
			out[i] = s.convert(ev, t.Elem(), depth+1, own)
		}
		return out
	default:
		return v
	}
}

// rename is a key convertStruct moves once it has walked the map.
type rename struct {
	from, to string
	v        any
}

// convertStruct converts m, an object of struct type t, leaving out its
// field except (by JSON name) when that is not "".
func (s *shapes) convertStruct(m map[string]any, t reflect.Type, depth int, except string, own bool) any {
	sh := s.structs[t]
	if sh == nil {
		return nil
	}
	if !own {
		out := make(map[string]any, len(m))
		for k, fv := range m {
			if k == except {
				continue
			}
			f, ok := sh.fields[k]
			if !ok {
				continue
			}
			if c := s.convert(fv, f.typ, depth+1, false); c != nil {
				out[f.snake] = c
			}
		}
		return out
	}
	// In place: keys are deleted while the map is walked (which Go
	// allows), but added only after it, so no renamed key is walked.
	var buf [8]rename
	moves := buf[:0]
	for k, fv := range m {
		f, ok := sh.fields[k]
		if !ok || k == except {
			delete(m, k)
			continue
		}
		c := s.convert(fv, f.typ, depth+1, true)
		switch {
		case c == nil:
			delete(m, k)
		case f.snake != k:
			delete(m, k)
			moves = append(moves, rename{k, f.snake, c})
		default:
			m[k] = c
		}
	}
	for _, mv := range moves {
		m[mv.to] = mv.v
	}
	return m
}

// convertExcept converts v, of type t, as convert does, but leaves out
// the field except of a struct: a workload's pod template, converted on
// its own, is not converted a second time with its spec.
func (s *shapes) convertExcept(v any, t reflect.Type, except string, own bool) any {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	m, ok := v.(map[string]any)
	if !ok || t.Kind() != reflect.Struct || s.opaques[t] {
		return s.convert(v, t, 0, own)
	}
	return s.convertStruct(m, t, 0, except, own)
}

// field returns the shape of a struct's field by JSON name.
func (s *shapes) field(t reflect.Type, name string) (fieldShape, bool) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	sh := s.structs[t]
	if sh == nil {
		return fieldShape{}, false
	}
	f, ok := sh.fields[name]
	return f, ok
}

// schema returns the JSON Schema of t's snake_case shape. Structs are
// closed (additionalProperties: false) so a rule that reads a field the
// API does not have fails to compile.
func (s *shapes) schema(t reflect.Type, depth int) map[string]any {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if opaque(t) {
		return map[string]any{"type": []any{"string", "number", "integer", "boolean", "object"}}
	}
	if depth > 32 {
		return map[string]any{}
	}
	switch t.Kind() {
	case reflect.Struct:
		sh := s.structs[t]
		props := map[string]any{}
		for _, name := range sh.order {
			f := sh.fields[name]
			props[f.snake] = s.schema(f.typ, depth+1)
		}
		return map[string]any{"type": "object", "properties": props, "additionalProperties": false}
	case reflect.Map:
		return map[string]any{"type": "object", "additionalProperties": s.schema(t.Elem(), depth+1)}
	case reflect.Slice, reflect.Array:
		if t.Elem().Kind() == reflect.Uint8 {
			return map[string]any{"type": "string"}
		}
		return map[string]any{"type": "array", "items": s.schema(t.Elem(), depth+1)}
	default:
		return model.ScalarSchema(t.Kind())
	}
}
