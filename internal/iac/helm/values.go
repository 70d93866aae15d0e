package helm

import (
	"fmt"
	"io"
	"strings"

	"helm.sh/helm/v3/pkg/chart"
	"sigs.k8s.io/yaml"
)

// globalKey is the values key whose table every subchart inherits.
const globalKey = "global"

// values is a table of values as templates see it (.Values, .Template).
// Its methods are the ones Helm's values type has, so a chart that calls
// .Values.AsMap or .Values.Table renders as it does under Helm, and a
// values key of one of these names is shadowed by the method there too.
type values map[string]any

// errNoTable says a path names no table.
type errNoTable struct{ key string }

func (e errNoTable) Error() string { return fmt.Sprintf("%q is not a table", e.key) }

// errNoValue says a path names no scalar or list.
type errNoValue struct{ key string }

func (e errNoValue) Error() string { return fmt.Sprintf("%q is not a value", e.key) }

// YAML encodes the table.
func (v values) YAML() (string, error) {
	b, err := yaml.Marshal(v)
	return string(b), err
}

// AsMap is the table as a plain map, never nil.
func (v values) AsMap() map[string]any {
	if len(v) == 0 {
		return map[string]any{}
	}
	return v
}

// Encode writes the table as YAML.
func (v values) Encode(w io.Writer) error {
	b, err := yaml.Marshal(v)
	if err != nil {
		return err
	}
	_, err = w.Write(b)
	return err
}

// Table returns the table at a dotted path ("a.b": table b in table a).
func (v values) Table(name string) (values, error) {
	t := v
	for _, k := range strings.Split(name, ".") {
		next, err := t.child(k)
		if err != nil {
			return next, err
		}
		t = next
	}
	return t, nil
}

// child is the table under key k. On error it returns v itself when k
// is absent and an empty table when k holds something else, as Helm.
func (v values) child(k string) (values, error) {
	c, ok := v[k]
	if !ok {
		return v, errNoTable{k}
	}
	switch c := c.(type) {
	case map[string]any:
		return c, nil
	case values:
		return c, nil
	}
	return values{}, errNoTable{k}
}

// PathValue returns the scalar or list at a dotted path; a table there
// is not a value.
func (v values) PathValue(p string) (any, error) {
	if p == "" {
		return nil, fmt.Errorf("YAML path cannot be empty")
	}
	keys := strings.Split(p, ".")
	last := keys[len(keys)-1]
	t := v
	if len(keys) > 1 {
		var err error
		if t, err = v.Table(strings.Join(keys[:len(keys)-1], ".")); err != nil {
			return nil, errNoValue{last}
		}
	}
	if x, ok := t[last]; ok && !isTable(x) {
		return x, nil
	}
	return nil, errNoValue{last}
}

func isTable(x any) bool {
	_, ok := x.(map[string]any)
	return ok
}

// deepCopy copies the maps and lists of a YAML value; scalars are shared.
func deepCopy(x any) any {
	switch x := x.(type) {
	case map[string]any:
		if x == nil {
			return x
		}
		m := make(map[string]any, len(x))
		for k, v := range x {
			m[k] = deepCopy(v)
		}
		return m
	case []any:
		if x == nil {
			return x
		}
		l := make([]any, len(x))
		for i, v := range x {
			l[i] = deepCopy(v)
		}
		return l
	}
	return x
}

// copyTable is a deep copy of m, an empty table for nil.
func copyTable(m map[string]any) map[string]any {
	c, _ := deepCopy(m).(map[string]any)
	if c == nil {
		c = map[string]any{}
	}
	return c
}

// Values are composed the way Helm does, in two modes. Coalescing
// (keepNull false) is what templates see: a null given over a default
// deletes the key. Merging (keepNull true) keeps nulls, for the steps
// that run before a final coalesce (import-values). In both, the higher
// source wins key by key and two tables merge deeply; where only one
// side is a table, the higher side stays whole.

