package terraform

import (
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/vigil-cspm/vigil/internal/iac/cloudres"
)

func TestBasicProject(t *testing.T) {
	insts, errs := ParseDir("testdata/basic", Options{})
	if len(errs) != 0 {
		t.Fatalf("unexpected errors:\n%s", errText(errs))
	}
	want := []string{
		`aws_iam_policy.p`,
		`aws_s3_bucket.b["data"]`,
		`aws_s3_bucket.b["logs"]`,
		`aws_s3_bucket.logs[0]`,
		`aws_s3_bucket_logging.data`,
		`aws_s3_bucket_server_side_encryption_configuration.data`,
		`aws_s3_bucket_versioning.b["data"]`,
		`aws_s3_bucket_versioning.b["logs"]`,
		`aws_security_group.web[0]`,
		`aws_security_group.web[1]`,
		`aws_subnet.a`,
	}
	if got := addresses(insts); !reflect.DeepEqual(got, want) {
		t.Fatalf("addresses:\n got %q\nwant %q", got, want)
	}
	m := byAddress(insts)
	main := filepath.Join("testdata", "basic", "main.tf")
	cases := []struct {
		addr, path string
		want       any
	}{
		// tfvars override defaults; locals reference later locals.
		{`aws_s3_bucket.b["data"]`, "bucket", "prod-vigil-data"},
		{`aws_s3_bucket.b["data"]`, "tags.Owner", "data-team"},
		{`aws_s3_bucket.b["logs"]`, "tags", map[string]any{"Environment": "prod", "App": "vigil"}},
		// Split S3 resources: the configured reference becomes a Ref.
		{`aws_s3_bucket_versioning.b["data"]`, "bucket", cloudres.Ref{Address: `aws_s3_bucket.b["data"]`, Attr: "id"}},
		{`aws_s3_bucket_versioning.b["data"]`, "versioning_configuration.0.status", "Enabled"},
		{`aws_s3_bucket_versioning.b["logs"]`, "versioning_configuration.0.status", "Suspended"},
		{`aws_s3_bucket_logging.data`, "target_bucket", cloudres.Ref{Address: `aws_s3_bucket.logs[0]`, Attr: "id"}},
		// A configured attribute of another resource is known.
		{`aws_s3_bucket_server_side_encryption_configuration.data`, "bucket", "prod-vigil-data"},
		// A variable without a value is unknown.
		{`aws_s3_bucket_server_side_encryption_configuration.data`, "rule.0.apply_server_side_encryption_by_default.0.kms_master_key_id", cloudres.Unknown{}},
		{`aws_s3_bucket_server_side_encryption_configuration.data`, "rule.0.apply_server_side_encryption_by_default.0.sse_algorithm", "aws:kms"},
		// count.index, format, dynamic blocks with an iterator, for with if.
		{`aws_security_group.web[1]`, "name", "prod-vigil-web-1"},
		{`aws_security_group.web[1]`, "description", "WEB 1"},
		{`aws_security_group.web[0]`, "ingress.1.from_port", int64(443)},
		{`aws_security_group.web[0]`, "ingress.0.cidr_blocks", []any{"10.0.0.0/8"}},
		{`aws_security_group.web[0]`, "egress.0.cidr_blocks.0", "0.0.0.0/0"},
		// jsonencode of a document with ARNs known only after apply keeps
		// the known parts, the unknown ones written as a placeholder.
		{`aws_iam_policy.p`, "policy", `{"Statement":[{"Action":["s3:GetObject"],"Effect":"Allow","Resource":["${vigil:unknown}","${vigil:unknown}"]}],"Version":"2012-10-17"}`},
		{`aws_subnet.a`, "cidr_block", "10.0.2.0/24"},
		{`aws_subnet.a`, "tags.Hosts", "10.0.2.5"},
		{`aws_subnet.a`, "vpc_id", cloudres.Ref{Address: "data.aws_vpc.main", Attr: "id"}},
	}
	for _, c := range cases {
		t.Run(c.addr+"/"+c.path, func(t *testing.T) {
			if got := get(t, m, c.addr, c.path); !reflect.DeepEqual(got, c.want) {
				t.Errorf("got %#v, want %#v", got, c.want)
			}
		})
	}
	sg := m[`aws_security_group.web[0]`]
	if sg.File != main || sg.Line != 45 || sg.Name != "web" || sg.Type != "aws_security_group" || sg.Source != cloudres.Terraform {
		t.Errorf("location %s:%d %s %s", sg.File, sg.Line, sg.Name, sg.Type)
	}
	for path, line := range map[string]int{"name": 47, "ingress.1.to_port": 55, "egress.0": 61, "egress.0.protocol": 64} {
		if got := sg.LineOf(path); got != line {
			t.Errorf("line of %s = %d, want %d", path, got, line)
		}
	}
	if _, ok := m[`aws_s3_bucket.b["data"]`].Values["arn"]; ok {
		t.Error("unset computed attribute appears in values")
	}
}

