package helm

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// rendered renders dir and returns each template's text by its path
// relative to dir.
func rendered(t *testing.T, dir string, opts Options) map[string]string {
	t.Helper()
	tpls, err := Render(dir, opts)
	if err != nil {
		t.Fatalf("Render(%s): %v", dir, err)
	}
	out := map[string]string{}
	for _, tp := range tpls {
		rel, err := filepath.Rel(dir, tp.Path)
		if err != nil {
			t.Fatal(err)
		}
		out[filepath.ToSlash(rel)] = string(tp.Data)
	}
	return out
}

func TestRenderDefaults(t *testing.T) {
	got := rendered(t, "testdata/web", Options{})
	// NOTES.txt, the partials, the template whose condition is off and
	// the subchart whose condition is off render to nothing kept.
	want := []string{"charts/cache/templates/pod.yaml", "templates/deployment.yaml"}
	if len(got) != len(want) {
		t.Fatalf("rendered %v, want %v", keys(got), want)
	}
	for _, w := range want {
		if _, ok := got[w]; !ok {
			t.Fatalf("rendered %v, want %v", keys(got), want)
		}
	}
	dep := got["templates/deployment.yaml"]
	for _, s := range []string{
		"name: release-name-web",   // helper, release name as helm template's
		"namespace: default",       // release namespace
		`image: "example/web:3.4"`, // default to .Chart.AppVersion
		"privileged: false",
	} {
		if !strings.Contains(dep, s) {
			t.Errorf("deployment lacks %q:\n%s", s, dep)
		}
	}
	// The subchart reads the parent's "cache:" section over its own defaults.
	if pod := got["charts/cache/templates/pod.yaml"]; !strings.Contains(pod, "image: redis") {
		t.Errorf("subchart values not scoped from the parent:\n%s", pod)
	}
}

func TestRenderUserValues(t *testing.T) {
	vf := filepath.Join(t.TempDir(), "prod.yaml")
	if err := os.WriteFile(vf, []byte("image:\n  tag: \"9.9\"\nmetrics:\n  enabled: true\nextra: true\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	got := rendered(t, "testdata/web", Options{
		ValueFiles: []string{vf},
		Set:        []string{"privileged=true", "cache.enabled=false"},
		Release:    "prod",
		Namespace:  "shop",
	})
	dep := got["templates/deployment.yaml"]
	for _, s := range []string{"name: prod-web", "namespace: shop", `image: "example/web:9.9"`, "privileged: true"} {
		if !strings.Contains(dep, s) {
			t.Errorf("deployment lacks %q:\n%s", s, dep)
		}
	}
	if _, ok := got["charts/metrics/templates/pod.yaml"]; !ok {
		t.Errorf("metrics enabled by the values file, not rendered: %v", keys(got))
	}
	if _, ok := got["charts/cache/templates/pod.yaml"]; ok {
		t.Errorf("cache disabled by --helm-set, still rendered: %v", keys(got))
	}
	if _, ok := got["templates/extra.yaml"]; !ok {
		t.Errorf("extra enabled by the values file, not rendered: %v", keys(got))
	}
}

func TestRenderErrors(t *testing.T) {
	for _, tc := range []struct {
		dir  string
		opts Options
		want []string
	}{
		{dir: "testdata/missing", want: []string{"postgresql", "helm dependency build"}},
		{dir: "testdata/broken", want: []string{"load the chart"}},
		{dir: "testdata/required", want: []string{"templates/secret.yaml", "dbPassword is required"}},
		{dir: "testdata/web", opts: Options{Set: []string{"a={"}}, want: []string{`--helm-set "a={"`}},
		{dir: "testdata/web", opts: Options{ValueFiles: []string{"testdata/none.yaml"}}, want: []string{"read values file testdata/none.yaml"}},
	} {
		_, err := Render(tc.dir, tc.opts)
		if err == nil {
			t.Errorf("%s: rendered, want an error", tc.dir)
			continue
		}
		for _, w := range tc.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: error %q does not say %q", tc.dir, err, w)
			}
		}
	}
	if _, err := Render("testdata/lib", Options{}); !errors.Is(err, ErrLibrary) {
		t.Errorf("library chart: got %v, want ErrLibrary", err)
	}
}

func TestCheck(t *testing.T) {
	if err := Check(Options{Set: []string{"a.b=1", "list={x,y}"}}); err != nil {
		t.Errorf("valid --helm-set refused: %v", err)
	}
	if err := Check(Options{Set: []string{"a[=1"}}); err == nil {
		t.Error("malformed --helm-set accepted")
	}
}

func keys(m map[string]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// FuzzRender renders a chart whose one template and values file are the
// fuzzer's: whatever they hold, Render returns templates or an error,
// never panics, and every template it returns lies in the chart.
func FuzzRender(f *testing.F) {
	f.Add("apiVersion: v1\nkind: Pod\nmetadata:\n  name: {{ .Values.name }}\n", "name: web\n")
	f.Add(`{{ include "x" . }}`, "")
	f.Add(`{{ required "need it" .Values.a }}`, "a: null\n")
	f.Add(`{{ toYaml .Values | nindent 2 }}`, "a: [1, 2, {b: c}]\n")
	f.Add(`{{ tpl .Values.t . }}`, "t: '{{ .Release.Name }}'\n")
	f.Add(`{{ .Files.Get "values.yaml" }}{{ .Capabilities.KubeVersion }}`, "x: 1\n")
	f.Add(`{{ define "a" }}{{ include "a" . }}{{ end }}{{ include "a" . }}`, "")
	f.Fuzz(func(t *testing.T, tpl, values string) {
		if len(tpl) > 4096 || len(values) > 4096 {
			return
		}
		dir := writeChart(t, map[string]string{"values.yaml": values, "templates/doc.yaml": tpl})
		tpls, err := Render(dir, Options{})
		if err != nil {
			return
		}
		for _, tp := range tpls {
			if !strings.HasPrefix(tp.Path, dir+string(filepath.Separator)) {
				t.Errorf("template %s is outside the chart %s", tp.Path, dir)
			}
		}
	})
}

// writeChart writes a chart named "fuzz" into a new temporary
// directory: its Chart.yaml, a partial defining "x", a NOTES.txt, and
// the files given (which may replace them).
func writeChart(t testing.TB, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	all := map[string]string{
		"Chart.yaml":          "apiVersion: v2\nname: fuzz\nversion: 0.1.0\n",
		"templates/_inc.tpl":  `{{- define "x" -}}name: x{{- end -}}`,
		"templates/NOTES.txt": "notes",
	}
	for name, data := range files {
		all[name] = data
	}
	for name, data := range all {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}
