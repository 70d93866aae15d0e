package terraform

import (
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestOverrideFiles(t *testing.T) {
	insts, errs := ParseDir("testdata/override", Options{})
	dir := filepath.Join("testdata", "override")
	x := filepath.Join(dir, "x_override.tf")
	wantErrs := map[string]bool{
		x + ":6: Missing base resource to override":     true,
		x + ":11: Missing base local value to override": true,
	}
	if len(errs) != len(wantErrs) {
		t.Errorf("errors:\n%s", errText(errs))
	}
	for _, e := range errs {
		if !wantErrs[strings.SplitN(e.Error(), ": ", 3)[0]+": "+strings.SplitN(e.Message, ":", 2)[0]] {
			t.Errorf("unexpected error %s", e.Error())
		}
	}
	if got, want := addresses(insts), []string{"aws_s3_bucket.b", "aws_security_group.web"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("addresses %q, want %q", got, want)
	}
	m := byAddress(insts)
	cases := []struct {
		addr, path string
		want       any
		file       string // where the value is written, under dir
		line       int
	}{
		// The variable's default and a local are overridden; the other
		// local and the resource's other arguments are the original's.
		{"aws_security_group.web", "name", "vigil-prod-web", "main.tf", 12},
		{"aws_security_group.web", "tags.Owner", "security", "main.tf", 30},
		{"aws_security_group.web", "description", "web (managed)", "override.tf", 10},
		// The override's ingress block replaces both original ones; egress
		// stays.
		{"aws_security_group.web", "ingress.0.from_port", int64(443), "override.tf", 13},
		{"aws_security_group.web", "ingress.0.cidr_blocks", []any{"10.0.0.0/8"}, "override.tf", 15},
		{"aws_security_group.web", "ingress.0.cidr_blocks.0", "10.0.0.0/8", "override.tf", 15},
		{"aws_security_group.web", "egress.0.from_port", int64(0), "main.tf", 26},
		// Overrides compound in lexical file order.
		{"aws_s3_bucket.b", "acl", "log-delivery-write", "x_override.tf", 3},
		{"aws_s3_bucket.b", "bucket", "vigil-prod-data", "main.tf", 34},
		// A JSON override merges into a native-syntax block.
		{"aws_s3_bucket.b", "tags.Team", "data", "y_override.tf.json", 5},
	}
	for _, c := range cases {
		if got := get(t, m, c.addr, c.path); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s %s = %#v, want %#v", c.addr, c.path, got, c.want)
		}
		in := m[c.addr]
		if file, line := in.At(c.path); file != filepath.Join(dir, c.file) || line != c.line {
			t.Errorf("%s %s written at %s:%d, want %s:%d", c.addr, c.path, file, line, c.file, c.line)
		}
	}
	for _, in := range insts {
		for p, f := range in.Files {
			if _, ok := in.Lines[p]; !ok || f == in.File {
				t.Errorf("%s: Files[%q] = %s: not a path of Lines in another file", in.Address, p, f)
			}
		}
	}
	sg := m["aws_security_group.web"]
	if n := len(sg.Values["ingress"].([]any)); n != 1 {
		t.Errorf("%d ingress blocks, want 1: %v", n, sg.Values["ingress"])
	}
	if sg.File != filepath.Join(dir, "main.tf") || sg.Line != 11 {
		t.Errorf("location %s:%d, want the original block's", sg.File, sg.Line)
	}
}

