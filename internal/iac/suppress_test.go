package iac

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/vigil-cspm/vigil/internal/findings"
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
	problems := except(t, []string{tf}, fs, nil, now)
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

// except gives each finding's resource the inline exceptions of files
// (as a scan attaches them when it reads the files), locates its
// evidence and applies them at now; it returns the malformed ones.
func except(t *testing.T, files []string, fs []model.Finding, known func(string) bool, now time.Time) []model.InputError {
	t.Helper()
	var ds []model.Directive
	var problems []model.InputError
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		d, p := Directives(f, data, known)
		ds, problems = append(ds, d...), append(problems, p...)
	}
	for i := range fs {
		f := &fs[i]
		f.Resource.Source.Directives = ds
		if file, line := f.Resource.Source.Evidence(f.Evidence.Path); line > 0 {
			f.Evidence.Line = line
			if file != "" {
				f.Evidence.File = file
			}
		}
		findings.ApplyInline(f, now)
	}
	return problems
}

func TestParseIgnore(t *testing.T) {
	known := func(id string) bool { return id == "aws-s3-versioning" }
	day := func(s string) *time.Time {
		d, err := time.Parse("2006-01-02", s)
		if err != nil {
			t.Fatal(err)
		}
		return &d
	}
	cases := []struct {
		name, line string
		want       *ignore // nil: not an exception
		problem    string  // part of the problem; "" when well-formed
	}{
		{name: "reason", line: "# vigil:ignore aws-s3-versioning scratch bucket", want: &ignore{rule: "aws-s3-versioning", reason: "scratch bucket"}},
		{name: "slashes, trailing, colon", line: `  bucket = "x" // vigil:ignore aws-s3-versioning: scratch`, want: &ignore{rule: "aws-s3-versioning", reason: "scratch"}},
		{name: "until", line: "# vigil:ignore aws-s3-versioning until 2027-06-30 migrating (OPS-7)", want: &ignore{rule: "aws-s3-versioning", reason: "migrating (OPS-7)", end: day("2027-07-01")}},
		{name: "every rule, tabs", line: "#\tvigil:ignore\t*\tlegacy\r", want: &ignore{rule: "*", reason: "legacy"}},
		{name: "no reason", line: "# vigil:ignore aws-s3-versioning", problem: "gives no reason"},
		{name: "no reason after the date", line: "# vigil:ignore aws-s3-versioning until 2027-06-30", problem: "gives no reason"},
		{name: "no rule", line: "# vigil:ignore", problem: "names no rule"},
		{name: "impossible date", line: "# vigil:ignore aws-s3-versioning until 2027-13-01 migrating", problem: `has until "2027-13-01", which is not a date YYYY-MM-DD`},
		{name: "other date format", line: "# vigil:ignore aws-s3-versioning until 30/06/2027 migrating", problem: `has until "30/06/2027", which is not a date`},
		{name: "until without a date", line: "# vigil:ignore aws-s3-versioning until", problem: `has until "", which is not a date`},
		{name: "unknown rule", line: "# vigil:ignore aws-s3-versionning scratch", problem: `names rule "aws-s3-versionning", which the loaded library does not have`},
		{name: "another word", line: "# vigil:ignored aws-s3-versioning x"},
		{name: "not a comment", line: `name = "vigil:ignore aws-s3-versioning"`},
		{name: "inside a word", line: "url = http://x#vigil:ignore"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ig, problem, found := parseIgnore([]byte(c.line), known)
			switch {
			case c.problem != "":
				if !found || !strings.Contains(problem, c.problem) || !strings.Contains(problem, ignoreSyntax) {
					t.Errorf("problem %q (found %v), want it to say %q and the syntax", problem, found, c.problem)
				}
			case c.want == nil:
				if found || problem != "" {
					t.Errorf("read as an exception: %+v %q", ig, problem)
				}
			case !found || problem != "" || ig.rule != c.want.rule || ig.reason != c.want.reason || (ig.end == nil) != (c.want.end == nil) || (ig.end != nil && !ig.end.Equal(*c.want.end)):
				t.Errorf("got %+v %q (found %v), want %+v", ig, problem, found, *c.want)
			}
		})
	}
}

// FuzzParseIgnore: any line either is not an exception, or is a
// well-formed one with a rule and a reason, or is a problem that names
// the syntax; never both, never a panic.
func FuzzParseIgnore(f *testing.F) {
	for _, s := range []string{"# vigil:ignore r until 2027-01-01 why", "// vigil:ignore * x", "# vigil:ignore", "# vigil:ignore r until", "a #vigil:ignore r until 2027-02-30 x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, line string) {
		ig, problem, found := parseIgnore([]byte(line), nil)
		switch {
		case !found && (problem != "" || ig.rule != ""):
			t.Errorf("not found, yet %+v %q", ig, problem)
		case problem != "" && (ig.rule != "" || !strings.Contains(problem, ignoreSyntax)):
			t.Errorf("problem %q with %+v", problem, ig)
		case found && problem == "" && (ig.rule == "" || ig.reason == ""):
			t.Errorf("well-formed without a rule or a reason: %+v", ig)
		}
	})
}

