package awsadapt

import (
	"github.com/vigil-cspm/vigil/internal/awsmodel"
	"github.com/vigil-cspm/vigil/internal/iac/cloudres"
	"github.com/vigil-cspm/vigil/internal/model"
)

// iamPolicyAdapter reads customer managed policies with their
// attachments, and the AWS managed policies of knownAWSPolicies a scope
// attaches.
func iamPolicyAdapter() adapter {
	return adapter{Target: awsmodel.TypeIAMPolicy, Adapt: adaptIAMPolicies,
		Consumes: append([]string{"aws_iam_policy", "aws_iam_role", "AWS::IAM::Role", "AWS::IAM::User", "AWS::IAM::Group"}, append(tfIAMLinks, cfnIAMLinks...)...)}
}

func adaptIAMPolicies(ix *Index) []*model.Resource {
	var out []*model.Resource
	for _, in := range ix.OfType("aws_iam_policy") {
		b := newBuilder(in)
		name := policyName(in)
		p := awsmodel.IAMPolicy{PolicyName: name, Path: "/", IsAttachable: true, DefaultVersionId: "v1"}
		if s := knownStr(in, "path"); s != "" {
			p.Path = s
		}
		if d, ok := b.str("description", "description"); ok && d != "" {
			p.Description = &d
		}
		if arn := knownStr(in, "arn"); arn != "" {
			p.Arn = arn
		}
		p.Document = b.policy("policy", "document", "")
		n := 0
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
		p.AttachmentCount = int32(n)
		out = append(out, b.resource(awsmodel.TypeIAMPolicy, name, p))
	}
	for _, in := range ix.OfType("AWS::IAM::ManagedPolicy") {
		b := newBuilder(in)
		name := policyName(in)
		p := awsmodel.IAMPolicy{PolicyName: name, Path: "/", IsAttachable: true, DefaultVersionId: "v1"}
		if s := knownStr(in, "Path"); s != "" {
			p.Path = s
		}
		if d, ok := b.str("Description", "description"); ok && d != "" {
			p.Description = &d
		}
		p.Document = b.policy("PolicyDocument", "document", "")
		n := 0
		for _, l := range []string{"Users", "Roles", "Groups"} {
			v, _ := in.Get(l)
			n += listLen(v)
		}
		for _, t := range []string{"AWS::IAM::User", "AWS::IAM::Role", "AWS::IAM::Group"} {
			n += len(linked(ix, t, "ManagedPolicyArns", in))
		}
		p.AttachmentCount = int32(n)
		out = append(out, b.resource(awsmodel.TypeIAMPolicy, name, p))
	}
	return append(out, adaptKnownAWSPolicies(ix)...)
}

func policyName(in *cloudres.Instance) string {
	return labelOr(in, spell(in, "name", "ManagedPolicyName"))
}
