package awsadapt

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"maps"
	"math/big"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/vigil-cspm/vigil/internal/iac/cloudres"
)

func cfnI(typ, id string, line int, props map[string]any) cloudres.Instance {
	return cloudres.Instance{Source: cloudres.CloudFormation, Type: typ, Address: id, Name: id, File: "stack.yaml", Line: line, Values: props}
}

// fired reports whether rule fired on the resource named name.
func fired(got map[string][]string, rule, name string) bool { return slices.Contains(got[rule], name) }

func unreadOf(t *testing.T, res Result, name string) []any {
	t.Helper()
	u, _ := find(t, res, name).Attributes["unread"].([]any)
	return u
}

const (
	adminDoc = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`
	passDoc  = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:PassRole","Resource":"*"}]}`
	readDoc  = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]}`
)

func TestTerraformIAM(t *testing.T) {
	ref := func(addr, attr string) cloudres.Ref { return cloudres.Ref{Address: addr, Attr: attr} }
	insts := []cloudres.Instance{
		tf("aws_iam_user", "aws_iam_user.alice", 1, map[string]any{"name": "alice"}),
		tf("aws_iam_user", "aws_iam_user.bob", 5, map[string]any{"name": "bob"}),
		tf("aws_iam_access_key", "aws_iam_access_key.a1", 10, map[string]any{"user": ref("aws_iam_user.alice", "name")}),
		tf("aws_iam_access_key", "aws_iam_access_key.a2", 11, map[string]any{"user": "alice", "status": "Active"}),
		tf("aws_iam_access_key", "aws_iam_access_key.b1", 12, map[string]any{"user": "bob"}),
		tf("aws_iam_access_key", "aws_iam_access_key.b2", 13, map[string]any{"user": "bob", "status": "Inactive"}),
		tf("aws_iam_user_policy", "aws_iam_user_policy.alice", 20, map[string]any{"user": ref("aws_iam_user.alice", "name"), "name": "deploy", "policy": passDoc}),
		tf("aws_iam_policy", "aws_iam_policy.admin", 30, map[string]any{"name": "admin", "policy": adminDoc}),
		tf("aws_iam_policy", "aws_iam_policy.unused", 31, map[string]any{"name": "unused-admin", "policy": adminDoc}),
		tf("aws_iam_policy", "aws_iam_policy.pass", 32, map[string]any{"name": "passer", "policy": passDoc}),
		tf("aws_iam_group", "aws_iam_group.ops", 40, map[string]any{"name": "ops"}),
		tf("aws_iam_group_policy_attachment", "aws_iam_group_policy_attachment.ops", 41, map[string]any{
			"group": ref("aws_iam_group.ops", "name"), "policy_arn": ref("aws_iam_policy.admin", "arn")}),
		tf("aws_iam_policy_attachment", "aws_iam_policy_attachment.pass", 42, map[string]any{
			"name": "pass", "users": []any{ref("aws_iam_user.bob", "name")}, "roles": []any{}, "policy_arn": ref("aws_iam_policy.pass", "arn")}),
		tf("aws_iam_user_group_membership", "aws_iam_user_group_membership.bob", 43, map[string]any{
			"user": ref("aws_iam_user.bob", "name"), "groups": []any{ref("aws_iam_group.ops", "name")}}),
		tf("aws_iam_role", "aws_iam_role.open", 50, map[string]any{"name": "open",
			"assume_role_policy": `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:AssumeRole"}]}`}),
		tf("aws_iam_role", "aws_iam_role.lambda", 55, map[string]any{"name": "lambda",
			"assume_role_policy": `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}`,
			"inline_policy":      []any{map[string]any{"name": "read", "policy": readDoc}}}),
		tf("aws_iam_role", "aws_iam_role.partner", 60, map[string]any{"name": "partner",
			"assume_role_policy": `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"sts:AssumeRole"}]}`}),
		tf("aws_iam_role", "aws_iam_role.later", 65, map[string]any{"name": "later", "assume_role_policy": cloudres.Unknown{}}),
		tf("aws_iam_role_policy", "aws_iam_role_policy.lambda", 70, map[string]any{"role": "lambda", "name": "pass", "policy": passDoc}),
		tf("aws_iam_account_password_policy", "aws_iam_account_password_policy.this", 80, map[string]any{"minimum_password_length": int64(10)}),
	}
	res, got := evaluate(t, insts)

	if a := find(t, res, "alice").Attributes; a["active_access_keys"] != int64(2) || a["direct_policies"] != int64(1) || a["wildcard_pass_role"] != true {
		t.Errorf("alice: %v", a)
	}
	if !fired(got, "aws-iam-multiple-access-keys", "alice") || fired(got, "aws-iam-multiple-access-keys", "bob") {
		t.Errorf("multiple access keys: %v", got["aws-iam-multiple-access-keys"])
	}
	if !fired(got, "aws-iam-wildcard-pass-role", "alice") || !fired(got, "aws-iam-wildcard-pass-role", "lambda") {
		t.Errorf("wildcard PassRole inline (user policy, role policy): %v", got["aws-iam-wildcard-pass-role"])
	}
	if !fired(got, "aws-iam-wildcard-pass-role", "passer") {
		t.Errorf("managed PassRole policy attached through aws_iam_policy_attachment: %v", got["aws-iam-wildcard-pass-role"])
	}
	for _, n := range []string{"alice", "bob"} {
		if !fired(got, "aws-iam-user-direct-policies", n) {
			t.Errorf("%s has a direct policy: %v", n, got["aws-iam-user-direct-policies"])
		}
	}
	bob := find(t, res, "bob").Attributes
	if gl, _ := bob["group_list"].([]any); !slices.Equal(gl, []any{"ops"}) {
		t.Errorf("bob's groups from aws_iam_user_group_membership: %v", bob["group_list"])
	}
	ops := find(t, res, "ops").Attributes
	if u, _ := ops["users"].([]any); !slices.Equal(u, []any{"bob"}) {
		t.Errorf("ops members: %v", ops["users"])
	}
	if ap, _ := ops["attached_managed_policies"].([]any); len(ap) != 1 || ap[0].(map[string]any)["policy_name"] != "admin" {
		t.Errorf("ops attachments: %v", ops["attached_managed_policies"])
	}
	if !fired(got, "aws-iam-full-admin-policy", "admin") || fired(got, "aws-iam-full-admin-policy", "unused-admin") {
		t.Errorf("full admin (attached / not attached): %v", got["aws-iam-full-admin-policy"])
	}
	if !fired(got, "aws-iam-role-trusts-any-principal", "open") || fired(got, "aws-iam-role-trusts-any-principal", "lambda") {
		t.Errorf("trust any principal: %v", got["aws-iam-role-trusts-any-principal"])
	}
	// The deploying account is unknown: 111122223333 may be it.
	if fired(got, "aws-iam-role-cross-account-external-id", "partner") || !slices.Contains(unreadOf(t, res, "partner"), any("trust")) {
		t.Errorf("cross-account trust must be inconclusive: %v %v", got["aws-iam-role-cross-account-external-id"], unreadOf(t, res, "partner"))
	}
	if !slices.Contains(unreadOf(t, res, "later"), any("trust")) {
		t.Errorf("unknown trust policy: %v", unreadOf(t, res, "later"))
	}
	// Credentials exist only once deployed: the credential rules stay silent.
	for _, r := range []string{"aws-iam-user-console-mfa", "aws-iam-access-key-rotation", "aws-iam-unused-credentials"} {
		if len(got[r]) > 0 {
			t.Errorf("%s fired before deployment: %v", r, got[r])
		}
	}
	// The password policy is known; the rest of the account is not.
	if !fired(got, "aws-iam-password-min-length", "account") || !fired(got, "aws-iam-password-reuse-prevention", "account") {
		t.Errorf("password policy rules: %v", got)
	}
	for _, r := range []string{"aws-iam-root-mfa", "aws-iam-root-hardware-mfa", "aws-iam-root-access-keys", "aws-iam-support-role",
		"aws-iam-no-federation", "aws-iam-cloudshell-full-access", "aws-iam-root-recent-use"} {
		if len(got[r]) > 0 {
			t.Errorf("%s fired on account facts a template cannot know: %v", r, got[r])
		}
	}
	if find(t, res, "alice").Source.Lines["user_policy_list"] != 20 {
		t.Errorf("inline policy line: %v", find(t, res, "alice").Source.Lines)
	}
}