func TestOverrideSpecialCases(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"main.tf": `variable "n" {
  default = "3"
}
variable "bad" {
  default = "abc"
}
resource "a_b" "dyn" {
  dynamic "rule" {
    for_each = [1, 2]
    content { v = rule.value }
  }
  other { w = 1 }
}
resource "a_b" "cnt" {
  count = 1
  n     = var.n
}
module "m" {
  source = "./child"
  in     = "old"
}
output "o" { value = 1 }
`,
		"base.tf.json": `{"resource": {"a_b": {"j": {"x": "old", "blk": {"y": 1}, "keep": true}}}}`,
		"child/main.tf": `variable "in" {}
resource "a_b" "c" { in = var.in }
`,
		"override.tf": `variable "n" {
  type = number
}
variable "bad" {
  type = number
}
resource "a_b" "dyn" {
  rule { v = 9 }
  dynamic "other" {
    for_each = ["p", "q"]
    content { w = other.value }
  }
}
resource "a_b" "cnt" {
  count      = 2
  depends_on = []
}
resource "a_b" "j" {
  x = "new"
  blk { y = 2 }
}
module "m" {
  in = "new"
}
output "nope" { value = 2 }
data "a_b" "nope" {}
`,
	})
	insts, errs := ParseDir(dir, Options{})
	text := errText(errs)
	ov := filepath.Join(dir, "override.tf")
	for _, want := range []string{
		// Terraform converts the original default to the overriding type.
		filepath.Join(dir, "main.tf") + ":5: Invalid default value for variable",
		ov + ":16: Unsupported override argument",
		ov + ":25: Missing base output to override",
		ov + ":26: Missing base data to override",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("missing error %q in:\n%s", want, text)
		}
	}
	if len(errs) != 4 {
		t.Errorf("errors:\n%s", text)
	}
	m := byAddress(insts)
	for _, c := range []struct {
		addr, path string
		want       any
	}{
		{"a_b.cnt[1]", "n", int64(3)},
		{"a_b.dyn", "rule", []any{map[string]any{"v": int64(9)}}},
		{"a_b.dyn", "other", []any{map[string]any{"w": "p"}, map[string]any{"w": "q"}}},
		{"a_b.j", "x", "new"},
		{"a_b.j", "keep", true},
		{"a_b.j", "blk", []any{map[string]any{"y": int64(2)}}},
		{"module.m.a_b.c", "in", "new"},
	} {
		if got := get(t, m, c.addr, c.path); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s %s = %#v, want %#v", c.addr, c.path, got, c.want)
		}
	}
}

func TestBrokenOverrideDropsResource(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"main.tf":       "resource \"a_b\" \"c\" { x = 1 }\nresource \"a_b\" \"d\" { x = 1 }\n",
		"a_override.tf": "resource \"a_b\" \"c\" {\n  x = (\n}\n",
		"b_override.tf": "resource \"a_b\" \"d\" { x = 2 }\n",
	})
	insts, errs := ParseDir(dir, Options{})
	if len(errs) == 0 || errs[0].File != filepath.Join(dir, "a_override.tf") {
		t.Errorf("errors:\n%s", errText(errs))
	}
	if got := addresses(insts); !reflect.DeepEqual(got, []string{"a_b.d"}) {
		t.Errorf("addresses %q", got)
	}
}

// TestOverrideDynamicJSON: dynamic blocks in JSON files merge as native
// ones do: a block type set by an override replaces all the blocks of
// that type, dynamic ones included, in either direction.
func TestOverrideDynamicJSON(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"main.tf.json": `{"resource": {"aws_security_group": {
  "a": {
    "name": "a",
    "ingress": {"description": "static"},
    "dynamic": {"ingress": {"for_each": ["x"], "content": {"description": "dynamic ${ingress.value}"}}}
  },
  "b": {"dynamic": {"ingress": {"for_each": ["x"], "content": {"description": "base"}}}},
  "d": {"dynamic": {"ingress": {"for_each": ["x"], "content": {"description": "base"}}}}
}}}`,
		"main.tf": `resource "aws_security_group" "c" {
  ingress {
    description = "base"
  }
}
`,
		"override.tf": `resource "aws_security_group" "a" {
  name = "renamed"
}
resource "aws_security_group" "b" {
  ingress {
    description = "native override"
  }
}
`,
		"c_override.tf.json": `{"resource": {"aws_security_group": {
  "c": {"dynamic": {"ingress": {"for_each": [1, 2], "content": {"description": "override ${ingress.value}"}}}},
  "d": {"ingress": {"description": "json override"}}
}}}`,
	})
	insts, errs := ParseDir(dir, Options{})
	if len(errs) != 0 {
		t.Fatalf("errors:\n%s", errText(errs))
	}
	m := byAddress(insts)
	desc := func(ds ...string) []any {
		var out []any
		for _, d := range ds {
			out = append(out, map[string]any{"description": d})
		}
		return out
	}
	for _, c := range []struct {
		addr, path string
		want       any
	}{
		{"aws_security_group.a", "name", "renamed"},
		{"aws_security_group.a", "ingress", desc("static", "dynamic x")},
		{"aws_security_group.b", "ingress", desc("native override")},
		{"aws_security_group.c", "ingress", desc("override 1", "override 2")},
		{"aws_security_group.d", "ingress.0.description", "json override"},
	} {
		if got := get(t, m, c.addr, c.path); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s %s = %#v, want %#v", c.addr, c.path, got, c.want)
		}
	}
	c := m["aws_security_group.c"]
	if file, line := c.At("ingress.1.description"); file != filepath.Join(dir, "c_override.tf.json") || line != 2 {
		t.Errorf("the override's content written at %s:%d, want c_override.tf.json:2", file, line)
	}
}