func TestVariablePrecedence(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"main.tf": `
variable "a" { default = "default" }
variable "b" { default = "default" }
variable "c" { default = "default" }
variable "d" { default = "default" }
variable "e" { default = "default" }
variable "f" { default = "default" }
variable "n" { type = number }
variable "l" { type = list(string) }
variable "o" {
  type = object({ name = string, port = optional(number, 80) })
}
variable "s" { type = set(string) }
variable "unset" { type = string }
resource "null_resource" "r" {
  triggers = {
    a = var.a, b = var.b, c = var.c, d = var.d, e = var.e, f = var.f
    n = var.n, l = join(",", var.l), port = var.o.port, name = var.o.name
    s = length(var.s), unset = var.unset
  }
}
`,
		"terraform.tfvars":      "b = \"tfvars\"\nc = \"tfvars\"\nd = \"tfvars\"\ne = \"tfvars\"\nf = \"tfvars\"\nundeclared = 1\n",
		"a.auto.tfvars":         "c = \"auto-a\"\nd = \"auto-a\"\n",
		"b.auto.tfvars.json":    `{"d": "auto-b", "e": "auto-b"}`,
		"extra/prod.tfvars":     "e = \"varfile\"\nf = \"varfile\"\nn = \"42\"\ns = [\"x\", \"y\", \"x\"]\n",
		"terraform.tfvars.json": `{"o": {"name": "svc"}}`,
	})
	insts, errs := ParseDir(dir, Options{
		VarFiles: []string{filepath.Join(dir, "extra/prod.tfvars")},
		Vars:     map[string]string{"f": "cli", "l": `["p", "q"]`},
		Env:      []string{"TF_VAR_a=env", "TF_VAR_b=env", "PATH=/bin", "TF_VAR_nope=1"},
	})
	if len(errs) != 0 {
		t.Fatalf("unexpected errors:\n%s", errText(errs))
	}
	got := insts[0].Values["triggers"]
	want := map[string]any{"a": "env", "b": "tfvars", "c": "auto-a", "d": "auto-b", "e": "varfile", "f": "cli",
		"n": int64(42), "l": "p,q", "port": int64(80), "name": "svc", "s": int64(2), "unset": cloudres.Unknown{}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %#v\nwant %#v", got, want)
	}
}

