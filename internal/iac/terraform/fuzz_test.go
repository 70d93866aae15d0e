package terraform

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vigil-cspm/vigil/internal/model"
)

// FuzzParse evaluates an arbitrary main.tf, or main.tf.json when the
// input starts with "{": ParseDir must never panic or hang, every error
// must be located in the directory, and every instance must be located
// and serialisable.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"x\"\n  versioning { enabled = true }\n}\n",
		"variable \"n\" { default = 2 }\nresource \"a_b\" \"c\" {\n  count = var.n\n  name = \"n-${count.index}\"\n}\n",
		"locals { m = { a = 1 } }\nresource \"a_b\" \"c\" {\n  for_each = local.m\n  dynamic \"d\" {\n    for_each = [each.value]\n    content { v = d.value }\n  }\n}\n",
		"resource \"a_b\" \"c\" { x = a_b.d.id }\nresource \"a_b\" \"d\" { y = [for i in range(3) : cidrsubnet(\"10.0.0.0/16\", 8, i)] }\n",
		"module \"m\" {\n  source = \"./\"\n}\n",
		"locals { a = local.a }\n",
		"resource \"a\" \"b\" { c = jsonencode({x = try(local.q, null)}) }",
		"resource \"a\" \"b\" {\n  count = 1e9\n}\n",
		"resource \"x\" \"y\" { z = \"${\n",
		"\xff\xfe",
		// Terraform 0.11 forms, accepted with warnings.
		"variable \"v\" {\n  type = \"list\"\n  default = [\"a\"]\n}\nresource \"a_b\" \"c\" {\n  provider = \"a.x\"\n  n = \"${var.v[0]}\"\n  depends_on = [\"a_b.d\"]\n  lifecycle { ignore_changes = [\"n\"] }\n}\nvariable \"w\" { type = \"map\" }\nvariable \"s\" { type = \"strin\" }\n",
		`{"resource": {"a_b": {"c": {"dynamic": {"d": {"for_each": [1, 2], "iterator": "i", "content": {"v": "${i.value}", "dynamic": {"e": {"for_each": "${[i.key]}", "content": {"w": "${e.value}"}}}}}}}}}}`,
		`{"variable": {"n": {}}, "resource": {"a_b": {"c": {"s": {"dynamic": {"d": [{"for_each": "${var.n}", "content": {}}]}}, "dynamic": [{"s": {"for_each": {"k": 1}, "labels": [], "content": [{}]}}]}}}}`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		dir := t.TempDir()
		name := "main.tf"
		if strings.HasPrefix(src, "{") {
			name = "main.tf.json"
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		var warns []model.InputError
		insts, errs := ParseDir(dir, Options{Warn: func(w model.InputError) { warns = append(warns, w) }})
		for _, e := range append(errs, warns...) {
			if e.Message == "" || e.File == "" {
				t.Fatalf("unlocated error %+v", e)
			}
		}
		for _, in := range insts {
			if in.Address == "" || in.Type == "" || in.Line <= 0 || in.File == "" {
				t.Fatalf("unlocated instance %+v", in)
			}
			if _, err := json.Marshal(in.Values); err != nil {
				t.Fatalf("%s values do not serialise: %v", in.Address, err)
			}
		}
	})
}

// FuzzOverride merges an arbitrary override.tf into a fixed main.tf.
func FuzzOverride(f *testing.F) {
	const base = "variable \"v\" { default = 1 }\nlocals { l = var.v }\nresource \"a_b\" \"c\" {\n  x = local.l\n  blk { y = 1 }\n  dynamic \"d\" {\n    for_each = [1]\n    content { z = d.value }\n  }\n}\nmodule \"m\" { source = \"./\" }\noutput \"o\" { value = 1 }\n"
	for _, s := range []string{
		"resource \"a_b\" \"c\" {\n  x = 2\n  d { z = 3 }\n}\n",
		"variable \"v\" { type = list(string) }\nlocals { l = [var.v] }\n",
		"resource \"a_b\" \"c\" { count = 2 }\nresource \"a_b\" \"c\" { for_each = {} }\n",
		"module \"m\" { source = 3 }\noutput \"o\" { depends_on = [] }\nresource \"x\" \"y\" {}\n",
		"resource \"a_b\" \"c\" { x = \"${\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(base), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "override.tf"), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		insts, errs := ParseDir(dir, Options{})
		for _, e := range errs {
			if e.Message == "" || e.File == "" {
				t.Fatalf("unlocated error %+v", e)
			}
		}
		for _, in := range insts {
			if _, err := json.Marshal(in.Values); err != nil {
				t.Fatalf("%s values do not serialise: %v", in.Address, err)
			}
		}
	})
}
