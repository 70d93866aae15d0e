package awsadapt

import (
	"slices"
	"strings"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
	"github.com/vigil-cspm/vigil/internal/iac/cloudres"
	"github.com/vigil-cspm/vigil/internal/model"
)

// iamPolicy reads a customer managed policy with the number of users,
// roles and groups the scope attaches it to. (The AWS managed policies a
// scope attaches are adaptKnownAWSPolicies'.)
func iamPolicy(ix *Index, b *builder) (string, any) {
	in := b.in
	name := policyName(in)
	p := awsmodel.IAMPolicy{PolicyName: name, Path: "/", IsAttachable: true, DefaultVersionId: "v1"}
	if s := knownStr(in, spell(in, "path", "Path")); s != "" {
		p.Path = s
	}
	if d, ok := b.str(spell(in, "description", "Description"), "description"); ok && d != "" {
		p.Description = &d
	}
	if arn := knownStr(in, spell(in, "arn", "")); arn != "" {
		p.Arn = arn
	}
	p.Document = b.policy(spell(in, "policy", "PolicyDocument"), "document")
	n := 0
	if cfn(in) {
		for _, l := range []string{"Users", "Roles", "Groups"} {
			v, _ := in.Get(l)
			n += listLen(v)
		}
		for _, t := range []string{"AWS::IAM::User", "AWS::IAM::Role", "AWS::IAM::Group"} {
			n += len(linked(ix, t, "ManagedPolicyArns", in))
		}
	} else {
		for _, t := range []string{"aws_iam_user_policy_attachment", "aws_iam_role_policy_attachment", "aws_iam_group_policy_attachment"} {
			n += len(linked(ix, t, "policy_arn", in, p.Arn))
		}
		for _, a := range linked(ix, "aws_iam_policy_attachment", "policy_arn", in, p.Arn) {
			for _, l := range []string{"users", "roles", "groups"} {
				v, _ := a.Get(l)
				n += listLen(v)
			}
		}
		n += len(linked(ix, "aws_iam_role", "managed_policy_arns", in, p.Arn))
	}
	p.AttachmentCount = int32(n)
	return name, p
}

// policyName is a managed policy's name, else its name label or logical
// ID.
func policyName(in *cloudres.Instance) string {
	return labelOr(in, spell(in, "name", "ManagedPolicyName"))
}

// knownAWSPolicies are the AWS managed policies whose default version's
// document the adapter knows, by name: documented, and stable enough to
// write down. A live scan reads an AWS managed policy once something in
// the account attaches it (aws.iam.policy, aws_managed); a template that
// attaches one by ARN declares no resource for it, so for these the
// adapter builds the resource the live scan would read, and the rules on
// managed policies judge the template as they judge the account. Other
// AWS managed policies are not modelled in IaC: their documents change
// as AWS publishes new versions.
var knownAWSPolicies = map[string]string{
	// "Provides full access to AWS services and resources": Allow * on *
	// (https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_job-functions.html#jf_administrator,
	// https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AdministratorAccess.html).
	"AdministratorAccess": `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`,
}

// knownAWSPolicy returns the name and document of an AWS managed policy
// ARN, in any partition, that knownAWSPolicies lists.
func knownAWSPolicy(arn string) (name, doc string, ok bool) {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) != 6 || parts[0] != "arn" || parts[2] != "iam" || parts[3] != "" || parts[4] != "aws" {
		return "", "", false
	}
	name, isPolicy := strings.CutPrefix(parts[5], "policy/")
	doc, ok = knownAWSPolicies[name]
	return name, doc, isPolicy && ok
}

// awsPolicyUse is one place that attaches an AWS managed policy by ARN.
type awsPolicyUse struct {
	in    *cloudres.Instance
	path  string // where the ARN is written
	count int    // the principals it attaches the policy to
}

// adaptKnownAWSPolicies builds, per scope, one aws.iam.policy for each
// policy of knownAWSPolicies that the scope attaches to a user, group or
// role: attachment resources (Terraform aws_iam_*_policy_attachment,
// aws_iam_policy_attachment) and managed policy lists (aws_iam_role
// managed_policy_arns, CloudFormation ManagedPolicyArns, which SAM's
// Policies names become). Its attachment count sums the scope's
// attachments, as IAM counts them; it is located at the first, where a
// vigil:ignore comment applies to it. An ARN known only after apply
// attaches nothing that can be named, and is not counted.
func adaptKnownAWSPolicies(ix *Index) []*model.Resource {
	uses := map[string][]awsPolicyUse{} // scope + "\x00" + ARN
	add := func(in *cloudres.Instance, path string, count int) {
		arn := knownStr(in, path)
		if _, _, ok := knownAWSPolicy(arn); ok && count > 0 {
			k := scopeKey(in) + "\x00" + arn
			uses[k] = append(uses[k], awsPolicyUse{in, path, count})
		}
	}
	for _, t := range []string{"aws_iam_user_policy_attachment", "aws_iam_role_policy_attachment", "aws_iam_group_policy_attachment"} {
		for _, in := range ix.OfType(t) {
			add(in, "policy_arn", 1)
		}
	}
	for _, in := range ix.OfType("aws_iam_policy_attachment") {
		n := 0
		for _, l := range []string{"users", "roles", "groups"} {
			v, _ := in.Get(l)
			n += listLen(v)
		}
		add(in, "policy_arn", n)
	}
	for _, t := range []string{"aws_iam_role", "AWS::IAM::Role", "AWS::IAM::User", "AWS::IAM::Group"} {
		for _, in := range ix.OfType(t) {
			key := spell(in, "managed_policy_arns", "ManagedPolicyArns")
			v, _ := in.Get(key)
			for i := range listLen(v) {
				add(in, key+"."+itoa(i), 1)
			}
		}
	}
	var out []*model.Resource
	for _, k := range sortedKeys(uses) {
		us := uses[k]
		slices.SortStableFunc(us, func(a, b awsPolicyUse) int { return ix.pos[a.in] - ix.pos[b.in] })
		first := us[0]
		arn := knownStr(first.in, first.path)
		name, doc, _ := knownAWSPolicy(arn)
		p := awsmodel.IAMPolicy{PolicyName: name, Arn: arn, Path: "/", IsAttachable: true, AWSManaged: true}
		p.Document, _ = awsmodel.ParsePolicy(doc, "") // a constant of this file; TestKnownAWSPolicies parses each
		for _, u := range us {
			p.AttachmentCount += int32(u.count)
		}
		b := newBuilder(first.in)
		for _, attr := range []string{"arn", "document", "attachment_count"} {
			b.locate(attr, first.path)
		}
		out = append(out, b.derived(awsmodel.TypeIAMPolicy, "iac:"+scopeKey(first.in)+"#"+arn, name, nil, p))
	}
	return out
}
