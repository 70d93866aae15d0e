package terraform

import (
	"path/filepath"
	"testing"

	"github.com/vigil-cspm/vigil/internal/iac/cloudres"
)

func TestProviderBlocks(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"main.tf": `
provider "aws" {
  region = var.region
}

provider "aws" {
  alias      = "keys"
  region     = "us-west-1"
  access_key = "AKIAIOSFODNN7EXAMPLE"
  assume_role {
    role_arn = "arn:aws:iam::111111111111:role/deploy"
  }
}

variable "region" {
  default = "eu-west-1"
}

module "m" {
  source = "./m"
}
`,
		"m/main.tf": `
provider "aws" {
  region = "us-east-2"
}
`,
	})
	insts, errs := ParseDir(dir, Options{})
	if len(errs) > 0 {
		t.Fatal(errText(errs))
	}
	by := byAddress(insts)
	for addr, want := range map[string]struct{ typ, name, region string }{
		"provider.aws":          {"provider.aws", "aws", "eu-west-1"},
		"provider.aws.keys":     {"provider.aws", "keys", "us-west-1"},
		"module.m.provider.aws": {"provider.aws", "aws", "us-east-2"},
	} {
		in, ok := by[addr]
		if !ok {
			t.Fatalf("no instance %s in %v", addr, addresses(insts))
		}
		if in.Type != want.typ || in.Name != want.name || in.Values["region"] != want.region {
			t.Errorf("%s: type %q name %q region %v, want %+v", addr, in.Type, in.Name, in.Values["region"], want)
		}
	}
	keys := by["provider.aws.keys"]
	if l := keys.LineOf("access_key"); l != 9 {
		t.Errorf("access_key at line %d, want 9", l)
	}
	if get(t, by, "provider.aws.keys", "assume_role.0.role_arn") != "arn:aws:iam::111111111111:role/deploy" {
		t.Error("nested block of a provider not read")
	}
}

func TestSupplied(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"main.tf": `
variable "written" { default = "Written-1" }
variable "tfvars" {}
variable "cli" { default = "overridden" }
variable "env" {}
variable "file" {}

locals {
  joined = "x-${var.cli}"
}

resource "aws_db_instance" "a" {
  password = var.written
  username = var.tfvars
  name     = local.joined
  engine   = var.env
  port     = var.file
  tags     = { Owner = var.cli, Team = "a" }
}

module "m" {
  source = "./m"
  in     = var.env
}
`,
		"terraform.tfvars": `tfvars = "from-dir"`,
		"extra.tfvars":     `file = "from-var-file"`,
		"m/main.tf": `
variable "in" {}
resource "aws_rds_cluster" "c" {
  master_password = var.in
  engine          = "aurora"
}
`,
	})
	insts, errs := ParseDir(dir, Options{
		Vars:     map[string]string{"cli": "from-cli"},
		Env:      []string{"TF_VAR_env=from-env"},
		VarFiles: []string{filepath.Join(dir, "extra.tfvars")},
	})
	if len(errs) > 0 {
		t.Fatal(errText(errs))
	}
	by := byAddress(insts)
	a := by["aws_db_instance.a"]
	for path, want := range map[string]bool{
		"password":   false, // a default written in the module
		"username":   false, // terraform.tfvars of the directory
		"name":       true,  // through a local
		"engine":     true,  // TF_VAR_env
		"port":       true,  // --var-file
		"tags.Owner": true,
		"tags":       true,
	} {
		if got := a.IsSupplied(path); got != want {
			t.Errorf("aws_db_instance.a %s: supplied %v, want %v", path, got, want)
		}
	}
	if c := by["module.m.aws_rds_cluster.c"]; !c.IsSupplied("master_password") || c.IsSupplied("engine") {
		t.Errorf("module input from TF_VAR_env: supplied %v", c.Supplied)
	}
}

func TestPartial(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"main.tf": `
variable "password" { default = "Aa1234321Bb" }

resource "aws_db_instance" "db" {
  password = var.password
}

resource "aws_instance" "app" {
  user_data = <<EOT
host=${aws_db_instance.db.endpoint}
password=${var.password}
EOT
  tags = { Name = "app-${aws_db_instance.db.id}" }
  ami  = "ami-1"
}
`,
	})
	insts, errs := ParseDir(dir, Options{})
	if len(errs) > 0 {
		t.Fatal(errText(errs))
	}
	app := byAddress(insts)["aws_instance.app"]
	if v := app.Values["user_data"]; !cloudres.IsUnknown(v) {
		t.Errorf("user_data %v, want Unknown", v)
	}
	want := "host=" + cloudres.UnknownInDocument + "\npassword=Aa1234321Bb\n"
	if got := app.Partial["user_data"]; got != want {
		t.Errorf("partial user_data %q, want %q", got, want)
	}
	if got := app.Partial["tags.Name"]; got != "" {
		t.Errorf("partial of a nested template %q: only attributes' own templates are kept", got)
	}
	if _, ok := app.Partial["ami"]; ok {
		t.Error("a known attribute has a partial text")
	}
}
