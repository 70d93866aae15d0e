package terraform

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// policyDocOf evaluates src (a main.tf whose resource "x" "y" sets
// p = data.aws_iam_policy_document.d.json) and returns p.
func policyDocOf(t *testing.T, src string) any {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	insts, _ := ParseDir(dir, Options{})
	for _, in := range insts {
		if in.Address == "x.y" {
			return in.Values["p"]
		}
	}
	return nil
}

func TestPolicyDocumentRendered(t *testing.T) {
	got := policyDocOf(t, `
variable "org" { default = "o-a1b2c3d4e5" }
data "aws_iam_policy_document" "d" {
  statement {
    sid     = "Read"
    actions = ["es:ESHttpGet", "es:ESHttpHead"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = ["*"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:PrincipalOrgID"
      values   = [var.org]
    }
  }
  statement {
    effect  = "Deny"
    actions = ["es:ESHttpDelete"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
  }
}
resource "x" "y" { p = data.aws_iam_policy_document.d.json }
`)
	s, ok := got.(string)
	if !ok {
		t.Fatalf("json not rendered: %#v", got)
	}
	var doc map[string]any
	if err := json.Unmarshal([]byte(s), &doc); err != nil {
		t.Fatal(err)
	}
	want := `{"Statement":[{"Action":["es:ESHttpGet","es:ESHttpHead"],"Condition":{"StringEquals":{"aws:PrincipalOrgID":["o-a1b2c3d4e5"]}},"Effect":"Allow","Principal":{"AWS":["*"]},"Resource":["*"],"Sid":"Read"},{"Action":["es:ESHttpDelete"],"Effect":"Deny","Principal":"*"}],"Version":"2012-10-17"}`
	if s != want {
		t.Errorf("got  %s\nwant %s", s, want)
	}
}

func TestPolicyDocumentUnknown(t *testing.T) {
	for name, src := range map[string]string{
		"unknown action": `variable "a" {}
data "aws_iam_policy_document" "d" {
  statement { actions = [var.a] }
}
resource "x" "y" { p = data.aws_iam_policy_document.d.json }`,
		"merged documents": `data "aws_iam_policy_document" "d" {
  source_policy_documents = ["{}"]
}
resource "x" "y" { p = data.aws_iam_policy_document.d.json }`,
		"counted": `data "aws_iam_policy_document" "d" {
  count = 1
}
resource "x" "y" { p = data.aws_iam_policy_document.d[0].json }`,
	} {
		t.Run(name, func(t *testing.T) {
			if s, ok := policyDocOf(t, src).(string); ok {
				t.Errorf("rendered a document it cannot know: %s", s)
			}
		})
	}
}

// FuzzPolicyDocument evaluates an arbitrary aws_iam_policy_document
// body: evaluation never panics, and a rendered json is a JSON object.
func FuzzPolicyDocument(f *testing.F) {
	for _, s := range []string{
		"statement {\n actions = [\"s3:GetObject\"]\n resources = [\"*\"]\n}\n",
		"statement {\n principals {\n type = \"AWS\"\n identifiers = [\"*\"]\n }\n condition {\n test = \"IpAddress\"\n variable = \"aws:SourceIp\"\n values = [\"10.0.0.0/8\"]\n }\n}\n",
		"version = \"2012-10-17\"\npolicy_id = \"p\"\nstatement { effect = \"Deny\"\n not_actions = [\"*\"] }\n",
		"statement { principals { type = \"*\" } }\n",
		"statement { condition { test = 1\n variable = null } }\n",
		"dynamic \"statement\" {\n for_each = [1, 2]\n content { sid = \"s${statement.value}\" }\n}\n",
		"statement = 3\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		got := policyDocOf(t, "data \"aws_iam_policy_document\" \"d\" {\n"+body+"\n}\nresource \"x\" \"y\" { p = data.aws_iam_policy_document.d.json }\n")
		if s, ok := got.(string); ok {
			var m map[string]any
			if err := json.Unmarshal([]byte(s), &m); err != nil {
				t.Fatalf("rendered %q: %v", s, err)
			}
		}
	})
}
