package tfjson

import (
	"os"
	"strings"
	"testing"

	"github.com/vigil-cspm/vigil/internal/iac/cloudres"
)

func seeds(f *testing.F) {
	for _, name := range []string{"plan.json", "terraform.tfstate"} {
		b, err := os.ReadFile("testdata/" + name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	for _, s := range []string{
		`{"format_version":"1.2","planned_values":{"root_module":{"resources":[{"address":"a_b.c","mode":"managed","type":"a_b","name":"c","values":{"x":[{"y":1}]}}]}},"resource_changes":[{"address":"a_b.c","change":{"actions":["create"],"after_unknown":{"x":[{"z":true},true],"w":{"v":[false,true]}}}}],"configuration":{"root_module":{"resources":[{"address":"a_b.c","mode":"managed","expressions":{"x":[{"z":{"references":["var.q"]}}]}}]}}}`,
		`{"format_version":"1.2","planned_values":{"root_module":{"child_modules":[{"address":"module.m[\"a.b\"]","resources":[{"address":"module.m[\"a.b\"].t_x.n","type":"t_x","name":"n","values":{}}]}]}},"resource_changes":[{"address":"module.m[\"a.b\"].t_x.n","change":{"after_unknown":{"p":true}}}],"configuration":{"root_module":{"module_calls":{"m":{"expressions":{"i":{"references":["module.m.o"]}},"module":{"outputs":{"o":{"expression":{"references":["var.i"]}}},"resources":[{"address":"t_x.n","expressions":{"p":{"references":["module.m.o[0]"]}}}]}}}}}}`,
		`{"version":4,"resources":[{"module":"module.a","mode":"managed","type":"t","name":"n","instances":[{"index_key":1e300,"attributes":{}}]}]}`,
		`{"version":3}`,
		`{"format_version":"x"}`,
		"\xff",
		`[[[[[[[[`,
	} {
		f.Add([]byte(s))
	}
}

// FuzzParse: arbitrary bytes never panic (the recover in Parse would
// turn a panic into an "internal error"), every error names the file and
// every instance is located and addressed.
func FuzzParse(f *testing.F) {
	seeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		ins, errs := Parse("fuzz.json", data)
		for _, e := range errs {
			if e.File != "fuzz.json" || e.Message == "" || e.Line < 0 || strings.Contains(e.Message, "internal error") {
				t.Fatalf("bad error %+v", e)
			}
		}
		for _, in := range ins {
			if in.File != "fuzz.json" || in.Line <= 0 || in.Address == "" || in.Type == "" || in.Name == "" || in.Values == nil {
				t.Fatalf("bad instance %+v", in)
			}
			if in.Source != cloudres.TerraformPlan && in.Source != cloudres.TerraformState {
				t.Fatalf("bad source %q", in.Source)
			}
		}
	})
}

// FuzzDetect: any bytes give a known kind or none, never a panic.
func FuzzDetect(f *testing.F) {
	seeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, name := range []string{"x.json", "terraform.tfstate"} {
			kind, ok := Detect(name, data)
			if ok != (kind == cloudres.TerraformPlan || kind == cloudres.TerraformState) || (!ok && kind != "") {
				t.Fatalf("Detect(%s) = %q, %v", name, kind, ok)
			}
		}
	})
}