// coalesceChart returns vals composed over ch's defaults and, under
// each subchart's name, the subchart's (recursively, globals flowing
// down). vals itself is not changed.
func coalesceChart(ch *chart.Chart, vals map[string]any, keepNull bool) (values, error) {
	dest := copyTable(vals)
	if err := fillChart(ch, dest, keepNull); err != nil {
		return dest, err
	}
	return dest, nil
}

// fillChart composes ch's defaults, then its subcharts', under dest.
func fillChart(ch *chart.Chart, dest map[string]any, keepNull bool) error {
	fillDefaults(ch, dest, keepNull)
	for _, sub := range ch.Dependencies() {
		name := sub.Name()
		scoped, ok := dest[name]
		if !ok {
			scoped = map[string]any{}
			dest[name] = scoped
		}
		table, ok := scoped.(map[string]any)
		if !ok {
			return fmt.Errorf("type mismatch on %s: %t", name, scoped)
		}
		inheritGlobals(table, dest)
		if err := fillChart(sub, table, keepNull); err != nil {
			return err
		}
	}
	return nil
}

// fillDefaults composes ch's own values.yaml under dest.
func fillDefaults(ch *chart.Chart, dest map[string]any, keepNull bool) {
	defaults := copyTable(ch.Values)
	for k, def := range defaults {
		given, ok := dest[k]
		switch {
		case !ok:
			dest[k] = def
		case given == nil && !keepNull:
			delete(dest, k)
		case isTable(given) && isTable(def):
			// A subchart's section keeps the nulls it is given: the
			// subchart's own defaults are composed under it next.
			compose(given.(map[string]any), def.(map[string]any), keepNull || isSubchart(ch, k))
		}
	}
}

func isSubchart(ch *chart.Chart, name string) bool {
	for _, sub := range ch.Dependencies() {
		if sub.Name() == name {
			return true
		}
	}
	return false
}

// compose puts src under dst: dst's keys win, tables merge. When
// coalescing, a null in dst over a non-null in src deletes the key.
// Like Helm it also marks in src the keys dst holds null, which callers
// that pass a table still in use can observe.
func compose(dst, src map[string]any, keepNull bool) map[string]any {
	if src == nil {
		return dst
	}
	if dst == nil {
		return src
	}
	hadValue := map[string]bool{}
	for k, v := range src {
		if v != nil {
			hadValue[k] = true
		}
	}
	for k, v := range dst {
		if v == nil {
			src[k] = nil
		}
	}
	for k, sv := range src {
		dv, ok := dst[k]
		switch {
		case !ok:
			dst[k] = sv
		case dv == nil && !keepNull && hadValue[k]:
			delete(dst, k)
		case isTable(sv) && isTable(dv):
			compose(dv.(map[string]any), sv.(map[string]any), keepNull)
		}
	}
	return dst
}

// inheritGlobals gives a subchart's section (dest) the parent's globals
// (from src): the parent's win, tables merge; a global that is not a
// table on either side leaves the subchart's globals as they are.
func inheritGlobals(dest, src map[string]any) {
	mine, ok := tableOrEmpty(dest, globalKey)
	if !ok {
		return
	}
	parents, ok := tableOrEmpty(src, globalKey)
	if !ok {
		return
	}
	for k, pv := range parents {
		ptable, isT := pv.(map[string]any)
		if !isT {
			if !isTable(mine[k]) {
				mine[k] = pv
			}
			continue
		}
		// A shallow copy, as Helm: nested tables stay shared with the
		// parent's globals.
		merged := make(map[string]any, len(ptable))
		for kk, vv := range ptable {
			merged[kk] = vv
		}
		if cur, present := mine[k]; present {
			ctable, isT := cur.(map[string]any)
			if !isT {
				continue
			}
			compose(merged, ctable, true)
		}
		mine[k] = merged
	}
	dest[globalKey] = mine
}

// tableOrEmpty is m[key] as a table: a new one when key is absent,
// false when it holds something else.
func tableOrEmpty(m map[string]any, key string) (map[string]any, bool) {
	x, present := m[key]
	if !present {
		return map[string]any{}, true
	}
	t, ok := x.(map[string]any)
	return t, ok
}
