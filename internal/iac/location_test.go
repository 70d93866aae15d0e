package iac_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/vigil-cspm/vigil/internal/iac"
	"github.com/vigil-cspm/vigil/internal/model"
	"github.com/vigil-cspm/vigil/internal/report"
)

const sshRule = "aws-ec2-sg-admin-ports-ipv4"

// TestEvidenceInAnotherFile scans Terraform directories through the
// CLI's path where the offending value is set in another file than the
// resource block: an override file, a satellite rule resource. The
// finding's evidence names that file and line (in the JSON report too),
// and an inline exception written there applies.
func TestEvidenceInAnotherFile(t *testing.T) {
	const base = `resource "aws_security_group" "admin" {
  name = "admin"

  ingress {
    protocol    = "tcp"
    from_port   = 22
    to_port     = 22
    cidr_blocks = ["10.0.0.0/8"]
  }
}
`
	const override = `resource "aws_security_group" "admin" {
  ingress {
    protocol    = "tcp"
    from_port   = 22
    to_port     = 22
    cidr_blocks = ["0.0.0.0/0"]
  }
}
`
	const ignore = "# vigil:ignore aws-ec2-sg-admin-ports-ipv4 bastion, reachable through the port knocker only (SEC-9)\n"
	overrideExcepted := strings.Replace(override, "  ingress {", "  "+ignore+"  ingress {", 1)
	const sgOnly = `resource "aws_security_group" "admin" {
  name = "admin"
}
`
	const rule = ignore + `resource "aws_vpc_security_group_ingress_rule" "ssh" {
  security_group_id = aws_security_group.admin.id
  ip_protocol       = "tcp"
  from_port         = 22
  to_port           = 22
  cidr_ipv4         = "0.0.0.0/0"
}
`
	cases := []struct {
		name     string
		files    map[string]string
		evFile   string
		evLine   int
		excepted int // line of the exception comment; 0: none
	}{
		{name: "override file", files: map[string]string{"main.tf": base, "main_override.tf": override}, evFile: "main_override.tf", evLine: 2},
		{name: "exception in the override file", files: map[string]string{"main.tf": base, "main_override.tf": overrideExcepted}, evFile: "main_override.tf", evLine: 3, excepted: 2},
		{name: "satellite in another file", files: map[string]string{"main.tf": sgOnly, "rules.tf": rule}, evFile: "rules.tf", evLine: 4, excepted: 1},
	}
	eng, fws := corpusLibrary(t)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			for name, src := range c.files {
				if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			fs, res := scanIaC(t, eng, fws, dir, iac.CloudOptions{})
			for _, e := range res.Errors {
				t.Errorf("input error: %s", e.Error())
			}
			var f *model.Finding
			for i := range fs {
				if fs[i].RuleID == sshRule {
					f = &fs[i]
				}
			}
			if f == nil {
				t.Fatalf("no %s finding among %d", sshRule, len(fs))
			}
			main := filepath.Join(dir, "main.tf")
			evFile := filepath.Join(dir, c.evFile)
			if f.Resource.Source.File != main || f.Evidence.File != evFile || f.Evidence.Line != c.evLine {
				t.Errorf("resource at %s, evidence at %s:%d; want main.tf, evidence at %s:%d", f.Resource.Source.File, f.Evidence.File, f.Evidence.Line, c.evFile, c.evLine)
			}
			var doc struct {
				Evidence struct {
					File string
					Line int
				}
				Resource struct{ Source struct{ File string } }
			}
			b, err := json.Marshal(report.FindingJSON(*f))
			if err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(b, &doc); err != nil {
				t.Fatal(err)
			}
			if doc.Evidence.File != evFile || doc.Evidence.Line != c.evLine || doc.Resource.Source.File != main {
				t.Errorf("JSON report: %s", b)
			}
			problems := (&iac.Scanner{}).ApplyExceptions(fs, time.Now())
			if len(problems) != 0 {
				t.Errorf("exception problems: %v", problems)
			}
			switch {
			case c.excepted == 0 && f.Status != model.StatusOpen:
				t.Errorf("status %s, want open", f.Status)
			case c.excepted > 0 && (f.Status != model.StatusExcepted || f.Exception.File != evFile || f.Exception.Line != c.excepted):
				t.Errorf("status %s, exception %+v; want excepted by %s:%d", f.Status, f.Exception, c.evFile, c.excepted)
			}
		})
	}
}
