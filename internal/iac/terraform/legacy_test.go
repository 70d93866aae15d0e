package terraform

import (
	"strings"
	"testing"

	"github.com/vigil-cspm/vigil/internal/model"
)

// TestLegacySyntax reads Terraform 0.11's quoted type constraints and
// references as Terraform 0.12 did: the values as if unquoted, each
// form reported once as a located warning saying what to write, and no
// input error.
func TestLegacySyntax(t *testing.T) {
	dir := writeTree(t, map[string]string{"main.tf": `variable "name" {
  type    = "string"
  default = "b"
}

variable "cidrs" {
  type    = "list"
  default = ["10.0.0.0/8"]
}

variable "tags" {
  type    = "map"
  default = { env = "dev" }
}

provider "aws" {
  alias = "west"
}

resource "aws_s3_bucket" "b" {
  provider   = "aws.west"
  bucket     = var.name
  tags       = var.tags
  depends_on = ["aws_s3_bucket.c"]
  lifecycle {
    ignore_changes = ["tags"]
  }
}

resource "aws_s3_bucket" "c" {
  bucket = var.cidrs[0]
}

module "m" {
  source    = "./m"
  providers = { aws = "aws.west" }
}

output "o" {
  value      = var.name
  depends_on = ["aws_s3_bucket.b"]
}
`, "m/main.tf": "variable \"x\" {\n  type = \"string\"\n  default = \"y\"\n}\n"})
	var warns []model.InputError
	insts, errs := ParseDir(dir, Options{Warn: func(w model.InputError) { warns = append(warns, w) }})
	if len(errs) > 0 {
		t.Fatalf("input errors:\n%s", errText(errs))
	}
	by := byAddress(insts)
	if got := get(t, by, "aws_s3_bucket.b", "bucket"); got != "b" {
		t.Errorf("bucket = %v, want b", got)
	}
	if got := get(t, by, "aws_s3_bucket.b", "tags.env"); got != "dev" {
		t.Errorf("tags.env = %v, want dev", got)
	}
	if got := get(t, by, "aws_s3_bucket.c", "bucket"); got != "10.0.0.0/8" {
		t.Errorf("c bucket = %v, want 10.0.0.0/8", got)
	}
	want := []string{
		`main.tf:2: Quoted type constraints are deprecated: the Terraform 0.11 form "string" was read as string; write string without quotes`,
		`main.tf:7: Quoted type constraints are deprecated: the Terraform 0.11 form "list" was read as list(any); write list(string) (or list(any)) without quotes`,
		`main.tf:12: Quoted type constraints are deprecated: the Terraform 0.11 form "map" was read as map(any); write map(string) (or map(any)) without quotes`,
		`main.tf:21: Quoted references are deprecated: the Terraform 0.11 form "aws.west" in provider was accepted; write aws.west without quotes`,
		`main.tf:24: Quoted references are deprecated: the Terraform 0.11 form "aws_s3_bucket.c" in depends_on was accepted; write aws_s3_bucket.c without quotes`,
		`main.tf:26: Quoted references are deprecated: the Terraform 0.11 form "tags" in lifecycle.ignore_changes was accepted; write tags without quotes`,
		`main.tf:36: Quoted references are deprecated: the Terraform 0.11 form "aws.west" in providers was accepted; write aws.west without quotes`,
		`main.tf:41: Quoted references are deprecated: the Terraform 0.11 form "aws_s3_bucket.b" in depends_on was accepted; write aws_s3_bucket.b without quotes`,
		`m/main.tf:2: Quoted type constraints are deprecated: the Terraform 0.11 form "string" was read as string; write string without quotes`,
	}
	var got []string
	for _, w := range warns {
		w.File = strings.TrimPrefix(strings.ReplaceAll(w.File, `\`, "/"), strings.ReplaceAll(dir, `\`, "/")+"/")
		got = append(got, w.Error())
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("warnings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestLegacyTypeErrors: a quoted word other than Terraform 0.11's three
// types is still an error, and an unquoted type or a JSON string is no
// legacy form.
func TestLegacyTypeErrors(t *testing.T) {
	for _, tc := range []struct {
		name, file, src, wantErr string
		warns                    int
	}{
		{"quoted modern type", "main.tf", "variable \"v\" {\n  type = \"list(string)\"\n}\n", "main.tf:2: Invalid type specification", 0},
		{"quoted unknown word", "main.tf", "variable \"v\" {\n  type = \"number\"\n}\n", `"number" is not a type`, 0},
		{"interpolated", "main.tf", "variable \"v\" {\n  type = \"${string}\"\n}\n", "main.tf:2:", 0},
		{"unquoted", "main.tf", "variable \"v\" {\n  type = string\n  default = \"x\"\n}\n", "", 0},
		{"json", "main.tf.json", `{"variable": {"v": {"type": "string", "default": "x"}}, "resource": {"a_b": {"c": {"depends_on": ["a_b.d"]}}}}`, "", 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := writeTree(t, map[string]string{tc.file: tc.src})
			n := 0
			_, errs := ParseDir(dir, Options{Warn: func(model.InputError) { n++ }})
			text := errText(errs)
			switch {
			case tc.wantErr == "" && len(errs) > 0:
				t.Errorf("unexpected errors:\n%s", text)
			case tc.wantErr != "" && !strings.Contains(text, tc.wantErr):
				t.Errorf("errors %q do not contain %q", text, tc.wantErr)
			}
			if n != tc.warns {
				t.Errorf("%d warnings, want %d", n, tc.warns)
			}
		})
	}
}
