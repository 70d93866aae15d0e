package terraform

import (
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// TestErrors: each broken configuration reports an error at the right
// file and line, and what can still be evaluated is.
func TestErrors(t *testing.T) {
	cases := []struct {
		name  string
		files map[string]string
		opts  Options
		file  string // relative to the directory
		line  int
		msg   string
		want  []string // addresses still produced
	}{
		{
			name:  "syntax error keeps the other files",
			files: map[string]string{"a.tf": "resource \"aws_s3_bucket\" \"x\" {\n  bucket = \n}\n", "b.tf": `resource "aws_s3_bucket" "ok" {}`},
			file:  "a.tf", line: 2, msg: "Invalid expression",
			want: []string{"aws_s3_bucket.ok"},
		},
		{
			name:  "undeclared variable",
			files: map[string]string{"main.tf": "resource \"aws_s3_bucket\" \"x\" {\n  bucket = var.nope\n}\n"},
			file:  "main.tf", line: 2, msg: `no variable "nope"`,
			want: []string{"aws_s3_bucket.x"},
		},
		{
			name:  "undeclared resource",
			files: map[string]string{"main.tf": "resource \"aws_s3_bucket_versioning\" \"x\" {\n\n  bucket = aws_s3_bucket.missing.id\n}\n"},
			file:  "main.tf", line: 3, msg: "Reference to undeclared resource",
			want: []string{"aws_s3_bucket_versioning.x"},
		},
		{
			name:  "locals cycle names the chain",
			files: map[string]string{"main.tf": "locals {\n  a = local.b\n  b = local.c\n  c = local.a\n}\n"},
			file:  "main.tf", line: 2, msg: "local.a → local.b → local.c → local.a",
		},
		{
			name:  "resource cycle",
			files: map[string]string{"main.tf": "resource \"x_a\" \"a\" {\n  v = x_b.b.v\n}\nresource \"x_b\" \"b\" {\n  v = x_a.a.v\n}\n"},
			file:  "main.tf", line: 1, msg: "x_a.a → x_b.b → x_a.a",
			want: []string{"x_a.a", "x_b.b"},
		},
		{
			name:  "type error",
			files: map[string]string{"main.tf": "resource \"aws_s3_bucket\" \"x\" {\n  bucket = \"a\" + 1\n}\n"},
			file:  "main.tf", line: 2, msg: "Invalid operand",
			want: []string{"aws_s3_bucket.x"},
		},
		{
			name:  "function unknown to terraform",
			files: map[string]string{"main.tf": "resource \"aws_s3_bucket\" \"x\" {\n  bucket = lenght(\"a\")\n}\n"},
			file:  "main.tf", line: 2, msg: "Call to unknown function",
			want: []string{"aws_s3_bucket.x"},
		},
		{
			name:  "count too large",
			files: map[string]string{"main.tf": "resource \"aws_s3_bucket\" \"x\" {\n  count = 10001\n}\nresource \"aws_s3_bucket\" \"ok\" {\n  count = 10000\n}\n"},
			file:  "main.tf", line: 2, msg: "more than 10000",
		},
		{
			name:  "for_each over a list",
			files: map[string]string{"main.tf": "resource \"aws_s3_bucket\" \"x\" {\n  for_each = [\"a\"]\n}\n"},
			file:  "main.tf", line: 2, msg: "toset",
		},
		{
			name:  "count from an unset variable",
			files: map[string]string{"main.tf": "variable \"n\" { type = number }\nresource \"aws_s3_bucket\" \"x\" {\n  count = var.n\n}\n"},
			file:  "main.tf", line: 3, msg: "--var",
		},
		{
			name:  "module not installed",
			files: map[string]string{"main.tf": "resource \"aws_s3_bucket\" \"ok\" {}\n\nmodule \"vpc\" {\n  source = \"terraform-aws-modules/vpc/aws\"\n}\n"},
			file:  "main.tf", line: 3, msg: "run terraform init",
			want: []string{"aws_s3_bucket.ok"},
		},
		{
			name: "module cycle names the chain",
			files: map[string]string{
				"main.tf":     "module \"a\" {\n  source = \"./a\"\n}\n",
				"a/main.tf":   "resource \"aws_s3_bucket\" \"in_a\" {}\nmodule \"b\" {\n  source = \"../b\"\n}\n",
				"b/b.tf":      "module \"a\" {\n  source = \"../a\"\n}\n",
				"unused.json": "{}",
			},
			file: "b/b.tf", line: 1, msg: "a → b → a",
			want: []string{"module.a.aws_s3_bucket.in_a"},
		},
		{
			name: "module argument not declared",
			files: map[string]string{
				"main.tf":   "module \"a\" {\n  source = \"./a\"\n  nme    = \"x\"\n}\n",
				"a/main.tf": "variable \"name\" {}\nresource \"aws_s3_bucket\" \"b\" {\n  bucket = var.name\n}\n",
			},
			file: "main.tf", line: 3, msg: `declares no variable "nme"`,
			want: []string{"module.a.aws_s3_bucket.b"},
		},
		{
			name:  "bad tfvars value",
			files: map[string]string{"main.tf": "variable \"n\" { type = number }\n", "terraform.tfvars": "\nn = \"many\"\n"},
			file:  "terraform.tfvars", line: 2, msg: "Invalid value for variable",
		},
		{
			name:  "undeclared --var",
			files: map[string]string{"main.tf": "resource \"aws_s3_bucket\" \"ok\" {}\n"},
			opts:  Options{Vars: map[string]string{"ghost": "1"}},
			msg:   `no variable "ghost"`,
			want:  []string{"aws_s3_bucket.ok"},
		},
		{
			name:  "missing var file",
			files: map[string]string{"main.tf": "resource \"aws_s3_bucket\" \"ok\" {}\n"},
			opts:  Options{VarFiles: []string{"/nonexistent/prod.tfvars"}},
			msg:   "Cannot read variables file",
			want:  []string{"aws_s3_bucket.ok"},
		},
		{
			name:  "file outside the configuration",
			files: map[string]string{"main.tf": "resource \"aws_iam_policy\" \"p\" {\n  policy = file(\"/etc/passwd\")\n}\n"},
			file:  "main.tf", line: 2, msg: "outside the configuration",
			want: []string{"aws_iam_policy.p"},
		},
		{
			name:  "for expressions nested too deeply",
			files: map[string]string{"main.tf": "resource \"a\" \"b\" {\n  v = [for a in range(1000) : [for b in range(1000) : [for c in range(1000) : [for d in range(9) : d]]]]\n}\n"},
			file:  "main.tf", line: 2, msg: "nested for expressions",
			want: []string{"a.b"},
		},
		{
			name:  "format width",
			files: map[string]string{"main.tf": "resource \"a\" \"b\" {\n  v = format(\"%999999999d\", 1)\n}\n"},
			file:  "main.tf", line: 2, msg: "9999",
			want: []string{"a.b"},
		},
		{
			name: "values that double through locals",
			files: map[string]string{"main.tf": "locals {\n  a = join(\"\", [for i in range(1000) : \"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"])\n" +
				"  b = \"${local.a}${local.a}${local.a}${local.a}${local.a}${local.a}${local.a}${local.a}\"\n" +
				"  c = \"${local.b}${local.b}${local.b}${local.b}${local.b}${local.b}${local.b}${local.b}\"\n" +
				"  d = \"${local.c}${local.c}${local.c}${local.c}${local.c}${local.c}${local.c}${local.c}\"\n" +
				"  e = \"${local.d}${local.d}${local.d}${local.d}${local.d}${local.d}${local.d}${local.d}\"\n" +
				"  f = \"${local.e}${local.e}${local.e}${local.e}${local.e}${local.e}${local.e}${local.e}\"\n}\n"},
			file: "main.tf", line: 5, msg: "Value too large",
		},
		{
			name:  "deep nesting",
			files: map[string]string{"main.tf": "locals {\n  x = " + strings.Repeat("[", 600) + strings.Repeat("]", 600) + "\n}\n"},
			file:  "main.tf", line: 2, msg: "nest more than",
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := writeTree(t, c.files)
			insts, errs := ParseDir(dir, c.opts)
			found := false
			for _, e := range errs {
				if strings.Contains(e.Message, c.msg) {
					found = true
					if c.file != "" && (e.File != filepath.Join(dir, c.file) || e.Line != c.line) {
						t.Errorf("error at %s:%d, want %s:%d", e.File, e.Line, c.file, c.line)
					}
				}
			}
			if !found {
				t.Errorf("no error containing %q in:\n%s", c.msg, errText(errs))
			}
			if c.want != nil {
				if got := addresses(insts); !reflect.DeepEqual(got, c.want) {
					t.Errorf("instances %q, want %q", got, c.want)
				}
			}
		})
	}
}

func TestModuleDepthLimit(t *testing.T) {
	files := map[string]string{"main.tf": "module \"m\" {\n  source = \"./m0\"\n}\n"}
	dir := "m0"
	for i := 0; i < 14; i++ {
		next := "m" + string(rune('a'+i))
		files[dir+"/main.tf"] = "resource \"null_resource\" \"r\" {}\nmodule \"m\" {\n  source = \"./" + next + "\"\n}\n"
		dir = dir + "/" + next
	}
	root := writeTree(t, files)
	insts, errs := ParseDir(root, Options{})
	if !strings.Contains(errText(errs), "more than 10 levels of modules") {
		t.Fatalf("errors:\n%s", errText(errs))
	}
	if len(insts) != 10 {
		t.Errorf("%d instances, want 10 (one per evaluated level)", len(insts))
	}
}
