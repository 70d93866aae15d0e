package tfjson

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/vigil-cspm/vigil/internal/iac/cloudres"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// render writes instances in a stable, readable form: Unknown as
// "<unknown>", Ref as "<ref ADDRESS ATTR>".
func render(ins []cloudres.Instance) []byte {
	type out struct {
		Source, Address, Type, Name, File string
		Line                              int
		CallFile                          string `json:",omitempty"`
		CallLine                          int    `json:",omitempty"`
		Values                            any
		Lines                             map[string]int
	}
	var list []out
	for _, in := range ins {
		list = append(list, out{in.Source, in.Address, in.Type, in.Name, in.File, in.Line, in.CallFile, in.CallLine, plain(in.Values), in.Lines})
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(list); err != nil {
		panic(err)
	}
	return b.Bytes()
}

func plain(v any) any {
	switch x := v.(type) {
	case cloudres.Unknown:
		return "<unknown>"
	case cloudres.Ref:
		return fmt.Sprintf("<ref %s %s>", x.Address, x.Attr)
	case map[string]any:
		m := map[string]any{}
		for k, e := range x {
			m[k] = plain(e)
		}
		return m
	case []any:
		l := make([]any, len(x))
		for i, e := range x {
			l[i] = plain(e)
		}
		return l
	}
	return v
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if string(want) != string(got) {
		t.Errorf("%s differs from the output; run go test -update and review the diff", path)
	}
}

func readTestdata(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func byAddress(ins []cloudres.Instance) map[string]cloudres.Instance {
	m := map[string]cloudres.Instance{}
	for _, in := range ins {
		m[in.Address] = in
	}
	return m
}
