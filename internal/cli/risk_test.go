package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// riskDoc is the part of the JSON document risk tests read.
type riskDoc struct {
	Findings []riskFinding `json:"findings"`
}

type riskFinding struct {
	ID       string `json:"id"`
	RuleID   string `json:"rule_id"`
	Severity string `json:"severity"`
	Status   string `json:"status"`
	Resource struct {
		ID, Name string
	} `json:"resource"`
	Risk *struct {
		Score   int
		Path    []string
		Factors []struct {
			Name   string
			Points int
			Detail string
		}
	} `json:"risk"`
	Members []string `json:"members"`
}

func parseRisk(t *testing.T, s string) riskDoc {
	t.Helper()
	var d riskDoc
	if err := json.Unmarshal([]byte(s), &d); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, s)
	}
	return d
}

func (d riskDoc) find(rule, name string) *riskFinding {
	for i, f := range d.Findings {
		if f.RuleID == rule && f.Resource.Name == name {
			return &d.Findings[i]
		}
	}
	return nil
}

func (f *riskFinding) factor(name string) string {
	for _, x := range f.Risk.Factors {
		if x.Name == name {
			return x.Detail
		}
	}
	return ""
}

// toxicScenario is the misconfigured account with web-1 — public, SSH
// open to the internet, IMDSv1 — given the break-glass administrator
// role as its instance profile.
func toxicScenario(t *testing.T) string {
	t.Helper()
	root := t.TempDir()
	dst := filepath.Join(root, "toxic")
	if err := os.CopyFS(dst, os.DirFS(filepath.Join(examples(t), "aws", "misconfigured"))); err != nil {
		t.Fatal(err)
	}
	edit := func(file, old, new string) {
		p := filepath.Join(dst, file)
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		s := string(b)
		i := strings.Index(s, old)
		if i < 0 {
			t.Fatalf("%s lacks %q: the scenario changed", file, old)
		}
		if err := os.WriteFile(p, []byte(s[:i]+new+s[i+len(old):]), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	const profile = "arn:aws:iam::111111111111:instance-profile/web"
	edit("ec2.yaml", "            groupSet:\n              - {groupId: sg-0ssh000000000001, groupName: ssh-open}",
		"            iamInstanceProfile: {arn: \""+profile+"\", id: AIPAWEB0000000000001}\n            groupSet:\n              - {groupId: sg-0ssh000000000001, groupName: ssh-open}")
	b, _ := os.ReadFile(filepath.Join(dst, "iam.yaml"))
	at := strings.Index(string(b), "RoleName: break-glass")
	if at < 0 {
		t.Fatal("iam.yaml lacks break-glass")
	}
	rest := string(b[at:])
	rest = strings.Replace(rest, "InstanceProfileList: []", "InstanceProfileList:\n      - {InstanceProfileName: web, Arn: \""+profile+"\"}", 1)
	if err := os.WriteFile(filepath.Join(dst, "iam.yaml"), []byte(string(b[:at])+rest), 0o644); err != nil {
		t.Fatal(err)
	}
	return root
}

// TestToxicCombinationAWS: on recorded AWS responses, an instance the
// internet reaches (public IP, a security group and network ACL that
// admit SSH), answering IMDSv1, running as an administrator role is one
// attack path: a combination finding ranked above its members, stored
// with its path and members, excepted like any finding, and resolved
// when the path is broken.
func TestToxicCombinationAWS(t *testing.T) {
	db := filepath.Join(t.TempDir(), "vigil.db")
	replayDir(t, toxicScenario(t), "toxic")
	r := run(t, "", "scan", "aws", "--store", db, "--format", "json")
	if r.code != ExitOK && r.code != ExitGate {
		t.Fatalf("exit %d\n%s", r.code, r.stderr)
	}
	d := parseRisk(t, r.stdout)
	imds, sg, role := d.find("aws-ec2-imdsv2", "web-1"), d.find("aws-ec2-sg-admin-ports-ipv4", "ssh-open"), d.find("aws-iam-inline-full-admin", "break-glass")
	combo := d.find("aws-toxic-exposed-instance-imdsv1-admin", "web-1")
	if imds == nil || sg == nil || role == nil || combo == nil {
		t.Fatalf("findings: imds %v sg %v role %v combination %v\n%s", imds != nil, sg != nil, role != nil, combo != nil, r.stderr)
	}
	for _, f := range []*riskFinding{imds, sg, role, combo} {
		if f.Risk == nil {
			t.Fatalf("%s on %s has no risk", f.RuleID, f.Resource.Name)
		}
	}
	if x := imds.factor("exposure"); !strings.Contains(x, "54.210.10.10") || !strings.Contains(x, "port 22") {
		t.Errorf("imds exposure: %q", x)
	}
	// The instance's findings wait for its role, wherever the account's
	// IAM scope comes: the output has the privilege too.
	if x := imds.factor("privilege"); !strings.Contains(x, "break-glass") || !strings.Contains(x, "administrator") {
		t.Errorf("imds privilege in the output: %q", x)
	}
	want := []string{imds.ID, sg.ID, role.ID}
	slices.Sort(want)
	if !slices.Equal(combo.Members, want) {
		t.Errorf("members %v, want %v", combo.Members, want)
	}
	for _, m := range []*riskFinding{imds, sg, role} {
		if combo.Risk.Score <= m.Risk.Score {
			t.Errorf("combination scores %d, not above %s's %d", combo.Risk.Score, m.RuleID, m.Risk.Score)
		}
	}
	if p := combo.Risk.Path; len(p) < 4 || p[0] != "internet" || !strings.HasSuffix(p[len(p)-1], "role/break-glass") || combo.Severity != "critical" {
		t.Errorf("combination %s path %v", combo.Severity, p)
	}

	// Stored like any finding, with its path and members.
	stored := parseRisk(t, run(t, "", "findings", "list", "--store", db, "--format", "json").stdout)
	if s := stored.find("aws-toxic-exposed-instance-imdsv1-admin", "web-1"); s == nil || s.Risk == nil || s.Risk.Score != combo.Risk.Score || !slices.Equal(s.Members, want) || s.ID != combo.ID {
		t.Fatalf("stored combination %+v", s)
	}
	s := stored.find("aws-ec2-imdsv2", "web-1")
	if s == nil || s.Risk == nil || s.Risk.Score != imds.Risk.Score {
		t.Fatalf("stored member %+v", s)
	}
	if x := s.factor("privilege"); !strings.Contains(x, "break-glass") || !strings.Contains(x, "administrator") {
		t.Errorf("stored imds privilege: %q", x)
	}

	// Excepted like any finding.
	today := time.Now().UTC()
	ex := filepath.Join(t.TempDir(), "ex.yaml")
	body := "version: 1\nexceptions:\n  - id: web-path\n    rule: aws-toxic-*\n    resource: {id: \"*instance/i-0web00000000000001\"}\n    reason: isolated by the edge firewall (SEC-9)\n    owner: team-web\n    approved_by: alice\n    created: " +
		today.Format("2006-01-02") + "\n    expires: " + today.AddDate(0, 0, 10).Format("2006-01-02") + "\n"
	if err := os.WriteFile(ex, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	if r := run(t, "", "exceptions", "sync", ex, "--store", db); r.code != ExitOK {
		t.Fatalf("sync: exit %d %s", r.code, r.stderr)
	}
	excepted := parseRisk(t, run(t, "", "findings", "list", "--store", db, "--format", "json", "--status", "excepted").stdout)
	if len(excepted.Findings) != 1 || excepted.Findings[0].RuleID != combo.RuleID {
		t.Fatalf("excepted: %+v", excepted.Findings)
	}

	// The instance loses its role: the path is broken, the combination
	// resolves, its members stay open.
	replayDir(t, fixedScenario(t, "norole", ""), "norole")
	if r := run(t, "", "scan", "aws", "--store", db, "--format", "json"); r.code != ExitOK && r.code != ExitGate {
		t.Fatalf("rescan: exit %d %s", r.code, r.stderr)
	}
	after := parseRisk(t, run(t, "", "findings", "list", "--store", db, "--format", "json").stdout)
	if s := after.find(combo.RuleID, "web-1"); s == nil || s.Status != "resolved" {
		t.Fatalf("after the fix the combination is %+v", s)
	}
	if s := after.find("aws-ec2-imdsv2", "web-1"); s == nil || s.Status != "open" || strings.Contains(s.factor("privilege"), "break-glass") {
		t.Fatalf("after the fix the member is %+v", s)
	}
}
