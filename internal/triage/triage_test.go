package triage

import (
	"testing"
	"time"

	"github.com/vigil-cspm/vigil/internal/config"
	"github.com/vigil-cspm/vigil/internal/model"
)

func cfg(t *testing.T, src string) *config.Config {
	t.Helper()
	c, err := config.Parse("vigil.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestApplyOwnerAndDue(t *testing.T) {
	c := cfg(t, `version: 1
owners:
  map:
    - match: {account: "111111111111"}
      owner: platform
    - match: {namespace: shop}
      owner: shop-team
    - match: {path_prefix: infra/billing}
      owner: billing
due_dates: {critical: 3d, high: 14d, low: none}
`)
	first := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	res := func(account, ns, file string, labels map[string]string) *model.Resource {
		p := "k8s"
		if ns == "" && account != "" {
			p = "aws"
		}
		return &model.Resource{ID: "r", Provider: p, Account: account, Namespace: ns, Labels: labels, Source: model.Source{File: file}}
	}
	fs := []model.Finding{
		{Fingerprint: "label", Severity: model.SeverityCritical, Status: model.StatusOpen, FirstSeen: first, Resource: res("111111111111", "shop", "", map[string]string{"team": "data"})},
		{Fingerprint: "account", Severity: model.SeverityHigh, Status: model.StatusOpen, FirstSeen: first, Resource: res("111111111111", "", "", nil)},
		{Fingerprint: "namespace", Severity: model.SeverityCritical, Status: model.StatusExcepted, FirstSeen: first, Resource: res("c", "shop", "", nil)},
		{Fingerprint: "path", Severity: model.SeverityLow, Status: model.StatusOpen, FirstSeen: first, Resource: res("", "", "infra/billing/main.tf", nil)},
		{Fingerprint: "resolved", Severity: model.SeverityCritical, Status: model.StatusResolved, FirstSeen: first, Resource: res("x", "", "", nil)},
	}
	want := map[string]struct {
		owner, from string
		due         time.Duration // 0: none
	}{
		"label":     {"data", "label team", 3 * config.Day},
		"account":   {"platform", "vigil.yaml owners.map[0]", 14 * config.Day},
		"namespace": {"shop-team", "vigil.yaml owners.map[1]", 3 * config.Day},
		"path":      {"billing", "vigil.yaml owners.map[2]", 0},
		"resolved":  {"", "", 3 * config.Day},
	}
	// Four days on: the open critical is overdue, the high is not, the
	// excepted and resolved criticals are not, the low has no due date.
	Apply(fs, c, first.Add(4*config.Day))
	overdue := map[string]bool{"label": true}
	for _, f := range fs {
		w, tr := want[f.Fingerprint], f.Triage
		if tr.Owner != w.owner || tr.OwnerFrom != w.from {
			t.Errorf("%s: owner %q from %q, want %q from %q", f.Fingerprint, tr.Owner, tr.OwnerFrom, w.owner, w.from)
		}
		switch {
		case w.due == 0 && tr.Due != nil:
			t.Errorf("%s: due %v, want none", f.Fingerprint, tr.Due)
		case w.due != 0 && (tr.Due == nil || !tr.Due.Equal(first.Add(w.due))):
			t.Errorf("%s: due %v, want %v", f.Fingerprint, tr.Due, first.Add(w.due))
		}
		if tr.Overdue != overdue[f.Fingerprint] {
			t.Errorf("%s: overdue %v", f.Fingerprint, tr.Overdue)
		}
	}
	// The clock turned back: nothing is overdue (judged again, not kept).
	Apply(fs, c, first.Add(2*config.Day))
	for _, f := range fs {
		if f.Triage.Overdue {
			t.Errorf("%s overdue before its due date", f.Fingerprint)
		}
	}
}

func live(fp, rule, typ, account, ns, name string, labels map[string]string) model.Finding {
	return model.Finding{Fingerprint: fp, RuleID: rule, Status: model.StatusOpen, Resource: &model.Resource{
		ID: "live:" + account + "/" + ns + "/" + name, Type: typ, Provider: provider(typ), Account: account, Namespace: ns, Name: name, Labels: labels,
		Source: model.Source{Kind: model.SourceLive}}}
}

func iac(fp, rule, typ, id, ns, name, file, address string) model.Finding {
	return model.Finding{Fingerprint: fp, RuleID: rule, Status: model.StatusOpen, Resource: &model.Resource{
		ID: id, Type: typ, Provider: provider(typ), Namespace: ns, Name: name,
		Source: model.Source{Kind: model.SourceIaC, File: file, Line: 7, Address: address}}}
}

func provider(typ string) string {
	if typ[:3] == "k8s" {
		return "k8s"
	}
	return "aws"
}

func TestLink(t *testing.T) {
	c := config.Default()
	const bucket, deploy = "aws.s3.bucket", "k8s.apps.deployment"
	fs := []model.Finding{
		// By name: one live bucket, one declared.
		live("L1", "public", bucket, "1", "", "acme-site", nil),
		iac("I1", "public", bucket, "iac:a.tf#aws_s3_bucket.site", "", "acme-site", "a.tf", "aws_s3_bucket.site"),
		iac("I1b", "versioning", bucket, "iac:a.tf#aws_s3_bucket.site", "", "acme-site", "a.tf", "aws_s3_bucket.site"),
		// By tag, although the names differ.
		live("L2", "public", bucket, "1", "", "logs-123", map[string]string{"terraform:address": "infra/b.tf#aws_s3_bucket.logs"}),
		iac("I2", "public", bucket, "iac:/repo/infra/b.tf#aws_s3_bucket.logs", "", "logs-${var.x}", "/repo/infra/b.tf", "aws_s3_bucket.logs"),
		// The same security group name in two accounts: neither links.
		live("L3", "open", "aws.ec2.security_group", "1", "", "web-sg", nil),
		live("L4", "open", "aws.ec2.security_group", "2", "", "web-sg", nil),
		iac("I3", "open", "aws.ec2.security_group", "iac:c.tf#aws_security_group.web", "", "web-sg", "c.tf", "aws_security_group.web"),
		// A Terraform name unknown before apply is the block label: not
		// a name to match.
		live("L5", "open", "aws.ec2.security_group", "1", "", "db", nil),
		iac("I5", "open", "aws.ec2.security_group", "iac:d.tf#aws_security_group.db", "", "db", "d.tf", "aws_security_group.db"),
		// Kubernetes: the namespace must agree; a manifest without one
		// is taken as default.
		live("K1", "priv", deploy, "prod", "shop", "api", nil),
		iac("M1", "priv", deploy, "k8s://manifests/shop/apps/Deployment/api", "shop", "api", "shop.yaml", ""),
		iac("M2", "priv", deploy, "k8s://manifests/other/apps/Deployment/api", "other", "api", "other.yaml", ""),
		live("K2", "priv", deploy, "prod", "default", "web", nil),
		iac("M3", "priv", deploy, "k8s://manifests/-/apps/Deployment/web", "", "web", "web.yaml", ""),
	}
	Link(fs, fs, c)
	by := map[string]*model.Triage{}
	for _, f := range fs {
		by[f.Fingerprint] = f.Triage
	}
	decl := func(fp, resource, how string) {
		t.Helper()
		tr := by[fp]
		if tr == nil || tr.DeclaredIn == nil || tr.DeclaredIn.ResourceID != resource || tr.DeclaredIn.By != how {
			t.Errorf("%s declared in %+v, want %s by %s", fp, tr, resource, how)
		}
	}
	dup := func(fp, of string) {
		t.Helper()
		if tr := by[fp]; of == "" && tr != nil && tr.DuplicateOf != "" || of != "" && (tr == nil || tr.DuplicateOf != of) {
			t.Errorf("%s duplicate of %+v, want %q", fp, tr, of)
		}
	}
	decl("L1", "iac:a.tf#aws_s3_bucket.site", "name")
	dup("I1", "L1")
	dup("I1b", "") // another rule: a problem of its own
	if got := by["L1"].Duplicates; len(got) != 1 || got[0] != "I1" {
		t.Errorf("L1 duplicates = %v", got)
	}
	decl("L2", "iac:/repo/infra/b.tf#aws_s3_bucket.logs", "tag terraform:address")
	dup("I2", "L2")
	for _, fp := range []string{"L3", "L4", "I3", "M2", "L5", "I5"} {
		if tr := by[fp]; tr != nil {
			t.Errorf("%s linked: %+v", fp, tr)
		}
	}
	decl("K1", "k8s://manifests/shop/apps/Deployment/api", "name")
	dup("M1", "K1")
	decl("K2", "k8s://manifests/-/apps/Deployment/web", "name")
	dup("M3", "K2")

	// With by_name off only tags link; a resolved live finding is not
	// canonical (its IaC twin is a problem of its own).
	off := cfg(t, "version: 1\nlinks: {by_name: false}\n")
	for i := range fs {
		fs[i].Triage = nil
	}
	Link(fs, fs, off)
	if fs[0].Triage != nil || fs[1].Triage != nil {
		t.Errorf("by_name false still linked by name: %+v %+v", fs[0].Triage, fs[1].Triage)
	}
	if fs[3].Triage == nil || fs[4].Triage == nil || fs[4].Triage.DuplicateOf != "L2" {
		t.Errorf("tag link lost: %+v", fs[4].Triage)
	}
	fs[0].Status = model.StatusResolved
	Link(fs, fs, c)
	if fs[0].Triage == nil || fs[0].Triage.DeclaredIn == nil || fs[1].Triage != nil {
		t.Errorf("resolved live finding: %+v; its IaC twin %+v", fs[0].Triage, fs[1].Triage)
	}
}
