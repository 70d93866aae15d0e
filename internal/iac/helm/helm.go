// Package helm renders a Helm chart into the manifests it would install,
// as `helm template` does, so a chart is scanned like any other
// manifests. Rendering is offline: no cluster is contacted (the lookup
// function returns nothing) and dependencies must already be in the
// chart's charts/ folder.
package helm

import (
	"errors"
	"fmt"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"helm.sh/helm/v3/pkg/chart"
	"helm.sh/helm/v3/pkg/chart/loader"
	"helm.sh/helm/v3/pkg/chartutil"
	"helm.sh/helm/v3/pkg/engine"
	"helm.sh/helm/v3/pkg/strvals"
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
	if err := chartutil.ProcessDependenciesWithMerge(ch, vals); err != nil {
		return nil, fmt.Errorf("resolve the dependencies: %w", err)
	}
	ro := chartutil.ReleaseOptions{Name: opts.Release, Namespace: opts.Namespace, Revision: 1, IsInstall: true}
	if ro.Name == "" {
		ro.Name = "release-name"
	}
	if ro.Namespace == "" {
		ro.Namespace = "default"
	}
	top, err := chartutil.ToRenderValues(ch, vals, ro, nil)
	if err != nil {
		return nil, fmt.Errorf("compose the values: %w", err)
	}
	out, err := renderBounded(ch, top)
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
		rel := name
		if i := strings.IndexByte(name, '/'); i >= 0 {
			rel = name[i+1:]
		}
		tpls = append(tpls, Template{Path: filepath.Join(dir, filepath.FromSlash(rel)), Data: []byte(data)})
	}
	sort.Slice(tpls, func(i, j int) bool { return tpls[i].Path < tpls[j].Path })
	return tpls, nil
}

// renderBounded renders with the engine's defaults (no cluster: lookup
// returns nothing; no DNS) and gives up after renderTimeout.
func renderBounded(ch *chart.Chart, top chartutil.Values) (map[string]string, error) {
	type result struct {
		out map[string]string
		err error
	}
	done := make(chan result, 1)
	go func() {
		out, err := engine.Render(ch, top)
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
		v, err := chartutil.ReadValuesFile(f)
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
