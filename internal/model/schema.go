package model

import "reflect"

// Envelope wraps a type's attributes schema into the JSON Schema of a
// resource: the envelope every rule sees as input.
func Envelope(typ string, attributes map[string]any) map[string]any {
	str := map[string]any{"type": "string"}
	strMap := map[string]any{"type": "object", "additionalProperties": str}
	return map[string]any{
		"$schema":              "https://json-schema.org/draft/2020-12/schema",
		"$id":                  "https://vigil.dev/schemas/" + typ + ".json",
		"title":                typ,
		"type":                 "object",
		"additionalProperties": false,
		"required":             []any{"id", "type", "name", "attributes"},
		"properties": map[string]any{
			"id":          str,
			"type":        map[string]any{"const": typ},
			"provider":    str,
			"account":     str,
			"region":      str,
			"namespace":   str,
			"name":        str,
			"kind":        str,
			"system":      map[string]any{"type": "boolean"},
			"labels":      strMap,
			"annotations": strMap,
			"attributes":  attributes,
		},
	}
}

// ScalarSchema is the JSON Schema of a Go scalar kind as attributes
// render it, or an empty (any) schema for other kinds.
func ScalarSchema(k reflect.Kind) map[string]any {
	switch k {
	case reflect.String:
		return map[string]any{"type": "string"}
	case reflect.Bool:
		return map[string]any{"type": "boolean"}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return map[string]any{"type": "integer"}
	case reflect.Float32, reflect.Float64:
		return map[string]any{"type": "number"}
	default:
		return map[string]any{}
	}
}