func TestModules(t *testing.T) {
	insts, errs := ParseDir("testdata/modules", Options{})
	if len(errs) != 0 {
		t.Fatalf("unexpected errors:\n%s", errText(errs))
	}
	want := []string{
		`aws_iam_role_policy_attachment.ci`,
		`aws_s3_bucket_public_access_block.a`,
		`module.bucket["a"].aws_s3_bucket.this`,
		`module.bucket["a"].aws_s3_bucket_versioning.this`,
		`module.bucket["a"].module.kms[0].aws_kms_key.k`,
		`module.bucket["b"].aws_s3_bucket.this`,
		`module.bucket["b"].aws_s3_bucket_versioning.this`,
		`module.registry.aws_iam_role.this`,
		`module.registry.module.inner.aws_iam_policy.p`,
	}
	if got := addresses(insts); !reflect.DeepEqual(got, want) {
		t.Fatalf("addresses:\n got %q\nwant %q", got, want)
	}
	m := byAddress(insts)
	root := filepath.Join("testdata", "modules", "main.tf")
	for _, c := range []struct {
		addr, path string
		want       any
	}{
		{`module.bucket["b"].aws_s3_bucket.this`, "bucket", "team-b"},
		{`module.bucket["a"].aws_s3_bucket_versioning.this`, "bucket", cloudres.Ref{Address: `module.bucket["a"].aws_s3_bucket.this`, Attr: "id"}},
		// A module output that is a pure reference resolves to the
		// resource inside the module.
		{`aws_s3_bucket_public_access_block.a`, "bucket", cloudres.Ref{Address: `module.bucket["a"].aws_s3_bucket.this`, Attr: "id"}},
		{`module.bucket["a"].module.kms[0].aws_kms_key.k`, "description", "key for alias/team-a"},
		{`aws_iam_role_policy_attachment.ci`, "role", "ci"},
		{`aws_iam_role_policy_attachment.ci`, "policy_arn", cloudres.Ref{Address: "module.registry.module.inner.aws_iam_policy.p", Attr: "arn"}},
		{`module.registry.module.inner.aws_iam_policy.p`, "name", "ci-inner"},
	} {
		if got := get(t, m, c.addr, c.path); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s %s: got %#v, want %#v", c.addr, c.path, got, c.want)
		}
	}
	kms := m[`module.bucket["a"].module.kms[0].aws_kms_key.k`]
	if kms.CallFile != root || kms.CallLine != 1 || kms.Line != 5 || !strings.HasSuffix(kms.File, filepath.Join("modules", "kms", "main.tf")) {
		t.Errorf("kms located at %s:%d called from %s:%d", kms.File, kms.Line, kms.CallFile, kms.CallLine)
	}
	inner := m[`module.registry.module.inner.aws_iam_policy.p`]
	if inner.CallFile != root || inner.CallLine != 8 {
		t.Errorf("inner called from %s:%d", inner.CallFile, inner.CallLine)
	}
	if m[`aws_s3_bucket_public_access_block.a`].CallFile != "" {
		t.Error("root resource has a call location")
	}
}

func TestEmptyAndMissingDirectory(t *testing.T) {
	for _, dir := range []string{t.TempDir(), filepath.Join(t.TempDir(), "nope")} {
		insts, errs := ParseDir(dir, Options{})
		if len(insts) != 0 || len(errs) != 0 {
			t.Errorf("%s: %v %v", dir, insts, errs)
		}
		if IsRoot(dir) {
			t.Errorf("%s is a root", dir)
		}
	}
	if !IsRoot("testdata/basic") {
		t.Error("testdata/basic is not a root")
	}
}

func TestJSONSyntax(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"main.tf.json": `{
  "variable": {"name": {"default": "j"}},
  "resource": {
    "aws_s3_bucket": {"b": {"bucket": "${var.name}-bucket", "count": 2}},
    "aws_s3_bucket_versioning": {"v": {"bucket": "${aws_s3_bucket.b[1].id}", "versioning_configuration": {"status": "Enabled"}}}
  }
}`,
	})
	insts, errs := ParseDir(dir, Options{})
	if len(errs) != 0 {
		t.Fatalf("unexpected errors:\n%s", errText(errs))
	}
	m := byAddress(insts)
	if got := get(t, m, "aws_s3_bucket.b[1]", "bucket"); got != "j-bucket" {
		t.Errorf("bucket = %v", got)
	}
	if got := get(t, m, "aws_s3_bucket_versioning.v", "bucket"); got != (cloudres.Ref{Address: "aws_s3_bucket.b[1]", Attr: "id"}) {
		t.Errorf("ref = %#v", got)
	}
	if m["aws_s3_bucket.b[0]"].Line != 4 {
		t.Errorf("line %d", m["aws_s3_bucket.b[0]"].Line)
	}
}
