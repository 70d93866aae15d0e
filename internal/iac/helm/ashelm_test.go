package helm

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
	"testing"
	"time"

	"helm.sh/helm/v3/pkg/chart"
	"helm.sh/helm/v3/pkg/chart/loader"
	"helm.sh/helm/v3/pkg/chartutil"
	"helm.sh/helm/v3/pkg/engine"
)

// The differential tests hold this package's renderer to Helm's own
// (chartutil and engine, which only test binaries link): for a chart
// and options, both must render every template, NOTES.txt and empty
// output included, to the same text, or fail with the same error.

// renderAsHelm renders dir with Helm's packages, for the cluster
// defaultCapabilities describes and with values.schema.json not
// enforced, as render does.
func renderAsHelm(dir string, opts Options) (out map[string]string, err error) {
	ch, vals, err := loadWithValues(dir, opts)
	if err != nil {
		return nil, err
	}
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("rendering template failed: %v", r)
		}
	}()
	if err := chartutil.ProcessDependenciesWithMerge(ch, vals); err != nil {
		return nil, fmt.Errorf("resolve the dependencies: %w", err)
	}
	own := defaultCapabilities()
	caps := chartutil.DefaultCapabilities.Copy()
	caps.KubeVersion = chartutil.KubeVersion{Version: own.KubeVersion.Version, Major: own.KubeVersion.Major, Minor: own.KubeVersion.Minor}
	caps.HelmVersion.Version = own.HelmVersion.Version
	caps.HelmVersion.GitCommit, caps.HelmVersion.GitTreeState = "", ""
	caps.HelmVersion.GoVersion = own.HelmVersion.GoVersion
	rel := releaseOf(opts)
	ro := chartutil.ReleaseOptions{Name: rel.Name, Namespace: rel.Namespace, Revision: 1, IsInstall: true}
	top, err := chartutil.ToRenderValuesWithSchemaValidation(ch, vals, ro, caps, true)
	if err != nil {
		return nil, fmt.Errorf("compose the values: %w", err)
	}
	out, err = engine.Render(ch, top)
	if err != nil {
		return nil, errors.New(strings.TrimSpace(err.Error()))
	}
	return out, nil
}

// renderOwn renders dir as Render does, keeping every template's text.
func renderOwn(dir string, opts Options) (map[string]string, error) {
	ch, vals, err := loadWithValues(dir, opts)
	if err != nil {
		return nil, err
	}
	out, err := render(ch, vals, releaseOf(opts))
	if err != nil {
		return nil, errors.New(strings.TrimSpace(err.Error()))
	}
	return out, nil
}

// loadWithValues loads the chart in dir and reads the user's values.
func loadWithValues(dir string, opts Options) (*chart.Chart, map[string]any, error) {
	ch, err := loader.LoadDir(dir)
	if err != nil {
		return nil, nil, fmt.Errorf("load the chart: %w", err)
	}
	vals, err := userValues(opts)
	return ch, vals, err
}

// helmTypeNames are the Go types of Helm's built-in objects, which
// text/template names in some errors (and typeOf prints), with the
// names of this package's equivalents.
var helmTypeNames = strings.NewReplacer(
	"chartutil.Values", "helm.values",
	"chartutil.Capabilities", "helm.capabilities",
	"chartutil.KubeVersion", "helm.kubeVersion",
	"chartutil.VersionSet", "helm.versionSet",
	"version.BuildInfo", "helm.buildInfo",
	"engine.files", "helm.files",
)

