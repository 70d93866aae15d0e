package awsadapt

import (
	"encoding/json"
	"reflect"
	"strconv"
	"strings"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
	"github.com/vigil-cspm/vigil/internal/iac/cloudres"
)

// decodeSDK reads decoded template data (a Terraform JSON document such
// as container_definitions, Terraform blocks, or CloudFormation
// properties) into dst, a pointer to an SDK shape. Keys match the
// shape's field names in any case and without underscores
// ("readonlyRootFilesystem", "ReadonlyRootFilesystem" and
// "privileged_mode" alike); a one-element list stands for a struct (a
// Terraform block); booleans and numbers written as strings are
// converted. unknown is called with the snake
// name of each field whose value is known only at apply (an Unknown, a
// Ref, or jsonencode's placeholder): a string field keeps a placeholder,
// any other is left unset. It reports whether the data fits the shape
// (a document of another shape at its top does not).
func decodeSDK(v any, dst any, unknown func(field string)) bool {
	t := reflect.TypeOf(dst).Elem()
	c := coerce(v, t, "", unknown)
	if c == nil && v != nil {
		return false
	}
	b, err := json.Marshal(c)
	if err != nil {
		return false
	}
	return json.Unmarshal(b, dst) == nil
}

// coerce converts v to the JSON form of type t (see decodeSDK).
func coerce(v any, t reflect.Type, field string, unknown func(string)) any {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch x := v.(type) {
	case nil:
		return nil
	case cloudres.Unknown:
		unknown(field)
		if t.Kind() == reflect.String {
			return cloudres.UnknownInDocument
		}
		return nil
	case cloudres.Ref:
		unknown(field)
		if t.Kind() == reflect.String {
			return refPlaceholder(x)
		}
		return nil
	case string:
		if x == cloudres.UnknownInDocument {
			unknown(field)
			if t.Kind() != reflect.String {
				return nil
			}
		}
	}
	switch t.Kind() {
	case reflect.Struct:
		if l, ok := v.([]any); ok && len(l) == 1 { // a Terraform nested block
			v = l[0]
		}
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		out := map[string]any{}
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			if !f.IsExported() {
				continue
			}
			for k, e := range m {
				if strings.EqualFold(strings.ReplaceAll(k, "_", ""), f.Name) {
					out[f.Name] = coerce(e, f.Type, awsmodel.Snake(f.Name), unknown)
				}
			}
		}
		return out
	case reflect.Slice:
		l, ok := v.([]any)
		if !ok {
			return nil
		}
		out := make([]any, 0, len(l))
		for _, e := range l {
			out = append(out, coerce(e, t.Elem(), field, unknown))
		}
		return out
	case reflect.Map:
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		out := make(map[string]any, len(m))
		for k, e := range m {
			out[k] = coerce(e, t.Elem(), field, unknown)
		}
		return out
	case reflect.Bool:
		switch x := v.(type) {
		case bool:
			return x
		case string:
			if p, err := strconv.ParseBool(x); err == nil {
				return p
			}
		}
		return nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		switch x := v.(type) {
		case int, int64, float64:
			return x
		case string:
			if n, err := strconv.ParseInt(x, 10, 64); err == nil {
				return n
			}
		}
		return nil
	case reflect.String:
		switch x := v.(type) {
		case string:
			return x
		case bool:
			return strconv.FormatBool(x)
		case int:
			return strconv.Itoa(x)
		case int64:
			return strconv.FormatInt(x, 10)
		case float64:
			return strconv.FormatFloat(x, 'f', -1, 64)
		}
		return nil
	}
	return nil
}
