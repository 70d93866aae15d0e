package terraform

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/vigil-cspm/vigil/internal/iac/cloudres"
)

// TestFunctions evaluates each expression as a resource argument.
func TestFunctions(t *testing.T) {
	cases := []struct {
		expr string
		want any
	}{
		{`jsonencode({a = [1, true, "x"]})`, `{"a":[1,true,"x"]}`},
		{`jsondecode("{\"a\": 1.5}").a`, 1.5},
		{`merge({a = 1}, {b = 2}, {a = 3})`, map[string]any{"a": int64(3), "b": int64(2)}},
		{`concat(["a"], ["b", "c"])`, []any{"a", "b", "c"}},
		{`lookup({a = "x"}, "b", "dflt")`, "dflt"},
		{`format("%s-%03d", "n", 7)`, "n-007"},
		{`formatlist("%s!", ["a", "b"])`, []any{"a!", "b!"}},
		{`join("/", split(",", "a,b,c"))`, "a/b/c"},
		{`replace("a-b-c", "-", "_")`, "a_b_c"},
		{`replace("a1b22", "/[0-9]+/", "#")`, "a#b#"},
		{`lower("AbC")`, "abc"},
		{`upper(trimspace("  x "))`, "X"},
		{`length("héllo")`, int64(5)},
		{`length([1, 2])`, int64(2)},
		{`length({a = 1})`, int64(1)},
		{`element(["a", "b"], 3)`, "b"},
		{`keys({b = 1, a = 2})`, []any{"a", "b"}},
		{`values({b = 1, a = 2})`, []any{int64(2), int64(1)}},
		{`contains(["a"], "a")`, true},
		{`distinct(["a", "a", "b"])`, []any{"a", "b"}},
		{`flatten([["a"], [["b"]]])`, []any{"a", "b"}},
		{`coalesce("", "x")`, "x"},
		{`coalescelist([], ["y"])`, []any{"y"}},
		{`compact(["a", "", "b"])`, []any{"a", "b"}},
		{`try(local.obj.missing, "fallback")`, "fallback"},
		{`can(local.obj.missing)`, false},
		{`tomap({a = "1"})`, map[string]any{"a": "1"}},
		{`tolist(toset(["b", "a"]))`, []any{"a", "b"}},
		{`tostring(5)`, "5"},
		{`tonumber("2.5")`, 2.5},
		{`tobool("true")`, true},
		{`cidrsubnet("10.0.0.0/16", 8, 255)`, "10.0.255.0/24"},
		{`cidrsubnet("fd00::/56", 8, 3)`, "fd00:0:0:3::/64"},
		{`cidrhost("10.0.1.0/24", 10)`, "10.0.1.10"},
		{`cidrhost("10.0.1.0/24", -2)`, "10.0.1.254"},
		{`cidrnetmask("10.0.0.0/20")`, "255.255.240.0"},
		{`cidrsubnets("10.0.0.0/16", 8, 4, 8)`, []any{"10.0.0.0/24", "10.0.16.0/20", "10.0.32.0/24"}},
		{`file("hello.txt")`, "hello file\n"},
		{`file("${path.module}/hello.txt")`, "hello file\n"},
		{`fileexists("nope.txt")`, false},
		{`templatefile("policy.json.tpl", { bucket = "b", prefixes = ["x", "y"] })`, "{\"bucket\": \"b\", \"prefixes\": [\"x\",\"y\",\"end\"]}\n"},
		{`base64decode(base64encode("vigil"))`, "vigil"},
		{`sha256("abc")`, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
		{`md5("abc")`, "900150983cd24fb0d6963f7d28e17f72"},
		{`min(3, 1, 2)`, int64(1)},
		{`max(3, 1, 2)`, int64(3)},
		{`abs(-2.5)`, 2.5},
		{`ceil(1.2)`, int64(2)},
		{`floor(1.8)`, int64(1)},
		{`range(3)`, []any{int64(0), int64(1), int64(2)}},
		{`zipmap(["a", "b"], [1, 2])`, map[string]any{"a": int64(1), "b": int64(2)}},
		{`slice(["a", "b", "c"], 1, 3)`, []any{"b", "c"}},
		{`regex("^arn:aws:s3:::(.*)$", "arn:aws:s3:::logs")`, []any{"logs"}},
		{`regexall("[0-9]", "a1b2")`, []any{"1", "2"}},
		{`startswith("arn:aws", "arn:")`, true},
		{`endswith("x.tf", ".json")`, false},
		{`substr("vigilant", 0, 5)`, "vigil"},
		{`one(["only"])`, "only"},
		{`one([])`, nil},
		{`sum([1, 2, 3.5])`, 6.5},
		{`timestamp()`, cloudres.Unknown{}},
		{`uuid()`, cloudres.Unknown{}},
		{`yamldecode("a: 1")`, cloudres.Unknown{}},
		{`provider::aws::arn_parse("arn:aws:s3:::b")`, cloudres.Unknown{}},
		{`upper(timestamp())`, cloudres.Unknown{}},
		{`[for s in ["a", "b"] : upper(s) if s != "b"]`, []any{"A"}},
		{`{for k, v in {a = 1, b = 2} : v => k}`, map[string]any{"1": "a", "2": "b"}},
		{`true ? "yes" : "no"`, "yes"},
		{`[{n = 1}, {n = 2}][*].n`, []any{int64(1), int64(2)}},
		{`"a${2 * 21}"`, "a42"},
		{`<<-EOT
    line ${1 + 1}
    EOT`, "line 2\n"},
	}
	src, _ := os.ReadFile("testdata/functions/policy.json.tpl")
	hello, _ := os.ReadFile("testdata/functions/hello.txt")
	for _, c := range cases {
		t.Run(c.expr, func(t *testing.T) {
			dir := writeTree(t, map[string]string{
				"main.tf":         "locals {\n  obj = { a = 1 }\n}\nresource \"test\" \"t\" {\n  v = " + c.expr + "\n}\n",
				"policy.json.tpl": string(src),
				"hello.txt":       string(hello),
			})
			insts, errs := ParseDir(dir, Options{})
			if len(errs) != 0 {
				t.Fatalf("errors:\n%s", errText(errs))
			}
			got, ok := insts[0].Values["v"]
			if !ok {
				got = nil
			}
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("got %#v, want %#v", got, c.want)
			}
		})
	}
}

// TestModuleFiles: file paths with path.module resolve inside a module.
func TestModuleFiles(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"main.tf":             "module \"m\" {\n  source = \"./mod\"\n}\n",
		"mod/main.tf":         "resource \"aws_iam_policy\" \"p\" {\n  policy = file(\"${path.module}/policy.json\")\n  name   = file(\"name.txt\")\n}\n",
		"mod/policy.json":     `{"Version":"2012-10-17"}`,
		"mod/name.txt":        "n",
		"unrelated/other.txt": "x",
	})
	insts, errs := ParseDir(dir, Options{})
	if len(errs) != 0 {
		t.Fatalf("errors:\n%s", errText(errs))
	}
	if got := insts[0].Values["policy"]; got != `{"Version":"2012-10-17"}` {
		t.Errorf("policy = %#v", got)
	}
	if got := insts[0].Values["name"]; got != "n" {
		t.Errorf("name = %#v", got)
	}
	if insts[0].File != filepath.Join(dir, "mod", "main.tf") {
		t.Errorf("file %s", insts[0].File)
	}
}
