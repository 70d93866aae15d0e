package helm

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"text/template"

	"github.com/BurntSushi/toml"
	"github.com/Masterminds/sprig/v3"
	"sigs.k8s.io/yaml"
	yamlv3 "sigs.k8s.io/yaml/goyaml.v3"
)

// funcMap is the functions templates call, as in Helm: sprig's, less
// env and expandenv (a chart must not read the environment), and Helm's
// own. Offline, lookup finds nothing and getHostByName resolves nothing
// (what Helm does without --enable-dns). include and tpl are bound to t;
// depth counts the includes under way.
func funcMap(t *template.Template, depth map[string]int) template.FuncMap {
	f := sprig.TxtFuncMap()
	delete(f, "env")
	delete(f, "expandenv")
	for name, fn := range map[string]any{
		"toToml":        toTOML,
		"fromToml":      decodeTable(toml.Unmarshal),
		"toYaml":        toYAML,
		"toYamlPretty":  toYAMLPretty,
		"fromYaml":      decodeTable(decodeYAML),
		"fromYamlArray": decodeList(decodeYAML),
		"toJson":        toJSON,
		"fromJson":      decodeTable(json.Unmarshal),
		"fromJsonArray": decodeList(json.Unmarshal),
		"include":       include(t, depth),
		"tpl":           tpl(t, depth),
		"required":      required,
		"fail":          fail,
		"lookup":        lookup,
		"getHostByName": func(string) string { return "" },
	} {
		f[name] = fn
	}
	return f
}

// required fails with msg when val is nil or "".
func required(msg string, val any) (any, error) {
	if s, ok := val.(string); val == nil || ok && s == "" {
		return val, errors.New(helmErrStart + msg + helmErrEnd)
	}
	return val, nil
}

// fail fails with msg.
func fail(msg string) (string, error) {
	return "", errors.New(helmErrStart + msg + helmErrEnd)
}

// lookup answers as Helm does without a cluster: an empty object.
func lookup(_, _, _, _ string) (map[string]any, error) {
	return map[string]any{}, nil
}

// The conversions below never fail a template, as Helm's: a value that
// does not encode gives "" (toToml: the error's text), a document that
// does not decode gives its error under "Error" (a one-item list for the
// Array forms).

func toYAML(v any) string {
	b, err := yaml.Marshal(v)
	if err != nil {
		return ""
	}
	return strings.TrimSuffix(string(b), "\n")
}

func toYAMLPretty(v any) string {
	var b bytes.Buffer
	enc := yamlv3.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(v); err != nil {
		return ""
	}
	return strings.TrimSuffix(b.String(), "\n")
}

func toJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return ""
	}
	return string(b)
}

func toTOML(v any) string {
	var b bytes.Buffer
	if err := toml.NewEncoder(&b).Encode(v); err != nil {
		return err.Error()
	}
	return b.String()
}

// decoder reads a document into the value v points to.
type decoder func(data []byte, v any) error

func decodeYAML(data []byte, v any) error { return yaml.Unmarshal(data, v) }

// decodeTable reads a document holding a table; one that does not
// decode gives its error under "Error".
func decodeTable(decode decoder) func(string) map[string]any {
	return func(s string) map[string]any {
		m := map[string]any{}
		if err := decode([]byte(s), &m); err != nil {
			m["Error"] = err.Error()
		}
		return m
	}
}

// decodeList reads a document holding a list; one that does not decode
// gives its error as the only item.
func decodeList(decode decoder) func(string) []any {
	return func(s string) []any {
		a := []any{}
		if err := decode([]byte(s), &a); err != nil {
			a = []any{err.Error()}
		}
		return a
	}
}
