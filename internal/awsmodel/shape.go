package awsmodel

import (
	"reflect"
	"sort"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/vigil-cspm/vigil/internal/model"
)

// Snake converts an API field name to its attribute key: "KMSMasterKeyID"
// becomes "kms_master_key_id", "Ipv6Ranges" "ipv6_ranges", "S3BucketName"
// "s3_bucket_name".
func Snake(name string) string {
	rs := []rune(name)
	var b strings.Builder
	b.Grow(len(rs) + 4)
	for i, r := range rs {
		if unicode.IsUpper(r) && i > 0 {
			prev := rs[i-1]
			nextLower := i+1 < len(rs) && unicode.IsLower(rs[i+1])
			if unicode.IsLower(prev) || unicode.IsDigit(prev) || (unicode.IsUpper(prev) && nextLower) {
				b.WriteByte('_')
			}
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

type fieldInfo struct {
	index []int
	key   string
	typ   reflect.Type
}

var fieldCache sync.Map // reflect.Type -> []fieldInfo

var timeType = reflect.TypeOf(time.Time{})

// fields lists the exported, serialisable fields of a struct type with
// their attribute keys. An `attr:"name"` tag overrides the key; `attr:"-"`
// drops the field.
func fields(t reflect.Type) []fieldInfo {
	if v, ok := fieldCache.Load(t); ok {
		return v.([]fieldInfo)
	}
	var out []fieldInfo
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if !f.IsExported() || f.Name == "ResultMetadata" {
			continue
		}
		key := Snake(f.Name)
		if tag, ok := f.Tag.Lookup("attr"); ok {
			if tag == "-" {
				continue
			}
			key = tag
		}
		if f.Anonymous && f.Type.Kind() == reflect.Struct {
			for _, sub := range fields(f.Type) {
				sub.index = append([]int{i}, sub.index...)
				out = append(out, sub)
			}
			continue
		}
		out = append(out, fieldInfo{index: []int{i}, key: key, typ: f.Type})
	}
	fieldCache.Store(t, out)
	return out
}

// Attributes converts v (a resource type's struct, or any SDK shape) to
// its attribute map.
func Attributes(v any) map[string]any {
	m, _ := value(reflect.ValueOf(v), 0).(map[string]any)
	if m == nil {
		m = map[string]any{}
	}
	return m
}

// value renders v as JSON-compatible data. Nil pointers, empty slices and
// empty maps render as nil so callers can drop them.
func value(v reflect.Value, depth int) any {
	if depth > 40 {
		return nil
	}
	for v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
		if v.IsNil() {
			return nil
		}
		v = v.Elem()
	}
	switch v.Kind() {
	case reflect.Struct:
		if v.Type() == timeType {
			t := v.Interface().(time.Time)
			if t.IsZero() {
				return nil
			}
			return t.UTC().Format(time.RFC3339)
		}
		fs := fields(v.Type())
		out := make(map[string]any, len(fs))
		for _, f := range fs {
			fv := v.FieldByIndex(f.index)
			if fv.Kind() == reflect.String && fv.Len() == 0 {
				continue // an unset enum or name: absent, as the API means it
			}
			if c := value(fv, depth+1); c != nil {
				out[f.key] = c
			}
		}
		if len(out) == 0 {
			return map[string]any{}
		}
		return out
	case reflect.Map:
		if v.Len() == 0 {
			return nil
		}
		out := make(map[string]any, v.Len())
		iter := v.MapRange()
		for iter.Next() {
			if c := value(iter.Value(), depth+1); c != nil {
				out[iter.Key().String()] = c
			}
		}
		return out
	case reflect.Slice, reflect.Array:
		if v.Kind() == reflect.Slice && v.Type().Elem().Kind() == reflect.Uint8 {
			return nil // blobs are never rule input
		}
		if v.Len() == 0 {
			return nil
		}
		out := make([]any, 0, v.Len())
		for i := 0; i < v.Len(); i++ {
			if c := value(v.Index(i), depth+1); c != nil {
				out = append(out, c)
			}
		}
		return out
	case reflect.String:
		return v.String()
	case reflect.Bool:
		return v.Bool()
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return v.Int()
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return int64(v.Uint())
	case reflect.Float32, reflect.Float64:
		return v.Float()
	default:
		return nil
	}
}

// schemaOf returns the JSON Schema of t's attribute shape. Structs are
// closed so a rule that reads a field the type does not have fails to
// compile.
func schemaOf(t reflect.Type, depth int, seen map[reflect.Type]bool) map[string]any {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if depth > 40 {
		return map[string]any{}
	}
	switch t.Kind() {
	case reflect.Interface:
		return map[string]any{}
	case reflect.Struct:
		if t == timeType {
			return map[string]any{"type": "string"}
		}
		if seen[t] { // recursive shapes (rare in the API) stay open
			return map[string]any{"type": "object"}
		}
		seen[t] = true
		defer delete(seen, t)
		props := map[string]any{}
		for _, f := range fields(t) {
			props[f.key] = schemaOf(f.typ, depth+1, seen)
		}
		return map[string]any{"type": "object", "properties": props, "additionalProperties": false}
	case reflect.Map:
		return map[string]any{"type": "object", "additionalProperties": schemaOf(t.Elem(), depth+1, seen)}
	case reflect.Slice, reflect.Array:
		return map[string]any{"type": "array", "items": schemaOf(t.Elem(), depth+1, seen)}
	default:
		return model.ScalarSchema(t.Kind())
	}
}

// keys returns m's keys sorted.
func keys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
