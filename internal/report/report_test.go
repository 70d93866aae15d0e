package report

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/vigil-cspm/vigil/internal/model"
)

func sample() *Report {
	t0 := time.Date(2026, 11, 1, 10, 0, 0, 0, time.UTC)
	manifest := &model.Resource{ID: "k8s://manifests/shop/apps/Deployment/web", Type: "k8s.apps.deployment", Provider: "k8s", Namespace: "shop", Name: "web", Kind: "Deployment",
		Source: model.Source{Kind: model.SourceIaC, File: "deploy/web app.yaml", Line: 12}}
	live := &model.Resource{ID: "k8s://prod/_/rbac.authorization.k8s.io/ClusterRoleBinding/ops", Type: "k8s.rbac.cluster_role_binding", Provider: "k8s", Account: "prod", Name: "ops", Kind: "ClusterRoleBinding",
		Source: model.Source{Kind: model.SourceLive}}
	priv := &model.RuleMeta{ID: "k8s-privileged-container", Title: "Containers must not run privileged", Severity: model.SeverityCritical, Description: "Privileged containers own the node.",
		Remediation: "Set privileged: false.", References: []string{"https://kubernetes.io/docs/concepts/security/pod-security-standards/"},
		Compliance: []model.ComplianceRef{{Framework: "cis-kubernetes-1.12", Control: "5.2.2"}}}
	admin := &model.RuleMeta{ID: "k8s-cluster-admin-binding", Title: "cluster-admin only where required", Severity: model.SeverityHigh, Description: "d", Remediation: "r"}
	return &Report{
		Scan: &model.Scan{ID: "s1", StartedAt: t0, FinishedAt: t0.Add(time.Second), Source: "iac", Status: model.ScanPartial,
			Coverage: []model.Coverage{{Scope: "file:deploy/web app.yaml", Status: model.CoverageComplete}, {Scope: "k8s.core.secret", Status: model.CoverageDenied, Reason: "forbidden"}},
			Errors:   []model.InputError{{File: "deploy/broken.yaml", Line: 3, Message: "cannot parse YAML"}}},
		Resources: 2,
		Findings: []model.Finding{
			{Fingerprint: model.Fingerprint(priv.ID, manifest.ID), RuleID: priv.ID, Title: priv.Title, Severity: priv.Severity, Status: model.StatusOpen,
				Message: `container "app" runs privileged`, Evidence: model.Evidence{Path: "pod_spec.containers[0].security_context.privileged", Value: true},
				Remediation: priv.Remediation, Compliance: priv.Compliance, Resource: manifest, FirstSeen: t0, LastSeen: t0},
			{Fingerprint: model.Fingerprint(admin.ID, live.ID), RuleID: admin.ID, Title: admin.Title, Severity: admin.Severity, Status: model.StatusOpen,
				Message: "binds cluster-admin", Remediation: "r", Resource: live, FirstSeen: t0, LastSeen: t0},
		},
		Rules:   map[string]*model.RuleMeta{priv.ID: priv, admin.ID: admin},
		Version: "test",
	}
}

func TestSARIFValidAgainstOfficialSchema(t *testing.T) {
	c := jsonschema.NewCompiler()
	sch, err := c.Compile("testdata/sarif-schema-2.1.0.json")
	if err != nil {
		t.Fatalf("compile SARIF schema: %v", err)
	}
	// A module resource (related location, linked from the message) and
	// an excepted finding (suppression) must validate too.
	cloud := sample()
	mod := &model.Resource{ID: "iac:infra#module.b.aws_s3_bucket.this", Type: "aws.s3.bucket", Provider: "aws", Name: "logs", Kind: "AWS::S3::Bucket",
		Source: model.Source{Kind: model.SourceIaC, File: "infra/main.tf", Line: 7, Address: "module.b.aws_s3_bucket.this",
			DefinedIn: &model.Location{File: "infra/modules/b/main.tf", Line: 3}, Lines: map[string]int{"versioning": 9}}}
	cloud.Findings = append(cloud.Findings,
		model.Finding{Fingerprint: "f-mod", RuleID: cloud.Findings[0].RuleID, Severity: model.SeverityLow, Status: model.StatusOpen, Message: "m", Resource: mod, Evidence: model.Evidence{Path: "versioning"}},
		model.Finding{Fingerprint: "f-exc", RuleID: cloud.Findings[0].RuleID, Severity: model.SeverityLow, Status: model.StatusExcepted, Message: "m [x]", Resource: mod,
			Evidence:  model.Evidence{Path: "versioning", File: "infra/modules/b/main.tf", Line: 9},
			Exception: &model.Exception{Source: "inline", Reason: "accepted", File: "infra/modules/b/main.tf", Line: 2}})
	for _, r := range []*Report{sample(), cloud, {Scan: &model.Scan{ID: "empty", Source: "k8s", Status: model.ScanComplete}}} {
		var buf bytes.Buffer
		if err := SARIF(&buf, r, Options{}); err != nil {
			t.Fatal(err)
		}
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(buf.Bytes()))
		if err != nil {
			t.Fatal(err)
		}
		if err := sch.Validate(doc); err != nil {
			t.Fatalf("SARIF output is not valid 2.1.0:\n%v\n%s", err, buf.String())
		}
	}
}

