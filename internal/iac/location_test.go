package iac_test

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/vigil-cspm/vigil/internal/iac"
	"github.com/vigil-cspm/vigil/internal/model"
	"github.com/vigil-cspm/vigil/internal/report"
	"github.com/vigil-cspm/vigil/internal/scan/scantest"
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
	lib := scantest.Library(t)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			for name, src := range c.files {
				if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			fs, res := scanIaC(t, lib, dir, iac.CloudOptions{})
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
			switch {
			case c.excepted == 0 && f.Status != model.StatusOpen:
				t.Errorf("status %s, want open", f.Status)
			case c.excepted > 0 && (f.Status != model.StatusExcepted || f.Exception.File != evFile || f.Exception.Line != c.excepted):
				t.Errorf("status %s, exception %+v; want excepted by %s:%d", f.Status, f.Exception, c.evFile, c.excepted)
			}
		})
	}
}

// TestEvidenceInModule scans a Terraform configuration whose resources
// are declared in a local module and in a module that module calls. The
// finding points at the module call in the root (resource.source), its
// evidence at the offending line inside the module (evidence.file and
// line), and every writer shows both: SARIF with the call as the
// location and the module line as a related location its message links
// to, the table and Markdown as "call → line in the module".
func TestEvidenceInModule(t *testing.T) {
	dir := t.TempDir()
	files := fstest.MapFS{
		"main.tf": {Data: []byte(`module "logs" {
  source = "./modules/logs"
  name   = "acme-logs"
}
`)},
		"modules/logs/main.tf": {Data: []byte(`variable "name" {
  type = string
}

resource "aws_s3_bucket" "this" {
  bucket = var.name
}

resource "aws_s3_bucket_versioning" "this" {
  bucket = aws_s3_bucket.this.id
  versioning_configuration {
    status = "Suspended"
  }
}

module "bastion" {
  source = "./bastion"
}
`)},
		"modules/logs/bastion/main.tf": {Data: []byte(`resource "aws_security_group" "admin" {
  name = "admin"

  ingress {
    protocol    = "tcp"
    from_port   = 22
    to_port     = 22
    cidr_blocks = ["0.0.0.0/0"]
  }
}
`)},
	}
	if err := os.CopyFS(dir, files); err != nil {
		t.Fatal(err)
	}
	fs, res := scanIaC(t, scantest.Library(t), dir, iac.CloudOptions{})
	for _, e := range res.Errors {
		t.Errorf("input error: %s", e.Error())
	}
	main := filepath.Join(dir, "main.tf")
	cases := []struct {
		rule, address, file string
		line                int
	}{
		{rule: "aws-s3-versioning", address: "module.logs.aws_s3_bucket.this", file: "modules/logs/main.tf", line: 12},
		{rule: sshRule, address: "module.logs.module.bastion.aws_security_group.admin", file: "modules/logs/bastion/main.tf", line: 4},
	}
	rep := &report.Report{Scan: &model.Scan{ID: "s", Source: "iac", Status: model.ScanComplete}, Resources: len(res.Resources), Rules: map[string]*model.RuleMeta{}}
	for _, c := range cases {
		var f *model.Finding
		for i := range fs {
			if fs[i].RuleID == c.rule && fs[i].Resource.Source.Address == c.address {
				f = &fs[i]
			}
		}
		if f == nil {
			t.Errorf("no %s finding on %s among %d", c.rule, c.address, len(fs))
			continue
		}
		evFile := filepath.Join(dir, c.file)
		if src := f.Resource.Source; src.File != main || src.Line != 1 || f.Evidence.File != evFile || f.Evidence.Line != c.line {
			t.Errorf("%s: resource at %s:%d, evidence at %s:%d; want main.tf:1, evidence at %s:%d", c.address, src.File, src.Line, f.Evidence.File, f.Evidence.Line, c.file, c.line)
		}
		rep.Findings = append(rep.Findings, *f)
	}
	if t.Failed() {
		return
	}
	render := func(w func(io.Writer, *report.Report, report.Options) error) string {
		var b strings.Builder
		if err := w(&b, rep, report.Options{}); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}

	var doc struct {
		Findings []struct {
			Evidence struct {
				File string
				Line int
			}
			Resource struct {
				Source struct {
					File      string
					Line      int
					DefinedIn *struct{ File string } `json:"defined_in"`
				}
			}
		}
	}
	if err := json.Unmarshal([]byte(render(report.JSON)), &doc); err != nil {
		t.Fatal(err)
	}
	var sarif struct {
		Runs []struct {
			Results []struct {
				Message          struct{ Text string }
				Locations        []sarifLocation
				RelatedLocations []sarifLocation
			}
		}
	}
	if err := json.Unmarshal([]byte(render(report.SARIF)), &sarif); err != nil {
		t.Fatal(err)
	}
	table, md := render(report.Table), render(report.Markdown)
	for i, c := range cases {
		evFile := filepath.Join(dir, c.file)
		if j := doc.Findings[i]; j.Evidence.File != evFile || j.Evidence.Line != c.line || j.Resource.Source.File != main || j.Resource.Source.Line != 1 || j.Resource.Source.DefinedIn == nil {
			t.Errorf("JSON finding on %s: %+v", c.address, j)
		}
		r := sarif.Runs[0].Results[i]
		if len(r.Locations) != 1 || r.Locations[0].at() != main+":1" {
			t.Errorf("SARIF location of %s: %+v, want the module call", c.address, r.Locations)
		}
		at := fmt.Sprintf("%s:%d", evFile, c.line)
		if len(r.RelatedLocations) != 1 || r.RelatedLocations[0].at() != at || !strings.Contains(r.Message.Text, "["+at+"](1)") {
			t.Errorf("SARIF related location of %s: %+v, message %q; want %s, linked from the message", c.address, r.RelatedLocations, r.Message.Text, at)
		}
		both := fmt.Sprintf("%s:1 → %s", main, at)
		if !strings.Contains(table, both) || !strings.Contains(md, both) {
			t.Errorf("table and Markdown must show %q:\n%s\n%s", both, table, md)
		}
	}
}

type sarifLocation struct {
	PhysicalLocation struct {
		ArtifactLocation struct{ URI string }
		Region           struct{ StartLine int }
	}
}

func (l sarifLocation) at() string {
	return fmt.Sprintf("%s:%d", l.PhysicalLocation.ArtifactLocation.URI, l.PhysicalLocation.Region.StartLine)
}
