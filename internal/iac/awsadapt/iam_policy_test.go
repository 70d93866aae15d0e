package awsadapt

import (
	"testing"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
	"github.com/vigil-cspm/vigil/internal/iac/cloudres"
)

// TestKnownAWSPolicies: an AWS managed policy the adapter knows,
// attached by ARN, becomes the aws.iam.policy a live scan reads — one per
// scope, counting every attachment of the scope, located at the first —
// so aws-iam-full-admin-policy fires on AdministratorAccess in IaC as it
// does live. Other ARNs, unknown ARNs and attachments to nobody make none.
func TestKnownAWSPolicies(t *testing.T) {
	for name, doc := range knownAWSPolicies {
		if d, err := awsmodel.ParsePolicy(doc, ""); err != nil || d == nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	const admin = "arn:aws:iam::aws:policy/AdministratorAccess"
	insts := []cloudres.Instance{
		tf("aws_iam_role", "aws_iam_role.ops", 1, map[string]any{"name": "ops", "tags": map[string]any{"team": "ops"},
			"managed_policy_arns": []any{"arn:aws:iam::aws:policy/ReadOnlyAccess", admin}}),
		tf("aws_iam_role_policy_attachment", "aws_iam_role_policy_attachment.ops", 10, map[string]any{"role": "ops", "policy_arn": admin}),
		tf("aws_iam_policy_attachment", "aws_iam_policy_attachment.admins", 20, map[string]any{"name": "admins", "policy_arn": admin,
			"users": []any{"a", "b"}, "groups": []any{"admins"}}),
		tf("aws_iam_policy_attachment", "aws_iam_policy_attachment.nobody", 30, map[string]any{"name": "nobody", "policy_arn": admin, "users": []any{}}),
		tf("aws_iam_user_policy_attachment", "aws_iam_user_policy_attachment.later", 40, map[string]any{"user": "a", "policy_arn": cloudres.Unknown{}}),
		tf("aws_iam_group_policy_attachment", "aws_iam_group_policy_attachment.own", 50, map[string]any{"group": "g",
			"policy_arn": "arn:aws:iam::111122223333:policy/AdministratorAccess"}),
		cfnI("AWS::IAM::User", "Gov", 5, map[string]any{"UserName": "gov", "ManagedPolicyArns": []any{"arn:aws-us-gov:iam::aws:policy/AdministratorAccess"}}),
		cfnI("AWS::IAM::Group", "Viewers", 9, map[string]any{"GroupName": "viewers", "ManagedPolicyArns": []any{"arn:aws:iam::aws:policy/job-function/ViewOnlyAccess"}}),
	}
	insts[0].Lines = map[string]int{"managed_policy_arns.1": 4}
	res, results := evaluateResults(t, insts)
	var policies []string
	for _, r := range res.Resources {
		if r.Type == awsmodel.TypeIAMPolicy {
			policies = append(policies, r.ID)
		}
	}
	want := []string{"iac:infra#" + admin, "iac:stack.yaml#arn:aws-us-gov:iam::aws:policy/AdministratorAccess"}
	if len(policies) != 2 || policies[0] != want[0] || policies[1] != want[1] {
		t.Fatalf("policies %v, want %v", policies, want)
	}
	for _, r := range res.Resources {
		if r.ID != want[0] {
			continue
		}
		a := r.Attributes
		if a["aws_managed"] != true || a["arn"] != admin || a["attachment_count"] != int64(5) || r.Labels != nil {
			t.Errorf("AdministratorAccess (attached to ops twice, to two users and a group): %v labels %v", a, r.Labels)
		}
		if file, line, _ := r.Source.AttrAt("document.analysis.full_admin"); r.Source.Line != 1 || file != "infra/main.tf" || line != 4 {
			t.Errorf("located at %s:%d (resource line %d), want the first attachment, infra/main.tf:4", file, line, r.Source.Line)
		}
	}
	fired := map[string]bool{}
	for _, r := range results {
		if r.Rule.ID == "aws-iam-full-admin-policy" {
			fired[r.Resource.ID] = true
		}
	}
	if !fired[want[0]] || !fired[want[1]] {
		t.Errorf("aws-iam-full-admin-policy fired on %v, want %v", fired, want)
	}
}
