package cfn

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/vigil-cspm/vigil/internal/iac/cloudres"
	"github.com/vigil-cspm/vigil/internal/model"
)

// plain turns a value into JSON-able form with Unknown and Ref spelled
// out, for golden files and comparisons.
func plain(v any) any {
	switch x := v.(type) {
	case cloudres.Unknown:
		return "<unknown>"
	case cloudres.Ref:
		if x.Attr == "" {
			return "<ref " + x.Address + ">"
		}
		return "<ref " + x.Address + "." + x.Attr + ">"
	case map[string]any:
		out := map[string]any{}
		for k, e := range x {
			out[k] = plain(e)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = plain(e)
		}
		return out
	case int64:
		return fmt.Sprintf("%d (int)", x)
	case float64:
		return fmt.Sprintf("%v (float)", x)
	case noValue:
		return "<NOVALUE LEAKED>"
	}
	return v
}

func show(v any) string {
	b, _ := json.Marshal(plain(v))
	return string(b)
}

func errText(errs []model.InputError) string {
	var s []string
	for _, e := range errs {
		s = append(s, e.Error())
	}
	return strings.Join(s, "\n")
}

func byAddress(t *testing.T, ins []cloudres.Instance) map[string]cloudres.Instance {
	t.Helper()
	m := map[string]cloudres.Instance{}
	for _, in := range ins {
		if _, dup := m[in.Address]; dup {
			t.Fatalf("address %s emitted twice", in.Address)
		}
		m[in.Address] = in
	}
	return m
}

// checkValues fails when a value of an unexpected type (or noValue)
// reached the output.
func checkValues(t *testing.T, where string, v any, d int) {
	t.Helper()
	if d > MaxDepth+20 {
		t.Fatalf("%s: value nested too deep", where)
	}
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			checkValues(t, where+"."+k, e, d+1)
		}
	case []any:
		for i, e := range x {
			checkValues(t, fmt.Sprint(where, ".", i), e, d+1)
		}
	case string, int64, float64, bool, nil, cloudres.Unknown, cloudres.Ref:
	default:
		t.Fatalf("%s: unexpected value %#v (%T)", where, v, v)
	}
}

func sprintf(format string, args ...any) string { return fmt.Sprintf(format, args...) }