// diffAsHelm renders dir both ways and returns how they differ, "" when
// they do not; finished is false when either took longer than limit.
func diffAsHelm(dir string, opts Options, limit time.Duration) (diff string, finished bool) {
	type result struct {
		out map[string]string
		err error
	}
	run := func(f func(string, Options) (map[string]string, error)) (result, bool) {
		done := make(chan result, 1)
		go func() {
			out, err := f(dir, opts)
			done <- result{out, err}
		}()
		select {
		case r := <-done:
			return r, true
		case <-time.After(limit):
			return result{}, false
		}
	}
	want, ok := run(renderAsHelm)
	if !ok {
		return "", false
	}
	got, ok := run(renderOwn)
	if !ok {
		return "", false
	}
	if (want.err == nil) != (got.err == nil) {
		return fmt.Sprintf("helm: %v (%d templates)\nrenderer: %v (%d templates)", want.err, len(want.out), got.err, len(got.out)), true
	}
	if want.err != nil {
		if w, g := helmTypeNames.Replace(want.err.Error()), got.err.Error(); w != g {
			return fmt.Sprintf("errors differ:\nhelm:     %s\nrenderer: %s", w, g), true
		}
		return "", true
	}
	var diffs []string
	for name, w := range want.out {
		g, ok := got.out[name]
		if !ok {
			diffs = append(diffs, name+": only helm renders it")
			continue
		}
		if w = helmTypeNames.Replace(w); w != g {
			diffs = append(diffs, fmt.Sprintf("%s differs:\n--- helm\n%s\n--- renderer\n%s", name, w, g))
		}
	}
	for name := range got.out {
		if _, ok := want.out[name]; !ok {
			diffs = append(diffs, name+": only the renderer renders it")
		}
	}
	slices.Sort(diffs)
	return strings.Join(diffs, "\n"), true
}

// sameAsHelm fails t when dir renders differently, or slowly.
func sameAsHelm(t *testing.T, dir string, opts Options) {
	t.Helper()
	d, finished := diffAsHelm(dir, opts, time.Minute)
	if !finished {
		t.Fatalf("%s took longer than a minute to render", dir)
	}
	if d != "" {
		t.Error(d)
	}
}

func TestRenderAsHelm(t *testing.T) {
	prod := filepath.Join("testdata", "shop-prod.yaml")
	for _, tc := range []struct {
		name string
		dir  string
		opts Options
	}{
		{"web", "testdata/web", Options{}},
		{"web values", "testdata/web", Options{Set: []string{"privileged=true", "cache.enabled=false", "metrics.enabled=true", "extra=true"}, Release: "prod", Namespace: "shop"}},
		{"shop", "testdata/shop", Options{}},
		{"shop values file and --set", "testdata/shop", Options{
			ValueFiles: []string{prod},
			Set:        []string{"replicaCount=5", "image.pullPolicy=null", "replica.enabled=false", "global.imageRegistry=mirror.example.com", "exporter.inherited.scrapeInterval=10s", "dbConnection.port=6543"},
			Release:    "shop", Namespace: "prod",
		}},
		{"shop tags", "testdata/shop", Options{Set: []string{"tags.messaging=true", "queue.enabled=false", "tags.ha=false"}}},
		{"shop conditions", "testdata/shop", Options{Set: []string{"primary.enabled=false", "global.replicas=true", "legacyEnabled=false"}}},
		{"shop nulls", "testdata/shop", Options{Set: []string{"resources=null", "podAnnotations=null", "global.labels=null", "primary.settings=null"}}},
		{"shop required", "testdata/shop", Options{Set: []string{"image.repository="}}},
		{"shop scalar over table", "testdata/shop", Options{Set: []string{"resources=small", "replicaCount.x=1", "primary.settings=flat"}}},
		{"shop type mismatch", "testdata/shop", Options{Set: []string{"queue=oops"}}},
		{"required", "testdata/required", Options{}},
		{"required given", "testdata/required", Options{Set: []string{"dbPassword=x"}}},
		{"library", "testdata/lib", Options{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sameAsHelm(t, tc.dir, tc.opts)
		})
	}
}

