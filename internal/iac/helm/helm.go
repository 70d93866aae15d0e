package helm

import (
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"helm.sh/helm/v3/pkg/chart"
	"helm.sh/helm/v3/pkg/chart/loader"
	"helm.sh/helm/v3/pkg/strvals"
	"sigs.k8s.io/yaml"
)

// Options are what `helm template` would be given.
type Options struct {
	// ValueFiles are merged over the chart's values.yaml, in order.
	ValueFiles []string
	// Set are key=value assignments (helm's --set syntax), applied last.
	Set []string
	// Release and Namespace fill .Release; "release-name" and
	// "default" when empty, as helm template's defaults.
	Release   string
	Namespace string
}

// Template is one rendered template file.
type Template struct {
	// Path is the template's file: the chart directory joined with its
	// place in the chart (templates/deployment.yaml, or
	// charts/<sub>/templates/… for a subchart).
	Path string
	Data []byte
}

// ErrLibrary is returned for a library chart: it renders nothing of its
// own, only through the charts that depend on it.
var ErrLibrary = errors.New("a library chart renders nothing by itself; it is scanned through the charts that depend on it")

// renderTimeout bounds one chart's rendering: a template can loop for
// as long as its author wrote it to.
const renderTimeout = 30 * time.Second

// Render renders the chart in dir as 'helm template' would: the
// dependencies' conditions and tags applied, every dependency Chart.yaml
// declares present in charts/. Templates that render to nothing
// (partials, conditionals that are off) and NOTES.txt are left out; the
// rest come sorted by path.
func Render(dir string, opts Options) ([]Template, error) {
	ch, err := loader.LoadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("load the chart: %w", err)
	}
	if ch.Metadata != nil && ch.Metadata.Type == "library" {
		return nil, ErrLibrary
	}
	if err := checkDependencies(ch); err != nil {
		return nil, err
	}
	vals, err := userValues(opts)
	if err != nil {
		return nil, err
	}
	out, err := renderBounded(func() (map[string]string, error) { return render(ch, vals, releaseOf(opts)) })
	if err != nil {
		return nil, err
	}
	var tpls []Template
	for name, data := range out {
		if !manifest(name) || strings.TrimSpace(data) == "" {
			continue
		}
		// Names are "<chart name>/templates/…": the first element is the
		// chart, which is dir.
		inChart := name
		if i := strings.IndexByte(name, '/'); i >= 0 {
			inChart = name[i+1:]
		}
		tpls = append(tpls, Template{Path: filepath.Join(dir, filepath.FromSlash(inChart)), Data: []byte(data)})
	}
	sort.Slice(tpls, func(i, j int) bool { return tpls[i].Path < tpls[j].Path })
	return tpls, nil
}

// releaseOf is the release opts describe, with helm template's
// defaults.
func releaseOf(opts Options) release {
	rel := release{Name: opts.Release, Namespace: opts.Namespace}
	if rel.Name == "" {
		rel.Name = "release-name"
	}
	if rel.Namespace == "" {
		rel.Namespace = "default"
	}
	return rel
}

// render resolves ch's dependencies against the user's values,
// composes the values and renders the templates: what helm template
// does once the chart is loaded. Unlike helm, values.schema.json is not
// enforced: a chart whose values break its schema is rendered anyway.
func render(ch *chart.Chart, user map[string]any, rel release) (out map[string]string, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("rendering template failed: %v", r)
		}
	}()
	if err := resolveDependencies(ch, user); err != nil {
		return nil, fmt.Errorf("resolve the dependencies: %w", err)
	}
	vals, err := coalesceChart(ch, user, false)
	if err != nil {
		return nil, fmt.Errorf("compose the values: %w", err)
	}
	return renderTree(ch, vals, rel)
}

// renderBounded runs run and gives up after renderTimeout.
func renderBounded(run func() (map[string]string, error)) (map[string]string, error) {
	type result struct {
		out map[string]string
		err error
	}
	done := make(chan result, 1)
	go func() {
		out, err := run()
		done <- result{out, err}
	}()
	select {
	case r := <-done:
		if r.err != nil {
			return nil, errors.New(strings.TrimSpace(r.err.Error()))
		}
		return r.out, nil
	case <-time.After(renderTimeout):
		return nil, fmt.Errorf("rendering took longer than %s: a template loops or builds a very large output", renderTimeout)
	}
}

// checkDependencies reports dependencies Chart.yaml declares that
// charts/ does not hold: helm fetches them, Vigil never does.
func checkDependencies(ch *chart.Chart) error {
	have := map[string]bool{}
	for _, d := range ch.Dependencies() {
		have[d.Name()] = true
	}
	var missing []string
	for _, d := range ch.Metadata.Dependencies {
		if !have[d.Name] {
			missing = append(missing, d.Name)
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("dependencies declared in Chart.yaml are missing from charts/: %s; run 'helm dependency build' first", strings.Join(missing, ", "))
	}
	return nil
}

func manifest(name string) bool {
	switch path.Ext(name) {
	case ".yaml", ".yml", ".json":
		return true
	}
	return false
}

// userValues merges the value files, then the --set assignments.
func userValues(opts Options) (map[string]any, error) {
	vals := map[string]any{}
	for _, f := range opts.ValueFiles {
		v, err := readValuesFile(f)
		if err != nil {
			return nil, fmt.Errorf("read values file %s: %w", f, err)
		}
		merge(vals, v)
	}
	for _, s := range opts.Set {
		if err := strvals.ParseInto(s, vals); err != nil {
			return nil, fmt.Errorf("--helm-set %q: %w", s, err)
		}
	}
	return vals, nil
}

// readValuesFile reads a YAML values file; an empty one is no values.
func readValuesFile(name string) (map[string]any, error) {
	b, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	v := map[string]any{}
	if err := yaml.Unmarshal(b, &v); err != nil {
		return nil, err
	}
	if v == nil {
		v = map[string]any{}
	}
	return v, nil
}

// merge copies src into dst; maps merge key by key, anything else in
// src replaces what dst holds.
func merge(dst, src map[string]any) {
	for k, v := range src {
		if sm, ok := v.(map[string]any); ok {
			if dm, ok := dst[k].(map[string]any); ok {
				merge(dm, sm)
				continue
			}
		}
		dst[k] = v
	}
}

// Check validates the options before any chart is rendered: every values
// file must read and every --helm-set assignment parse.
func Check(opts Options) error {
	_, err := userValues(opts)
	return err
}
