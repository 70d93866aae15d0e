package report

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/vigil-cspm/vigil/internal/model"
)

// formatsSample is sample() with what the newer formats tell apart: the
// findings of an AWS account (one mapped to framework requirements,
// one excepted on a global resource, one marked false positive), a cloud
// IaC finding that names no
// account, a finding this scan resolved, and text a format must escape
// or defuse.
func formatsSample() *Report {
	r := sample()
	t0 := r.Scan.StartedAt
	earlier := t0.AddDate(0, 0, -30)
	until := time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)
	live := model.Source{Kind: model.SourceLive}
	bucket := &model.Resource{ID: "arn:aws:s3:::acme-logs", Type: "aws.s3.bucket", Provider: "aws", Account: "111111111111", Region: "eu-west-1",
		Name: "acme-logs", Kind: "AWS::S3::Bucket", Source: live}
	oldBucket := &model.Resource{ID: "arn:aws:s3:::acme-old", Type: "aws.s3.bucket", Provider: "aws", Account: "111111111111", Region: "eu-west-1",
		Name: "acme-old", Kind: "AWS::S3::Bucket", Source: live}
	user := &model.Resource{ID: "arn:aws:iam::111111111111:user/ci", Type: "aws.iam.user", Provider: "aws", Account: "111111111111",
		Name: "ci", Kind: "AWS::IAM::User", Source: live}
	sg := &model.Resource{ID: "iac:infra/main.tf#aws_security_group.admin", Type: "aws.ec2.security_group", Provider: "aws", Name: "admin",
		Kind: "AWS::EC2::SecurityGroup", Source: model.Source{Kind: model.SourceIaC, File: "infra/main.tf", Line: 4, Address: "aws_security_group.admin",
			Lines: map[string]int{"ip_permissions": 6}}}
	public := &model.RuleMeta{ID: "aws-s3-public-bucket", Title: "S3 buckets must not be public", Severity: model.SeverityHigh,
		Description: "A public bucket serves its objects to anyone.", Remediation: "Turn on the bucket's public access block.",
		References: []string{"https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html"},
		Compliance: []model.ComplianceRef{{Framework: "cis-aws-7.0", Control: "2.1.4"}, {Framework: "cis-aws-5.0", Control: "2.1.4"}}}
	mfa := &model.RuleMeta{ID: "aws-iam-user-mfa", Title: "IAM users with a password must use MFA", Severity: model.SeverityMedium,
		Description: "d", Remediation: "Enable an MFA device for the user.", Compliance: []model.ComplianceRef{{Framework: "cis-aws-7.0", Control: "1.10"}}}
	ssh := &model.RuleMeta{ID: "aws-ec2-sg-admin-ports", Title: "Security groups must not open admin ports to the internet", Severity: model.SeverityLow,
		Description: "d", Remediation: "Restrict the ingress rule's CIDR."}
	find := func(m *model.RuleMeta, res *model.Resource) model.Finding {
		return model.Finding{Fingerprint: model.Fingerprint(m.ID, res.ID), RuleID: m.ID, Title: m.Title, Severity: m.Severity, Status: model.StatusOpen,
			Remediation: m.Remediation, Compliance: m.Compliance, Resource: res, FirstSeen: t0, LastSeen: t0}
	}
	open := find(public, bucket)
	open.Message, open.FirstSeen = "bucket policy grants s3:GetObject to *", earlier
	open.Evidence = model.Evidence{Path: "policy_status.is_public", Value: true}
	due := earlier.AddDate(0, 0, 14)
	open.Triage = &model.Triage{Owner: "platform", OwnerFrom: "vigil.yaml owners.map[0]", Due: &due, Overdue: true}
	excepted := find(mfa, user)
	excepted.Status, excepted.Message = model.StatusExcepted, "password user without MFA"
	excepted.Exception = &model.Exception{Source: "vigil-exceptions.yaml", Reason: `break-glass user <ops> & "on-call"`, Expires: &until, File: "vigil-exceptions.yaml", Line: 7}
	iac := find(ssh, sg)
	iac.Message = `=HYPERLINK("http://x") opens 22 to 0.0.0.0/0 <script>alert(1)</script>`
	iac.Evidence = model.Evidence{Path: "ip_permissions[0]", Line: 6}
	iac.Risk = &model.Risk{Score: 45, Path: []string{"internet", sg.ID}, Factors: []model.RiskFactor{
		{Name: "severity", Points: 10, Detail: "the rule's severity is low"},
		{Name: "exposure", Points: 25, Detail: "admits the internet on port 22 to web-1, reachable from outside"},
		{Name: "criticality", Points: 10, Detail: "the asset's criticality is <critical> & \"prod\""},
	}}
	open.Risk = &model.Risk{Score: 68, Path: []string{"internet", bucket.ID}, Factors: []model.RiskFactor{
		{Name: "severity", Points: 30, Detail: "the rule's severity is high"},
		{Name: "exposure", Points: 25, Detail: "the bucket is public"},
		{Name: "data_sensitivity", Points: 8, Detail: "labelled data-classification=confidential"},
		{Name: "criticality", Points: 5, Detail: "the asset's criticality is high"},
	}}
	resolved := find(public, oldBucket)
	resolved.Status, resolved.Message, resolved.FirstSeen, resolved.ResolvedAt = model.StatusResolved, "bucket policy grants s3:GetObject to *", earlier, &t0
	cdn := &model.Resource{ID: "arn:aws:s3:::acme-cdn", Type: "aws.s3.bucket", Provider: "aws", Account: "111111111111", Region: "eu-west-1",
		Name: "acme-cdn", Kind: "AWS::S3::Bucket", Source: live}
	falsePositive := find(public, cdn)
	falsePositive.Status, falsePositive.Message = model.StatusFalsePositive, "bucket policy grants s3:GetObject to *"
	falsePositive.FalsePositive = &model.Mark{By: "alice", Reason: "served through CloudFront only; the policy's condition is the origin's", At: t0}
	r.Findings = append(r.Findings, open, excepted, iac, falsePositive)
	r.Resolved = []model.Finding{resolved}
	r.Resources += 5
	for _, m := range []*model.RuleMeta{public, mfa, ssh} {
		r.Rules[m.ID] = m
	}
	return r
}