// TestRenderAsHelmTemplates covers the template engine's edges, each a
// chart of one template (and a partial) over the values given.
func TestRenderAsHelmTemplates(t *testing.T) {
	for name, tc := range map[string]struct{ tpl, values string }{
		"parse error":        {tpl: "a: {{ .Values.x", values: "x: 1"},
		"exec error":         {tpl: "a: {{ .Values.x.y.z }}", values: "x: 1"},
		"nil pointer":        {tpl: "a: {{ .Values.x.y }}"},
		"fail":               {tpl: `{{ fail "stop here" }}`},
		"fail in include":    {tpl: `{{ define "f" }}{{ fail "from f" }}{{ end }}a: {{ include "f" . }}`},
		"fail marker text":   {tpl: `{{ fail "x HELM_ERR_END y HELM_ERR_START z" }}`},
		"required":           {tpl: "\n\n{{ required \"need a\" .Values.a }}"},
		"required in tpl":    {tpl: `{{ tpl "{{ required \"deep\" .Values.b }}" . }}`},
		"include recursion":  {tpl: `{{ define "loop" }}{{ include "loop" . }}{{ end }}{{ include "loop" . }}`},
		"include missing":    {tpl: `{{ include "nope" . }}`},
		"tpl define":         {tpl: `{{ tpl "{{ define \"t\" }}T{{ end }}{{ include \"t\" . }}" . }}`},
		"tpl nested":         {tpl: `{{ tpl "{{ tpl .Values.inner . }}" . }}`, values: "inner: '{{ .Chart.Name }}'"},
		"tpl parse error":    {tpl: `{{ tpl "{{ .x" . }}`},
		"no value":           {tpl: `{{ .Values.a }}|{{ index .Values "a" }}|{{ .Values.m.k }}|{{ printf "%v" .Values.a }}`, values: "m: {}"},
		"template name":      {tpl: `{{ .Template.Name }} {{ .Template.BasePath }} {{ include "x" . }}`},
		"values methods":     {tpl: `{{ .Values.YAML }}{{ .Values.PathValue "a.b" }}`, values: "a: {b: c}\nYAML: shadowed"},
		"table error":        {tpl: `{{ .Values.Table "nope" }}`},
		"env removed":        {tpl: `{{ env "HOME" }}`},
		"getHostByName":      {tpl: `{{ getHostByName "localhost" | quote }}`},
		"lookup":             {tpl: `{{ range $k, $v := lookup "v1" "Pod" "" "" }}{{ $k }}{{ end }}ok`},
		"capabilities print": {tpl: `{{ .Capabilities.KubeVersion }} {{ .Capabilities.APIVersions | len }} {{ .Capabilities.HelmVersion.Version }}`},
		"toYaml edge":        {tpl: `{{ toYaml .Values }}|{{ toYaml nil }}|{{ toJson .Values }}`, values: "a: [1, {b: null}]\nc: ~\nd: 1e3"},
		"missing func":       {tpl: `{{ nosuchfunc }}`},
		"panic":              {tpl: `{{ index .Values.list 5 }}`, values: "list: [1]"},
		"sprig":              {tpl: `{{ "a,b" | splitList "," | last }} {{ semver "1.2.3" | toJson }} {{ b64enc "x" }} {{ sha256sum "x" }} {{ list 3 1 2 | sortAlpha }} {{ dict "a" 1 | merge (dict "b" 2) | toJson }}`},
	} {
		t.Run(name, func(t *testing.T) {
			dir := writeChart(t, map[string]string{
				"values.yaml":        tc.values,
				"templates/doc.yaml": tc.tpl,
			})
			sameAsHelm(t, dir, Options{})
		})
	}
}

