package helm

import (
	"fmt"
	"path"
	"sort"
	"strings"
	"text/template"

	"helm.sh/helm/v3/pkg/chart"
)

// release is what fills .Release.
type release struct {
	Name      string
	Namespace string
}

// scope is one template file and the objects it is executed with: its
// chart's, shared by the chart's templates (.Template is set on it just
// before each one runs).
type scope struct {
	text     string
	objects  map[string]any
	basePath string
}

// maxIncludeDepth bounds how deep include may call the same template
// within itself, as Helm does: a template that includes itself fails
// instead of exhausting the stack.
const maxIncludeDepth = 1000

// noValue is what text/template prints for a missing value under
// missingkey=zero when it has no zero to print; Helm removes it.
const noValue = "<no value>"

// helmErr marks a message from required or fail, so the error reported
// is the message with its template's location and not the call chain.
const (
	helmErrStart = "HELM_ERR_START"
	helmErrEnd   = "HELM_ERR_END"
)

// renderTree renders every template of ch and its (enabled) subcharts
// with the composed values vals, as Helm's engine: the result is keyed
// by "<chart>/templates/<file>" ("<chart>/charts/<sub>/templates/…" for
// a subchart's), partials (_*) left out.
func renderTree(ch *chart.Chart, vals values, rel release) (map[string]string, error) {
	root := map[string]any{
		"Values":       vals,
		"Capabilities": defaultCapabilities(),
		"Release": map[string]any{
			"Name":      rel.Name,
			"Namespace": rel.Namespace,
			"IsUpgrade": false,
			"IsInstall": true,
			"Revision":  1,
			"Service":   "Helm",
		},
	}
	scopes := map[string]scope{}
	collect(ch, root, scopes)

	t := template.New("gotpl")
	t.Option("missingkey=zero")
	t.Funcs(funcMap(t, map[string]int{}))

	names := parseOrder(scopes)
	for _, name := range names {
		if _, err := t.New(name).Parse(scopes[name].text); err != nil {
			return nil, parseError(name, err)
		}
	}
	out := make(map[string]string, len(names))
	for _, name := range names {
		if strings.HasPrefix(path.Base(name), "_") {
			continue
		}
		s := scopes[name]
		s.objects["Template"] = values{"Name": name, "BasePath": s.basePath}
		var b strings.Builder
		if err := t.ExecuteTemplate(&b, name, s.objects); err != nil {
			return nil, execError(name, err)
		}
		out[name] = strings.ReplaceAll(b.String(), noValue, "")
	}
	return out, nil
}

// collect adds ch's templates (and its subcharts') to scopes and
// returns ch's objects. parent holds the parent chart's objects: a
// subchart's .Values is the parent's .Values.<name>, and it shares the
// parent's .Release and .Capabilities.
func collect(ch *chart.Chart, parent map[string]any, scopes map[string]scope) map[string]any {
	subcharts := map[string]any{}
	objects := map[string]any{
		"Chart": struct {
			chart.Metadata
			IsRoot bool
		}{*ch.Metadata, ch.IsRoot()},
		"Files":        newFiles(ch.Files),
		"Release":      parent["Release"],
		"Capabilities": parent["Capabilities"],
		"Values":       values{},
		"Subcharts":    subcharts,
	}
	if ch.IsRoot() {
		objects["Values"] = parent["Values"]
	} else if v, err := values(parent).Table("Values." + ch.Name()); err == nil {
		objects["Values"] = v
	}
	for _, sub := range ch.Dependencies() {
		subcharts[sub.Name()] = collect(sub, objects, scopes)
	}
	base := ch.ChartFullPath()
	library := strings.EqualFold(ch.Metadata.Type, "library")
	for _, f := range ch.Templates {
		if f == nil || library && !strings.HasPrefix(path.Base(f.Name), "_") {
			continue
		}
		scopes[path.Join(base, f.Name)] = scope{text: string(f.Data), objects: objects, basePath: path.Join(base, "templates")}
	}
	return objects
}

// parseOrder is the order templates are parsed and executed in: deepest
// path first, and among paths of one depth, reverse lexical order. A
// template defined twice keeps the definition parsed last, so a parent
// chart's define wins over a subchart's, and among files of one chart
// the one that sorts first wins.
func parseOrder(scopes map[string]scope) []string {
	names := make([]string, 0, len(scopes))
	for n := range scopes {
		names = append(names, n)
	}
	sort.Slice(names, func(i, j int) bool {
		di, dj := strings.Count(names[i], "/"), strings.Count(names[j], "/")
		if di != dj {
			return di > dj
		}
		return names[i] > names[j]
	})
	return names
}

// include executes a named template and returns its text; a template
// already running maxIncludeDepth times fails.
func include(t *template.Template, depth map[string]int) func(string, any) (string, error) {
	return func(name string, data any) (string, error) {
		if depth[name] > maxIncludeDepth {
			return "", fmt.Errorf("rendering template has a nested reference name: %s: unable to execute template", name)
		}
		depth[name]++
		defer func() { depth[name]-- }()
		var b strings.Builder
		err := t.ExecuteTemplate(&b, name, data)
		return b.String(), err
	}
}

// tpl executes a string as a template, with every template of the chart
// defined; defines in the string are visible to include within it.
func tpl(parent *template.Template, depth map[string]int) func(string, any) (string, error) {
	return func(text string, data any) (string, error) {
		t, err := parent.Clone()
		if err != nil {
			return "", fmt.Errorf("cannot clone template: %w", err)
		}
		// A clone loses the missingkey option (golang/go#43022).
		t.Option("missingkey=zero")
		t.Funcs(template.FuncMap{"include": include(t, depth), "tpl": tpl(t, depth)})
		t, err = t.New(parent.Name()).Parse(text)
		if err != nil {
			return "", fmt.Errorf("cannot parse template %q: %w", text, err)
		}
		var b strings.Builder
		if err := t.Execute(&b, data); err != nil {
			return "", fmt.Errorf("error during tpl function execution for %q: %w", text, err)
		}
		return strings.ReplaceAll(b.String(), noValue, ""), nil
	}
}

// parseError names the template and line of a syntax error, as Helm:
// "parse error at (<template>:<line>): <message>".
func parseError(name string, err error) error {
	parts := strings.Split(err.Error(), ": ")
	if len(parts) == 1 {
		return fmt.Errorf("parse error in (%s): %s", name, err)
	}
	return fmt.Errorf("parse error at (%s): %s", parts[1], parts[len(parts)-1])
}

// execError reports a failure of required or fail as its message at its
// template's location; other errors keep text/template's wording, which
// names the template, line and column already.
func execError(name string, err error) error {
	// Only text/template's own error, not one wrapping it, has that shape.
	if _, ok := err.(template.ExecError); !ok {
		return err
	}
	parts := strings.SplitN(err.Error(), ": ", 3)
	if len(parts) != 3 {
		return fmt.Errorf("execution error in (%s): %s", name, err)
	}
	if msg, ok := marked(parts[2]); ok {
		return fmt.Errorf("execution error at (%s): %s", parts[1], msg)
	}
	return err
}

// marked is the text between the first helmErrStart and the last
// helmErrEnd of s.
func marked(s string) (string, bool) {
	i := strings.Index(s, helmErrStart)
	if i < 0 {
		return "", false
	}
	i += len(helmErrStart)
	j := strings.LastIndex(s, helmErrEnd)
	if j < i {
		return "", false
	}
	return s[i:j], true
}