// goldens are the new formats' golden files, each rendered from
// formatsSample.
var goldens = map[string]string{
	"ocsf":  "testdata/formats.ocsf.jsonl",
	"asff":  "testdata/formats.asff.json",
	"csv":   "testdata/formats.csv",
	"junit": "testdata/formats.junit.xml",
	"html":  "testdata/formats.html",
}

// render writes r in the named format through its stream, as a scan does.
func render(t *testing.T, name string, r *Report) []byte {
	t.Helper()
	f, err := Lookup(name)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := Render(f.New(&buf, Options{Version: r.Version}), r); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return buf.Bytes()
}

// checkGolden compares got with a golden file, or rewrites it under
// -update.
func checkGolden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("%s changed; if intended, run go test ./internal/report -update\n got:\n%s", path, got)
	}
}

func TestFormatGoldens(t *testing.T) {
	for name, path := range goldens {
		t.Run(name, func(t *testing.T) {
			got := render(t, name, formatsSample())
			parses(t, name, got)
			checkGolden(t, path, got)
		})
	}
}

// parses checks that a machine-read format's output is well formed.
func parses(t *testing.T, name string, out []byte) {
	t.Helper()
	var err error
	switch name {
	case "json", "sarif", "asff":
		var v any
		err = json.Unmarshal(out, &v)
	case "ocsf":
		_, err = ocsfEvents(out)
	case "csv":
		_, err = csv.NewReader(bytes.NewReader(out)).ReadAll()
	case "junit":
		err = wellFormed(out)
	}
	if err != nil {
		t.Fatalf("%s output does not parse: %v\n%s", name, err, out)
	}
}

// ocsfEvents decodes JSON Lines: one event, a JSON object, per line.
func ocsfEvents(out []byte) ([]map[string]any, error) {
	if len(out) == 0 {
		return nil, nil
	}
	var events []map[string]any
	for i, line := range bytes.Split(bytes.TrimSuffix(out, []byte("\n")), []byte("\n")) {
		var e map[string]any
		if err := json.Unmarshal(line, &e); err != nil {
			return nil, fmt.Errorf("line %d: %w", i+1, err)
		}
		events = append(events, e)
	}
	return events, nil
}

// wellFormed reads an XML document to its end.
func wellFormed(out []byte) error {
	dec := xml.NewDecoder(bytes.NewReader(out))
	dec.Strict = true
	for {
		if _, err := dec.Token(); err == io.EOF {
			return nil
		} else if err != nil {
			return err
		}
	}
}

// TestFormatsSurviveEmptyAndZeroValues: every format writes an empty
// report, and findings whose fields (resource, exception, times,
// severity, status) are missing or out of range, without panicking
// and in a form that still parses.
func TestFormatsSurviveEmptyAndZeroValues(t *testing.T) {
	expired := &model.Exception{Expired: true}
	cases := map[string]*Report{
		"empty":   {},
		"no scan": {Findings: []model.Finding{{}}, Resolved: []model.Finding{{}}},
		"no fields": {Scan: &model.Scan{}, Findings: []model.Finding{
			{Resource: &model.Resource{}},
			{Resource: &model.Resource{Provider: "aws", Account: "111111111111"}},
			{Resource: &model.Resource{Provider: "aws", Account: "not-an-id"}},
			{Status: model.StatusExcepted},
			{Status: model.StatusResolved},
			{Status: "bogus", Severity: 99, Exception: expired},
			{Message: "\x00\x1b[31m control \ufffe characters", Title: strings.Repeat("long ", 400),
				Compliance: []model.ComplianceRef{{}}, Evidence: model.Evidence{Value: map[string]any{"k": []any{1}}}},
		}, Frameworks: []FrameworkResult{{}}, Inconclusive: []model.Inconclusive{{}}},
	}
	for name, r := range cases {
		for _, f := range Formats() {
			t.Run(name+"/"+f.Name, func(t *testing.T) {
				parses(t, f.Name, render(t, f.Name, r))
			})
		}
	}
}

