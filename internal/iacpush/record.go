package iacpush

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/vigil-cspm/vigil/internal/inventory"
	"github.com/vigil-cspm/vigil/internal/model"
)

// Recorder wraps a scan source and writes every scope it emits to W as
// part of a payload, before the pipeline reads it. Call Begin before
// the scan and End after it.
type Recorder struct {
	inventory.Source
	W      io.Writer
	wrote  int
	failed error
}

// Begin writes the payload's head.
func (r *Recorder) Begin(p Payload) error {
	p.Version, p.Scopes = Version, nil
	head, err := json.Marshal(p)
	if err != nil {
		return err
	}
	// {"version":…,"scopes":null} → {"version":…,"scopes":[
	const tail = `"scopes":null}`
	if !strings.HasSuffix(string(head), tail) {
		return fmt.Errorf("iacpush: unexpected payload head %s", head)
	}
	_, err = io.WriteString(r.W, strings.TrimSuffix(string(head), "null}")+"[")
	return err
}

// Scopes emits the wrapped source's scopes, writing each first.
func (r *Recorder) Scopes(ctx context.Context, emit func(*model.Scope) error) error {
	return r.Source.Scopes(ctx, func(sc *model.Scope) error {
		if r.failed == nil {
			r.failed = r.write(sc)
		}
		return emit(sc)
	})
}

func (r *Recorder) write(sc *model.Scope) error {
	w := Scope{Name: sc.Name, Complete: sc.Complete, Coverage: sc.Coverage, Errors: sc.Errors, Warnings: sc.Warnings,
		Resources: wire(sc.Resources), References: wire(sc.References)}
	b, err := json.Marshal(w)
	if err != nil {
		return fmt.Errorf("encode scope %s for the push: %w", sc.Name, err)
	}
	if r.wrote > 0 {
		b = append([]byte{','}, b...)
	}
	r.wrote++
	_, err = r.W.Write(b)
	return err
}

// End closes the payload; it reports a scope that could not be written.
func (r *Recorder) End() error {
	if r.failed != nil {
		return r.failed
	}
	_, err := io.WriteString(r.W, "]}")
	return err
}

// wire copies resources for the wire, resolving their locators.
func wire(rs []*model.Resource) []Resource {
	out := make([]Resource, 0, len(rs))
	for _, r := range rs {
		c := *r
		c.Source = resolve(r)
		out = append(out, Resource{Resource: &c, Directives: r.Source.Directives})
	}
	return out
}

// resolve turns a resource's locator into Lines and Files for every
// attribute path it has (and the top-level names rules cite).
func resolve(r *model.Resource) model.Source {
	src := r.Source
	loc := src.Locator
	src.Locator, src.Directives = nil, nil
	if loc == nil {
		return src
	}
	lines := maps.Clone(src.Lines)
	files := maps.Clone(src.Files)
	if lines == nil {
		lines = map[string]int{}
	}
	add := func(path string) {
		file, line := loc.Locate(path)
		// Lines are keyed as AttrAt reads them: a.b.0.c.
		key := strings.ReplaceAll(strings.ReplaceAll(path, "[", "."), "]", "")
		if _, have := lines[key]; have || line <= 0 {
			return
		}
		lines[key] = line
		if file != "" && file != src.File {
			if files == nil {
				files = map[string]string{}
			}
			files[key] = file
		}
	}
	for _, top := range []string{"name", "namespace", "labels", "annotations"} {
		add(top)
	}
	walk(r.Attributes, "", add)
	src.Lines, src.Files = lines, files
	return src
}

// walk calls add with every path under v in the model's syntax:
// a.b[0].c. Keys that would not read back as one path segment (with
// dots or brackets) are left out: their parent's line stands for them.
func walk(v any, path string, add func(string)) {
	switch t := v.(type) {
	case map[string]any:
		for _, k := range slices.Sorted(maps.Keys(t)) {
			if k == "" || strings.ContainsAny(k, ".[]\"'") {
				continue
			}
			p := k
			if path != "" {
				p = path + "." + k
			}
			add(p)
			walk(t[k], p, add)
		}
	case []any:
		for i, e := range t {
			p := path + "[" + strconv.Itoa(i) + "]"
			add(p)
			walk(e, p, add)
		}
	}
}