// TestRenderAsHelmCorpus renders every chart under the repository's
// testdata, each on its own (subcharts too), both ways.
func TestRenderAsHelmCorpus(t *testing.T) {
	root := filepath.Join("..", "..")
	var charts []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && d.Name() == "Chart.yaml" && strings.Contains(filepath.ToSlash(p), "/testdata/") {
			charts = append(charts, filepath.Dir(p))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(charts) < 10 {
		t.Fatalf("found only %d charts: %v", len(charts), charts)
	}
	for _, dir := range charts {
		t.Run(filepath.ToSlash(dir), func(t *testing.T) {
			sameAsHelm(t, dir, Options{})
		})
	}
}

// TestAPIVersionsAsHelm keeps .Capabilities equal to what Helm assumes
// offline with the Kubernetes libraries in go.mod, and the Helm version
// it reports equal to the Helm module in go.mod.
func TestAPIVersionsAsHelm(t *testing.T) {
	if !slices.Equal(apiVersions, []string(chartutil.DefaultVersionSet)) {
		t.Errorf("apiVersions differ from Helm's default set; set them to\n%q", []string(chartutil.DefaultVersionSet))
	}
	info, ok := debug.ReadBuildInfo()
	if !ok {
		t.Skip("no build information")
	}
	for _, m := range info.Deps {
		if m.Path == "helm.sh/helm/v3" && m.Version != helmVersion {
			t.Errorf("helmVersion is %s, go.mod has helm.sh/helm/v3 %s", helmVersion, m.Version)
		}
	}
}

// unstable are functions whose output differs run to run (randomness,
// the clock, fresh keys and salts) or that can allocate gigabytes from
// a short template; the differential fuzz skips templates naming them.
var unstable = []string{
	"rand", "uuid", "now", "date", "ago", "Epoch", "gen", "bcrypt", "htpasswd", "encrypt", "shuffle",
	"range", "until", "seq", "repeat", "indent", "pad",
}

// FuzzRenderAsHelm renders a chart with a subchart used twice (by
// alias, behind a condition and a tag, with import-values of both
// forms) from the fuzzer's template, chart values, user values and
// --set, with this package's renderer and Helm's: both must agree.
func FuzzRenderAsHelm(f *testing.F) {
	f.Add("a: {{ .Values.a }}", "a: 1\nsub: {enabled: true}", "a: 2", "b=3")
	f.Add("{{ toYaml .Values }}", "global: {x: 1, t: {a: 1}}\nsub: {x: null}", "global: {t: {b: 2}}\nsub: {y: 1}", "other.z=1")
	f.Add("{{ toYaml .Values }}", "tags: {t: false}\nimp: {k: v}", "sub: {enabled: false}\nother: null", "global.t=null")
	f.Add("{{ .Chart.Name }} {{ .Values.global | toJson }}", "", "sub: {exp: {k: 1}}", "tags.t=true")
	f.Add(`{{ required "r" .Values.x }}`, "x: ''", "", "x=null")
	f.Add("{{ .Values.sub.x.y }}", "sub: 1", "", "")
	f.Fuzz(func(t *testing.T, tpl, chartValues, userValues, set string) {
		if len(tpl)+len(chartValues)+len(userValues)+len(set) > 4096 {
			return
		}
		for _, name := range unstable {
			if strings.Contains(tpl, name) || strings.Contains(chartValues, name) || strings.Contains(userValues, name) {
				return
			}
		}
		dir := writeChart(t, map[string]string{
			"Chart.yaml": `apiVersion: v2
name: fuzz
version: 0.1.0
dependencies:
  - name: sub
    version: 1.x
    condition: sub.enabled,global.sub
    import-values: [{child: exp, parent: imp}, e]
  - name: sub
    version: 1.0.0
    alias: other
    tags: [t]
`,
			"values.yaml":                 chartValues,
			"templates/doc.yaml":          tpl,
			"charts/sub/Chart.yaml":       "apiVersion: v2\nname: sub\nversion: 1.0.0\n",
			"charts/sub/values.yaml":      "x: {y: 1, z: [1, 2]}\nexp: {k: 0, m: {n: 1}}\nexports: {e: {ek: 1}}\nglobal: {t: {c: 3}, s: 1}\nnull: ~\n",
			"charts/sub/templates/a.yaml": tpl,
		})
		opts := Options{Set: []string{set}}
		if set == "" {
			opts.Set = nil
		}
		if userValues != "" {
			vf := filepath.Join(t.TempDir(), "values.yaml")
			if err := os.WriteFile(vf, []byte(userValues), 0o600); err != nil {
				t.Fatal(err)
			}
			opts.ValueFiles = []string{vf}
		}
		// A template that runs long (includes doubling) is not judged.
		if d, _ := diffAsHelm(dir, opts, 10*time.Second); d != "" {
			t.Error(d)
		}
	})
}