// TestCSVRows: a header, then a row per finding and per resolved
// finding, every row as wide as the header; requirements joined,
// exceptions in their columns, formulas defused.
func TestCSVRows(t *testing.T) {
	r := formatsSample()
	rows, err := csv.NewReader(bytes.NewReader(render(t, "csv", r))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(rows[0], csvHeader) || len(rows) != 1+len(r.Findings)+len(r.Resolved) {
		t.Fatalf("header %q and %d rows for %d findings", rows[0], len(rows)-1, len(r.Findings)+len(r.Resolved))
	}
	col := func(row []string, name string) string { return row[slices.Index(csvHeader, name)] }
	byID := map[string][]string{}
	for _, row := range rows[1:] {
		byID[col(row, "id")] = row
	}
	bucket, user, sg := byID[r.Findings[2].Fingerprint], byID[r.Findings[3].Fingerprint], byID[r.Findings[4].Fingerprint]
	if col(bucket, "compliance") != "cis-aws-7.0:2.1.4; cis-aws-5.0:2.1.4" || col(bucket, "first_seen") != "2026-10-02T10:00:00Z" {
		t.Errorf("bucket row %q", bucket)
	}
	if col(user, "status") != "excepted" || col(user, "exception_reason") != `break-glass user <ops> & "on-call"` || col(user, "exception_until") != "2026-12-31" {
		t.Errorf("excepted row %q", user)
	}
	if col(sg, "message") != "'"+r.Findings[4].Message || col(sg, "file") != "infra/main.tf" || col(sg, "line") != "6" {
		t.Errorf("IaC row %q", sg)
	}
	if col(byID[r.Resolved[0].Fingerprint], "status") != "resolved" {
		t.Error("the resolved finding is not marked so")
	}
}

func TestCSVCellDefusesFormulas(t *testing.T) {
	for in, want := range map[string]string{
		"=1+1": "'=1+1", "+1": "'+1", "-1": "'-1", "@SUM(A1)": "'@SUM(A1)", "\tx": "'\tx", "\rx": "'\rx",
		"a=b": "a=b", "": "", "'x": "'x",
	} {
		if got := csvCell(in); got != want {
			t.Errorf("csvCell(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestHTMLSelfContained: the page loads nothing (no script, stylesheet,
// image or font from anywhere), escapes what it shows, and holds every
// section: counts, each open finding with its fix and requirements,
// the excepted and resolved ones, what was not covered or not read.
func TestHTMLSelfContained(t *testing.T) {
	r := formatsSample()
	page := string(render(t, "html", r))
	if !strings.HasPrefix(page, "<!DOCTYPE html>") {
		t.Error("not an HTML5 document")
	}
	for _, banned := range []string{"<script", "<link", " src=", "url(", "@import", "<iframe", "<img"} {
		if strings.Contains(strings.ToLower(page), banned) {
			t.Errorf("the page holds %q: it must not fetch anything", banned)
		}
	}
	for _, want := range []string{
		`<div class="n">1</div><div class="label">critical</div>`,
		"&lt;script&gt;alert(1)&lt;/script&gt;",
		"break-glass user &lt;ops&gt; &amp; &#34;on-call&#34;", "2026-12-31",
		"Turn on the bucket&#39;s public access block.", "<code>cis-aws-7.0:2.1.4</code>",
		`<a href="https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html">`,
		"Resolved since the last scan (1)", "acme-old",
		"k8s.core.secret", "deploy/broken.yaml:3", "cannot parse YAML",
		"infra/main.tf:6",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	for _, f := range r.Findings {
		if f.Status == model.StatusOpen && !strings.Contains(page, f.Fingerprint) {
			t.Errorf("open finding %s is not on the page", f.Fingerprint)
		}
	}
}

// TestSARIFCarriesRisk: a scored finding's SARIF result has its score
// and what it is made of in its properties.
func TestSARIFCarriesRisk(t *testing.T) {
	var doc struct {
		Runs []struct {
			Results []struct {
				RuleID     string         `json:"ruleId"`
				Properties map[string]any `json:"properties"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(render(t, "sarif", formatsSample()), &doc); err != nil {
		t.Fatal(err)
	}
	scored := 0
	for _, r := range doc.Runs[0].Results {
		if r.RuleID != "aws-s3-public-bucket" || r.Properties["risk"] == nil {
			continue
		}
		scored++
		if r.Properties["risk"] != float64(68) || !strings.Contains(r.Properties["riskDetails"].(string), "exposure +25: the bucket is public; ") {
			t.Errorf("properties %v", r.Properties)
		}
	}
	if scored != 1 {
		t.Errorf("%d scored public-bucket results, want 1", scored)
	}
}
