package iac

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/vigil-cspm/vigil/internal/model"
)

func TestApplyExceptions(t *testing.T) {
	dir := t.TempDir()
	tf := filepath.Join(dir, "main.tf")
	src := `resource "aws_s3_bucket" "a" {
  bucket = "a"
}

# vigil:ignore aws-s3-public-bucket until 2099-01-31 public website (SEC-1)
resource "aws_s3_bucket_policy" "a" {
  bucket = aws_s3_bucket.a.id
  policy = "{}"
}

// vigil:ignore * until 2020-01-01 legacy, to be deleted
resource "aws_s3_bucket" "old" {
  bucket = "old"
}

# vigil:ignore aws-s3-versioning
resource "aws_s3_bucket" "noreason" {
  bucket = "noreason" # vigil:ignore aws-s3-kms-encryption SSE-S3 is enough for build caches
}
`
	if err := os.WriteFile(tf, []byte(src), 0o600); err != nil {
		t.Fatal(err)
	}
	res := func(line int) *model.Resource {
		return &model.Resource{ID: tf + itoaTest(line), Source: model.Source{Kind: model.SourceIaC, File: tf, Line: line}}
	}
	fs := []model.Finding{
		{RuleID: "aws-s3-public-bucket", Status: model.StatusOpen, Resource: res(1), Evidence: model.Evidence{Line: 8}},
		{RuleID: "aws-s3-versioning", Status: model.StatusOpen, Resource: res(1)},
		{RuleID: "aws-s3-versioning", Status: model.StatusOpen, Resource: res(12)},
		{RuleID: "aws-s3-versioning", Status: model.StatusOpen, Resource: res(17)},
		{RuleID: "aws-s3-kms-encryption", Status: model.StatusOpen, Resource: res(17), Evidence: model.Evidence{Line: 18}},
	}
	now := time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)
	problems := (&Scanner{}).ApplyExceptions(fs, now)
	if fs[0].Status != model.StatusExcepted || fs[0].Exception.Reason != "public website (SEC-1)" || fs[0].Exception.Line != 5 {
		t.Errorf("satellite comment: %+v %+v", fs[0].Status, fs[0].Exception)
	}
	if fs[1].Status != model.StatusOpen || fs[1].Exception != nil {
		t.Errorf("an exception for another rule applied: %+v", fs[1].Exception)
	}
	if fs[2].Status != model.StatusOpen || fs[2].Exception == nil || !fs[2].Exception.Expired {
		t.Errorf("an expired exception must leave the finding open and say so: %+v %+v", fs[2].Status, fs[2].Exception)
	}
	if fs[3].Status != model.StatusOpen || len(problems) != 1 || problems[0].Line != 16 {
		t.Errorf("an exception without a reason: status %s, problems %+v", fs[3].Status, problems)
	}
	if fs[4].Status != model.StatusExcepted || fs[4].Exception.Line != 18 {
		t.Errorf("a trailing comment on the offending line: %+v", fs[4].Exception)
	}
}

func itoaTest(i int) string { return string(rune('a' + i)) }

func TestEnclosingYAML(t *testing.T) {
	src := [][]byte{
		[]byte("Resources:"),
		[]byte("  # vigil:ignore aws-sns-public-topic fan-out to partners"),
		[]byte("  Topic:"),
		[]byte("    Type: AWS::SNS::Topic"),
		[]byte("    Properties:"),
		[]byte("      KmsMasterKeyId: alias/x"),
	}
	got := candidateLines(src, 3, 6)
	found := false
	for _, l := range got {
		found = found || l == 2
	}
	if !found {
		t.Errorf("candidate lines %v miss the comment above the logical ID", got)
	}
}

func TestExceptionInsideModule(t *testing.T) {
	dir := t.TempDir()
	mod := filepath.Join(dir, "main.tf")
	if err := os.WriteFile(mod, []byte("# vigil:ignore aws-s3-versioning scratch bucket, emptied nightly\nresource \"aws_s3_bucket\" \"this\" {\n  bucket = var.name\n}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	root := filepath.Join(dir, "root.tf")
	if err := os.WriteFile(root, []byte("module \"b\" {\n  source = \"./m\"\n}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	r := &model.Resource{ID: "x", Source: model.Source{Kind: model.SourceIaC, File: root, Line: 1, DefinedIn: &model.Location{File: mod, Line: 2}}}
	fs := []model.Finding{{RuleID: "aws-s3-versioning", Status: model.StatusOpen, Resource: r}}
	(&Scanner{}).ApplyExceptions(fs, time.Now())
	if fs[0].Status != model.StatusExcepted || fs[0].Exception.File != mod || fs[0].Exception.Line != 1 {
		t.Errorf("exception in the module file: %s %+v", fs[0].Status, fs[0].Exception)
	}
}

// TestExceptionInModuleOverride: inside a module, an attribute set by the
// module's override file takes the exception written above it there.
func TestExceptionInModuleOverride(t *testing.T) {
	dir := t.TempDir()
	mod := filepath.Join(dir, "main.tf")
	ov := filepath.Join(dir, "main_override.tf")
	for file, src := range map[string]string{
		mod: "resource \"aws_s3_bucket\" \"this\" {\n  bucket = var.name\n}\n",
		ov:  "resource \"aws_s3_bucket\" \"this\" {\n  # vigil:ignore aws-s3-versioning scratch bucket, emptied nightly\n  versioning {\n    enabled = false\n  }\n}\n",
	} {
		if err := os.WriteFile(file, []byte(src), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	r := &model.Resource{ID: "x", Source: model.Source{Kind: model.SourceIaC, File: filepath.Join(dir, "root.tf"), Line: 1,
		DefinedIn: &model.Location{File: mod, Line: 1}, Lines: map[string]int{"versioning": 3}, Files: map[string]string{"versioning": ov}}}
	fs := []model.Finding{{RuleID: "aws-s3-versioning", Status: model.StatusOpen, Resource: r, Evidence: model.Evidence{Path: "versioning.status"}}}
	sc := &Scanner{}
	sc.LocateEvidence(nil, fs)
	if fs[0].Evidence.File != ov || fs[0].Evidence.Line != 3 {
		t.Errorf("evidence at %s:%d, want the override file, line 3", fs[0].Evidence.File, fs[0].Evidence.Line)
	}
	sc.ApplyExceptions(fs, time.Now())
	if fs[0].Status != model.StatusExcepted || fs[0].Exception.File != ov || fs[0].Exception.Line != 2 {
		t.Errorf("exception in the module's override file: %s %+v", fs[0].Status, fs[0].Exception)
	}
}