func TestCloudFormationIAM(t *testing.T) {
	insts := []cloudres.Instance{
		cfnI("AWS::IAM::User", "Carol", 1, map[string]any{"UserName": "carol", "Groups": []any{cloudres.Ref{Address: "Admins"}},
			"Policies": []any{map[string]any{"PolicyName": "p", "PolicyDocument": map[string]any{"Statement": []any{
				map[string]any{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*"}}}}}}),
		cfnI("AWS::IAM::User", "Dave", 5, map[string]any{}),
		cfnI("AWS::IAM::AccessKey", "K1", 8, map[string]any{"UserName": cloudres.Ref{Address: "Dave"}}),
		cfnI("AWS::IAM::AccessKey", "K2", 9, map[string]any{"UserName": cloudres.Ref{Address: "Dave"}, "Status": "Active"}),
		cfnI("AWS::IAM::AccessKey", "K3", 10, map[string]any{"UserName": cloudres.Ref{Address: "Dave"}, "Status": cloudres.Unknown{}}),
		cfnI("AWS::IAM::Group", "Admins", 12, map[string]any{"GroupName": "admins"}),
		cfnI("AWS::IAM::ManagedPolicy", "AdminPolicy", 15, map[string]any{"ManagedPolicyName": "all",
			"Groups": []any{cloudres.Ref{Address: "Admins"}}, "PolicyDocument": map[string]any{"Version": "2012-10-17",
				"Statement": []any{map[string]any{"Effect": "Allow", "Action": "*", "Resource": "*"}}}}),
		cfnI("AWS::IAM::Role", "Public", 20, map[string]any{"AssumeRolePolicyDocument": map[string]any{"Statement": []any{
			map[string]any{"Effect": "Allow", "Principal": "*", "Action": "sts:AssumeRole"}}},
			"ManagedPolicyArns": []any{"arn:aws:iam::aws:policy/ReadOnlyAccess"}}),
		cfnI("AWS::IAM::Policy", "RolePass", 25, map[string]any{"PolicyName": "pass", "Roles": []any{cloudres.Ref{Address: "Public"}},
			"PolicyDocument": map[string]any{"Statement": []any{map[string]any{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*"}}}}),
		cfnI("AWS::IAM::ServerCertificate", "OldCert", 30, map[string]any{"ServerCertificateName": "old", "CertificateBody": testCert(t, -24*time.Hour)}),
		cfnI("AWS::IAM::ServerCertificate", "NewCert", 31, map[string]any{"ServerCertificateName": "new", "CertificateBody": testCert(t, 400*24*time.Hour)}),
		cfnI("AWS::AccessAnalyzer::Analyzer", "Analyzer", 40, map[string]any{"Type": "ACCOUNT"}),
	}
	res, got := evaluate(t, insts)
	if !fired(got, "aws-iam-wildcard-pass-role", "carol") || !fired(got, "aws-iam-wildcard-pass-role", "Public") {
		t.Errorf("inline PassRole from Policies and AWS::IAM::Policy: %v", got["aws-iam-wildcard-pass-role"])
	}
	if !fired(got, "aws-iam-full-admin-policy", "all") {
		t.Errorf("managed policy attached by its Groups list: %v", got)
	}
	if !fired(got, "aws-iam-role-trusts-any-principal", "Public") {
		t.Errorf("trust: %v", got)
	}
	admins := find(t, res, "admins").Attributes
	if u, _ := admins["users"].([]any); !slices.Equal(u, []any{"carol"}) {
		t.Errorf("members from the users' Groups: %v", admins["users"])
	}
	dave := find(t, res, "Dave")
	if dave.Attributes["active_access_keys"] != int64(2) || !slices.Contains(unreadOf(t, res, "Dave"), any("active_access_keys")) {
		t.Errorf("Dave's keys (two active, one unknown): %v", dave.Attributes)
	}
	if fired(got, "aws-iam-multiple-access-keys", "Dave") {
		t.Error("an unknown key status makes the count inconclusive")
	}
	if !fired(got, "aws-iam-expired-server-certificate", "old") || fired(got, "aws-iam-expired-server-certificate", "new") {
		t.Errorf("certificate expiry from the body: %v", got["aws-iam-expired-server-certificate"])
	}
	if a := find(t, res, "Analyzer").Attributes; a["external_access_active"] != true || len(got["aws-accessanalyzer-not-enabled"]) > 0 {
		t.Errorf("analyzer: %v %v", a, got["aws-accessanalyzer-not-enabled"])
	}
}

func TestIAMUnknownsAndAnalyzerScope(t *testing.T) {
	insts := []cloudres.Instance{
		tf("aws_iam_server_certificate", "aws_iam_server_certificate.c", 1, map[string]any{"name": "c", "certificate_body": cloudres.Unknown{}}),
		tf("aws_accessanalyzer_analyzer", "aws_accessanalyzer_analyzer.unused", 5, map[string]any{"analyzer_name": "u", "type": "ACCOUNT_UNUSED_ACCESS"}),
		tf("aws_iam_policy", "aws_iam_policy.p", 10, map[string]any{"name": "p", "policy": cloudres.Unknown{}}),
		tf("aws_iam_role_policy_attachment", "aws_iam_role_policy_attachment.p", 11, map[string]any{"role": "r", "policy_arn": cloudres.Ref{Address: "aws_iam_policy.p", Attr: "arn"}}),
	}
	res, got := evaluate(t, insts)
	if u := unreadOf(t, res, "c"); !slices.Contains(u, any("expired")) || len(got["aws-iam-expired-server-certificate"]) > 0 {
		t.Errorf("unknown certificate: %v %v", u, got)
	}
	for _, r := range res.Resources {
		if r.Type == "aws.accessanalyzer.regional_settings" {
			t.Errorf("an unused-access analyzer says nothing of external access analyzers elsewhere: %v", r.Attributes)
		}
	}
	p := find(t, res, "p")
	if p.Attributes["attachment_count"] != int64(1) || !slices.Contains(unreadOf(t, res, "p"), any("document")) {
		t.Errorf("policy: %v", p.Attributes)
	}
}

// testCert returns a self-signed certificate expiring after d (negative:
// already expired), PEM-encoded.
func testCert(t *testing.T, d time.Duration) string {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "example.com"},
		NotBefore: now.Add(-48 * time.Hour), NotAfter: now.Add(d)}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}))
}

// inlinePolicyInstances declare inline policies in every way the sources
// can: a role's inline_policy blocks, aws_iam_role_policy (one in another
// file, one known only after apply) and aws_iam_group_policy, and in
// CloudFormation AWS::IAM::RolePolicy, UserPolicy and GroupPolicy linked
// by reference or by name.
func inlinePolicyInstances() []cloudres.Instance {
	const trust = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}`
	ref := func(addr string) cloudres.Ref { return cloudres.Ref{Address: addr, Attr: "name"} }
	admin := map[string]any{"Statement": []any{map[string]any{"Effect": "Allow", "Action": "*", "Resource": "*"}}}
	withLines := func(in cloudres.Instance, file string, lines map[string]int) cloudres.Instance {
		if file != "" {
			in.File = file
		}
		in.Lines = lines
		return in
	}
	return []cloudres.Instance{
		withLines(tf("aws_iam_role", "aws_iam_role.ops", 1, map[string]any{"name": "ops", "assume_role_policy": trust,
			"inline_policy": []any{map[string]any{"name": "read", "policy": readDoc}, map[string]any{"name": "block-admin", "policy": adminDoc}}}),
			"", map[string]int{"inline_policy.0": 3, "inline_policy.0.policy": 5, "inline_policy.1": 8, "inline_policy.1.policy": 10}),
		withLines(tf("aws_iam_role_policy", "aws_iam_role_policy.admin", 1, map[string]any{"role": ref("aws_iam_role.ops"), "name": "sat-admin", "policy": adminDoc}),
			"infra/policies.tf", map[string]int{"policy": 4}),
		tf("aws_iam_role_policy", "aws_iam_role_policy.later", 20, map[string]any{"role": "ops", "name": "later", "policy": cloudres.Unknown{}}),
		tf("aws_iam_role", "aws_iam_role.unknown", 30, map[string]any{"name": "unknown-only", "assume_role_policy": trust}),
		tf("aws_iam_role_policy", "aws_iam_role_policy.unknown", 35, map[string]any{"role": ref("aws_iam_role.unknown"), "name": "x", "policy": cloudres.Unknown{}}),
		tf("aws_iam_group", "aws_iam_group.ops", 40, map[string]any{"name": "tf-operators"}),
		withLines(tf("aws_iam_group_policy", "aws_iam_group_policy.ops", 42, map[string]any{"group": ref("aws_iam_group.ops"), "name": "g", "policy": adminDoc}),
			"", map[string]int{"policy": 45}),
		cfnI("AWS::IAM::Role", "Batch", 50, map[string]any{"RoleName": "batch", "AssumeRolePolicyDocument": map[string]any{"Statement": []any{
			map[string]any{"Effect": "Allow", "Principal": map[string]any{"Service": "ecs-tasks.amazonaws.com"}, "Action": "sts:AssumeRole"}}}}),
		withLines(cfnI("AWS::IAM::RolePolicy", "BatchAdmin", 55, map[string]any{"RoleName": cloudres.Ref{Address: "Batch"}, "PolicyName": "admin", "PolicyDocument": admin}),
			"", map[string]int{"PolicyDocument": 58}),
		cfnI("AWS::IAM::User", "Ci", 60, map[string]any{"UserName": "ci"}),
		cfnI("AWS::IAM::UserPolicy", "CiAdmin", 62, map[string]any{"UserName": "ci", "PolicyName": "admin", "PolicyDocument": admin}),
		cfnI("AWS::IAM::Group", "Ops", 70, map[string]any{"GroupName": "cfn-operators"}),
		cfnI("AWS::IAM::GroupPolicy", "OpsAdmin", 72, map[string]any{"GroupName": cloudres.Ref{Address: "Ops"}, "PolicyName": "admin", "PolicyDocument": admin}),
	}
}

// TestInlinePolicyLocations: every inline policy lands in its entity's
// list, in source order, and each entry and its document are located
// where they are written (the satellite's file for a separate resource),
// so evidence about one inline policy points at it.
func TestInlinePolicyLocations(t *testing.T) {
	res := Adapt(inlinePolicyInstances())
	for _, c := range []struct {
		name, list string
		policies   []string
		docs       []string // file:line of each entry's document
	}{
		{"ops", "role_policy_list", []string{"read", "block-admin", "sat-admin", "later"}, []string{"infra/main.tf:5", "infra/main.tf:10", "infra/policies.tf:4", "infra/main.tf:20"}},
		{"tf-operators", "group_policy_list", []string{"g"}, []string{"infra/main.tf:45"}},
		{"batch", "role_policy_list", []string{"admin"}, []string{"stack.yaml:58"}},
		{"ci", "user_policy_list", []string{"admin"}, []string{"stack.yaml:62"}},
		{"cfn-operators", "group_policy_list", []string{"admin"}, []string{"stack.yaml:72"}},
	} {
		r := find(t, res, c.name)
		l, _ := r.Attributes[c.list].([]any)
		var names, docs []string
		for i, p := range l {
			names = append(names, p.(map[string]any)["policy_name"].(string))
			file, line, _ := r.Source.AttrAt(c.list + "[" + itoa(i) + "].policy_document.analysis")
			docs = append(docs, file+":"+itoa(line))
		}
		if !slices.Equal(names, c.policies) || !slices.Equal(docs, c.docs) {
			t.Errorf("%s: policies %v at %v, want %v at %v", c.name, names, docs, c.policies, c.docs)
		}
	}
	for _, name := range []string{"ops", "unknown-only"} {
		if !slices.Contains(unreadOf(t, res, name), any("role_policy_list")) {
			t.Errorf("%s has an inline policy known only after apply: unread %v", name, unreadOf(t, res, name))
		}
	}
	if len(res.Coverage) > 0 {
		t.Errorf("every source type is adapted: %v", res.Coverage)
	}
}

// TestInlineFullAdmin: aws-iam-inline-full-admin finds the inline
// policies that allow everything wherever they are written, its evidence
// names each one, and a list with a document known only after apply still
// reports the others (saying the list is incomplete) while its guards
// make a principal with nothing else inconclusive.
func TestInlineFullAdmin(t *testing.T) {
	_, results := evaluateResults(t, inlinePolicyInstances())
	got := map[string]string{} // "name path" -> file:line
	for _, r := range results {
		if r.Rule.ID != "aws-iam-inline-full-admin" {
			continue
		}
		if !slices.Equal(r.Rule.Guards, []string{"group_policy_list", "role_policy_list", "user_policy_list"}) {
			t.Errorf("guards %v: a principal whose inline policies were not all read must be reported inconclusive", r.Rule.Guards)
		}
		file, line, _ := r.Resource.Source.AttrAt(r.Evidence.Path)
		got[r.Resource.Name+" "+r.Evidence.Path] = file + ":" + itoa(line)
		if incomplete := strings.Contains(r.Message, "not all of its inline policies"); incomplete != (r.Resource.Name == "ops") {
			t.Errorf("%s: %s", r.Resource.Name, r.Message)
		}
	}
	want := map[string]string{
		"ops role_policy_list[1].policy_document.analysis.full_admin":            "infra/main.tf:10",
		"ops role_policy_list[2].policy_document.analysis.full_admin":            "infra/policies.tf:4",
		"tf-operators group_policy_list[0].policy_document.analysis.full_admin":  "infra/main.tf:45",
		"batch role_policy_list[0].policy_document.analysis.full_admin":          "stack.yaml:58",
		"ci user_policy_list[0].policy_document.analysis.full_admin":             "stack.yaml:62",
		"cfn-operators group_policy_list[0].policy_document.analysis.full_admin": "stack.yaml:72",
	}
	if !maps.Equal(got, want) {
		t.Errorf("findings and their evidence\n got %v\nwant %v", got, want)
	}
}

// TestTrustWithAccount: given the deploying account (--aws-account-id),
// a trust policy's account principals are decided: another account
// without an external ID is reported, the deploying account is not.
func TestTrustWithAccount(t *testing.T) {
	trust := func(acct string) string {
		return `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::` + acct + `:root"},"Action":"sts:AssumeRole"}]}`
	}
	insts := []cloudres.Instance{
		tf("aws_iam_role", "aws_iam_role.partner", 1, map[string]any{"name": "partner", "assume_role_policy": trust("111122223333")}),
		tf("aws_iam_role", "aws_iam_role.self", 5, map[string]any{"name": "self", "assume_role_policy": trust("444455556666")}),
		cfnI("AWS::IAM::Role", "Partner", 10, map[string]any{"RoleName": "cfn-partner", "AssumeRolePolicyDocument": trust("111122223333")}),
	}
	res, got := evaluateWith(t, insts, Options{AccountID: "444455556666"})
	for _, n := range []string{"partner", "cfn-partner"} {
		if !fired(got, "aws-iam-role-cross-account-external-id", n) {
			t.Errorf("%s trusts another account without an external ID: %v", n, got["aws-iam-role-cross-account-external-id"])
		}
		if slices.Contains(unreadOf(t, res, n), any("trust")) {
			t.Errorf("%s: trust unread although the account is given", n)
		}
	}
	if fired(got, "aws-iam-role-cross-account-external-id", "self") {
		t.Errorf("a role trusting the deploying account is reported: %v", got["aws-iam-role-cross-account-external-id"])
	}
	// Without the account, the same roles are inconclusive.
	res, got = evaluate(t, insts)
	if len(got["aws-iam-role-cross-account-external-id"]) > 0 || !slices.Contains(unreadOf(t, res, "partner"), any("trust")) {
		t.Errorf("without the account: %v, unread %v", got["aws-iam-role-cross-account-external-id"], unreadOf(t, res, "partner"))
	}
}