// TestMalformedExceptions: a malformed exception is an input error at
// its line wherever it sits in a scanned file, even where no finding
// is, and excepts nothing; the well-formed ones still apply.
func TestMalformedExceptions(t *testing.T) {
	dir := t.TempDir()
	tf := filepath.Join(dir, "main.tf")
	src := `# vigil:ignore aws-s3-versioning until 2027-02-30 migrating
resource "aws_s3_bucket" "a" {
  bucket = "a"
}

# vigil:ignore aws-s3-versionning scratch
resource "aws_s3_bucket" "b" {
  bucket = "b"
}

# vigil:ignore aws-s3-versioning scratch, emptied nightly
resource "aws_s3_bucket" "c" {
  bucket = "c" # vigil:ignore
}
`
	if err := os.WriteFile(tf, []byte(src), 0o600); err != nil {
		t.Fatal(err)
	}
	res := func(line int) *model.Resource {
		return &model.Resource{ID: tf + itoaTest(line), Source: model.Source{Kind: model.SourceIaC, File: tf, Line: line}}
	}
	fs := []model.Finding{
		{RuleID: "aws-s3-versioning", Status: model.StatusOpen, Resource: res(2)},
		{RuleID: "aws-s3-versioning", Status: model.StatusOpen, Resource: res(12)},
	}
	known := func(id string) bool { return id == "aws-s3-versioning" }
	problems := except(t, []string{tf}, fs, known, time.Now())
	var at []int
	for _, p := range problems {
		if p.File != tf {
			t.Errorf("problem in %s", p.File)
		}
		at = append(at, p.Line)
	}
	if !slices.Equal(at, []int{1, 6, 13}) {
		t.Errorf("problems at lines %v, want 1, 6, 13: %v", at, problems)
	}
	if fs[0].Status != model.StatusOpen || fs[0].Exception != nil {
		t.Errorf("an exception with an impossible date applied: %+v", fs[0].Exception)
	}
	if fs[1].Status != model.StatusExcepted || fs[1].Exception.Line != 11 {
		t.Errorf("the well-formed exception: %s %+v", fs[1].Status, fs[1].Exception)
	}
}

// TestEnclosingYAML: a comment above a block that encloses the
// offending line (a CloudFormation logical ID) applies; one above a
// sibling block does not.
func TestEnclosingYAML(t *testing.T) {
	src := []byte(`Resources:
  # vigil:ignore aws-sns-public-topic fan-out to partners
  Topic:
    Type: AWS::SNS::Topic
    Properties:
      KmsMasterKeyId: alias/x
  # vigil:ignore aws-sns-public-topic not this one
  Other:
    Type: AWS::SNS::Topic
`)
	ds, problems := Directives("t.yaml", src, nil)
	if len(problems) != 0 || len(ds) != 2 {
		t.Fatalf("directives %+v, problems %v", ds, problems)
	}
	if ds[0].Block != 3 || ds[0].BlockEnd != 6 || ds[1].Block != 8 || ds[1].BlockEnd != 9 {
		t.Errorf("blocks %+v", ds)
	}
	r := &model.Resource{ID: "topic", Source: model.Source{Kind: model.SourceIaC, File: "t.yaml", Line: 4, Directives: ds}}
	f := model.Finding{RuleID: "aws-sns-public-topic", Status: model.StatusOpen, Resource: r, Evidence: model.Evidence{Line: 6}}
	findings.ApplyInline(&f, time.Now())
	if f.Status != model.StatusExcepted || f.Exception.Line != 2 {
		t.Errorf("the comment above the logical ID: %s %+v", f.Status, f.Exception)
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
	except(t, []string{mod, root}, fs, nil, time.Now())
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
	except(t, []string{mod, ov}, fs, nil, time.Now())
	if fs[0].Evidence.File != ov || fs[0].Evidence.Line != 3 {
		t.Errorf("evidence at %s:%d, want the override file, line 3", fs[0].Evidence.File, fs[0].Evidence.Line)
	}
	if fs[0].Status != model.StatusExcepted || fs[0].Exception.File != ov || fs[0].Exception.Line != 2 {
		t.Errorf("exception in the module's override file: %s %+v", fs[0].Status, fs[0].Exception)
	}
}