func TestSARIFContent(t *testing.T) {
	var buf bytes.Buffer
	if err := SARIF(&buf, sample(), Options{}); err != nil {
		t.Fatal(err)
	}
	var log struct {
		Runs []struct {
			Tool struct {
				Driver struct {
					Rules []struct {
						ID   string
						Help struct{ Text string }
					}
				}
			}
			Results []struct {
				RuleID              string
				Level               string
				PartialFingerprints map[string]string
				Locations           []struct {
					PhysicalLocation *struct {
						ArtifactLocation struct{ URI string }
						Region           struct{ StartLine int }
					}
					LogicalLocations []struct{ FullyQualifiedName string }
				}
			}
		}
	}
	if err := json.Unmarshal(buf.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	run := log.Runs[0]
	// Rules are indexed in the order results first name them.
	if len(run.Tool.Driver.Rules) != 2 || run.Tool.Driver.Rules[0].ID != "k8s-privileged-container" || !strings.Contains(run.Tool.Driver.Rules[0].Help.Text, "Set privileged: false.") {
		t.Fatalf("rules lack help text: %+v", run.Tool.Driver.Rules)
	}
	r0 := run.Results[0]
	if r0.Level != "error" || r0.PartialFingerprints["vigilFindingId/v1"] == "" {
		t.Fatalf("result 0: %+v", r0)
	}
	pl := r0.Locations[0].PhysicalLocation
	if pl == nil || pl.ArtifactLocation.URI != "deploy/web%20app.yaml" || pl.Region.StartLine != 12 {
		t.Fatalf("manifest finding location = %+v", pl)
	}
	if ll := run.Results[1].Locations[0].LogicalLocations; len(ll) != 1 || !strings.HasPrefix(ll[0].FullyQualifiedName, "k8s://prod/") {
		t.Fatalf("live finding location = %+v", run.Results[1].Locations)
	}
}

// TestJSONContract pins the JSON contract: field names and shapes that
// other tools read. A change here is a contract change (bump
// SchemaVersion for incompatible ones).
func TestJSONContract(t *testing.T) {
	var buf bytes.Buffer
	if err := JSON(&buf, sample(), Options{}); err != nil {
		t.Fatal(err)
	}
	got := buf.String()
	dec := json.NewDecoder(strings.NewReader(got))
	dec.DisallowUnknownFields()
	var doc jsonDoc
	if err := dec.Decode(&doc); err != nil || len(doc.Findings) != 2 || doc.Summary.Findings != 2 {
		t.Fatalf("the streamed document is not the contract's shape: %v", err)
	}
	checkGolden(t, "testdata/contract.json", buf.Bytes())
}

func TestTable(t *testing.T) {
	var buf bytes.Buffer
	if err := Table(&buf, sample(), Options{}); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{
		"CRITICAL (1)", "Deployment shop/web  deploy/web app.yaml:12", "k8s-privileged-container", "fix: Set privileged: false.",
		"HIGH (1)", "NOT COVERED (1)", "k8s.core.secret: denied forbidden", "INPUT ERRORS (1)", "deploy/broken.yaml:3: cannot parse YAML",
		"2 resources, 2 findings (1 critical, 1 high); scan partial",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("table lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "\x1b[") {
		t.Error("table without colour holds escape codes")
	}
	one := sample()
	one.Resources, one.Findings = 1, one.Findings[:1]
	one.Inconclusive = one.Inconclusive[:0]
	one.Inconclusive = append(one.Inconclusive, model.Inconclusive{})
	buf.Reset()
	if err := Table(&buf, one, Options{}); err != nil {
		t.Fatal(err)
	}
	if want := "1 resource, 1 finding (1 critical), 1 check inconclusive"; !strings.Contains(buf.String(), want) {
		t.Errorf("table of one of each lacks %q:\n%s", want, buf.String())
	}
	buf.Reset()
	_ = Table(&buf, sample(), Options{Color: true})
	if !strings.Contains(buf.String(), "\x1b[") {
		t.Error("table with colour holds no escape codes")
	}
}

func TestMarkdown(t *testing.T) {
	r := sample()
	var buf bytes.Buffer
	if err := Markdown(&buf, r, Options{}); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{"### Vigil:", "| critical | high | medium | low | info |", "`" + r.Findings[0].RuleID + "`"} {
		if !strings.Contains(out, want) {
			t.Errorf("markdown lacks %q:\n%s", want, out)
		}
	}
	if strings.Count(out, "\n| ") < 1+len(r.Findings) {
		t.Errorf("every finding should be a table row:\n%s", out)
	}
}

// TestEvidenceInAnotherFile: an attribute set in another file than its
// resource's (a Terraform override file) is located in that file by
// every writer.
func TestEvidenceInAnotherFile(t *testing.T) {
	r := sample()
	sg := &model.Resource{ID: "iac:infra#aws_security_group.admin", Type: "aws.ec2.security_group", Provider: "aws", Name: "admin", Kind: "AWS::EC2::SecurityGroup",
		Source: model.Source{Kind: model.SourceIaC, File: "infra/main.tf", Line: 1, Address: "aws_security_group.admin",
			Lines: map[string]int{"ip_permissions": 2}, Files: map[string]string{"ip_permissions": "infra/main_override.tf"}}}
	r.Findings = []model.Finding{{Fingerprint: "f-sg", RuleID: r.Findings[0].RuleID, Severity: model.SeverityHigh, Status: model.StatusOpen, Message: "m", Resource: sg,
		Evidence: model.Evidence{Path: "ip_permissions[0]", File: "infra/main_override.tf", Line: 2}}}
	var buf bytes.Buffer
	if err := SARIF(&buf, r, Options{}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), `"uri": "infra/main_override.tf"`) || !strings.Contains(buf.String(), `"startLine": 2`) {
		t.Errorf("SARIF location:\n%s", buf.String())
	}
	for name, write := range map[string]func(*bytes.Buffer) error{
		"table":    func(b *bytes.Buffer) error { return Table(b, r, Options{}) },
		"markdown": func(b *bytes.Buffer) error { return Markdown(b, r, Options{}) },
		"json":     func(b *bytes.Buffer) error { return JSON(b, r, Options{}) },
	} {
		buf.Reset()
		if err := write(&buf); err != nil {
			t.Fatal(err)
		}
		want := "infra/main_override.tf:2"
		if name == "json" {
			want = `"file": "infra/main_override.tf",`
		}
		if !strings.Contains(buf.String(), want) {
			t.Errorf("%s lacks %q:\n%s", name, want, buf.String())
		}
	}
}

// failingWriter accepts limit bytes, then fails every write.
type failingWriter struct{ limit int }

var errClosed = errors.New("output closed")

func (w *failingWriter) Write(p []byte) (int, error) {
	if len(p) > w.limit {
		n := w.limit
		w.limit = 0
		return n, errClosed
	}
	w.limit -= len(p)
	return len(p), nil
}

// TestStreamStopsOnWriteError: a stream whose output fails (a closed
// pipe) says so while findings are still coming, not only at End, so
// the streaming formats write batch by batch rather than keep them.
func TestStreamStopsOnWriteError(t *testing.T) {
	r := formatsSample()
	var many []model.Finding
	for range 2000 {
		many = append(many, r.Findings...)
	}
	for _, name := range []string{"json", "sarif", "ocsf", "asff", "csv"} {
		f, err := Lookup(name)
		if err != nil {
			t.Fatal(err)
		}
		s := f.New(&failingWriter{limit: 1000}, Options{})
		err = s.Findings(many)
		if !errors.Is(err, errClosed) {
			t.Errorf("%s: Findings over a closed output returned %v, want the write error", name, err)
		}
	}
}
