package awsadapt

import (
	"slices"
	"strings"
	"testing"

	"github.com/vigil-cspm/vigil/internal/iac/cloudres"
	"github.com/vigil-cspm/vigil/internal/model"
)

// TestSatellitesConsumed checks that every satellite type is read by an
// adapter: a type listed here but consumed by none would be reported
// twice (iac-type and iac-satellite).
func TestSatellitesConsumed(t *testing.T) {
	consumed := map[string]bool{}
	for _, ts := range AdaptedTypes() {
		for _, typ := range ts {
			consumed[typ] = true
		}
	}
	for typ, s := range satellites {
		if !consumed[typ] {
			t.Errorf("satellite %s is consumed by no adapter", typ)
		}
		if s.main == "" || len(s.attrs) == 0 {
			t.Errorf("satellite %s names no main resource or attribute", typ)
		}
	}
}

// satelliteRecords returns the iac-satellite coverage records of res.
func satelliteRecords(res Result) []model.Coverage {
	var out []model.Coverage
	for _, c := range res.Coverage {
		if strings.HasPrefix(c.Scope, "iac-satellite:") {
			out = append(out, c)
		}
	}
	return out
}

// TestOrphanCoverage checks that a satellite whose main resource the
// scope does not declare, or names by a value known only at apply,
// becomes a skipped coverage record naming it, its file:line and what
// it names, and that a satellite merged into its resource does not.
func TestOrphanCoverage(t *testing.T) {
	policy := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*"}]}`
	unknown := cloudres.Unknown{}
	module := tf("aws_s3_bucket_policy", "module.site.aws_s3_bucket_policy.this", 4, map[string]any{"bucket": unknown, "policy": policy})
	module.File, module.CallFile, module.CallLine = "infra/modules/site/main.tf", "infra/main.tf", 9
	tests := []struct {
		name  string
		insts []cloudres.Instance
		want  []string // substrings of the one expected reason; none: no record
	}{
		{"versioning of a bucket named at apply", []cloudres.Instance{
			tf("aws_s3_bucket_versioning", "aws_s3_bucket_versioning.v", 7, map[string]any{"bucket": unknown}),
		}, []string{"aws_s3_bucket_versioning.v (infra/main.tf:7)", "known only at apply", "aws_s3_bucket"}},
		{"bucket policy merged by name", []cloudres.Instance{
			tf("aws_s3_bucket", "aws_s3_bucket.b", 1, map[string]any{"bucket": "legacy-assets"}),
			tf("aws_s3_bucket_policy", "aws_s3_bucket_policy.p", 5, map[string]any{"bucket": "legacy-assets", "policy": policy}),
		}, nil},
		{"bucket policy merged by reference", []cloudres.Instance{
			tf("aws_s3_bucket", "aws_s3_bucket.b", 1, map[string]any{"bucket": unknown}),
			tf("aws_s3_bucket_policy", "aws_s3_bucket_policy.p", 5, map[string]any{"bucket": cloudres.Ref{Address: "aws_s3_bucket.b", Attr: "id"}, "policy": policy}),
		}, nil},
		{"bucket policy on a data source", []cloudres.Instance{
			tf("aws_s3_bucket_policy", "aws_s3_bucket_policy.p", 5, map[string]any{"bucket": cloudres.Ref{Address: "data.aws_s3_bucket.b", Attr: "id"}, "policy": policy}),
		}, []string{"aws_s3_bucket_policy.p (infra/main.tf:5)", "data.aws_s3_bucket.b", "declares the aws_s3_bucket"}},
		{"satellite in a module", []cloudres.Instance{module},
			[]string{"module.site.aws_s3_bucket_policy.this (infra/main.tf:9 → infra/modules/site/main.tf:4)"}},
		{"CloudFormation bucket policy on an undeclared bucket", []cloudres.Instance{
			cfnI("AWS::S3::BucketPolicy", "Policy", 3, map[string]any{"Bucket": unknown, "PolicyDocument": map[string]any{}}),
		}, []string{"Policy (stack.yaml:3)", "AWS::S3::Bucket"}},
		{"CloudFormation role policy merged", []cloudres.Instance{
			cfnI("AWS::IAM::Role", "Ops", 1, map[string]any{"RoleName": "ops"}),
			cfnI("AWS::IAM::RolePolicy", "OpsPolicy", 3, map[string]any{"RoleName": "ops", "PolicyName": "p", "PolicyDocument": map[string]any{}}),
		}, nil},
		{"group membership on undeclared users and group", []cloudres.Instance{
			tf("aws_iam_group_membership", "aws_iam_group_membership.m", 2, map[string]any{"group": "admins", "users": []any{"alice", unknown}}),
		}, []string{`names aws_iam_group or aws_iam_user "admins"`}},
		{"group membership of a declared user", []cloudres.Instance{
			tf("aws_iam_user", "aws_iam_user.alice", 1, map[string]any{"name": "alice"}),
			tf("aws_iam_group_membership", "aws_iam_group_membership.m", 2, map[string]any{"group": "admins", "users": []any{"alice"}}),
		}, nil},
		{"security group rule merged by id", []cloudres.Instance{
			tf("aws_security_group", "aws_security_group.g", 1, map[string]any{"id": "sg-1"}),
			tf("aws_security_group_rule", "aws_security_group_rule.r", 5, map[string]any{"security_group_id": cloudres.Ref{Address: "aws_security_group.g", Attr: "id"},
				"type": "ingress", "protocol": "tcp", "from_port": int64(443), "to_port": int64(443), "cidr_blocks": []any{"10.0.0.0/8"}}),
		}, nil},
		{"flow log on an undeclared VPC", []cloudres.Instance{
			tf("aws_flow_log", "aws_flow_log.f", 3, map[string]any{"vpc_id": "vpc-0abc", "traffic_type": "ALL"}),
		}, []string{`names aws_vpc "vpc-0abc"`}},
		{"Lambda permission by ARN", []cloudres.Instance{
			tf("aws_lambda_function", "aws_lambda_function.f", 1, map[string]any{"function_name": "api", "runtime": "python3.12"}),
			tf("aws_lambda_permission", "aws_lambda_permission.p", 9, map[string]any{"function_name": "arn:aws:lambda:eu-west-1:111122223333:function:api",
				"action": "lambda:InvokeFunction", "principal": "s3.amazonaws.com"}),
		}, nil},
		{"policy of the default event bus", []cloudres.Instance{
			tf("aws_cloudwatch_event_bus_policy", "aws_cloudwatch_event_bus_policy.p", 1, map[string]any{"policy": policy}),
		}, nil},
		{"listener on an undeclared load balancer", []cloudres.Instance{
			cfnI("AWS::ElasticLoadBalancingV2::Listener", "Http", 3, map[string]any{"LoadBalancerArn": unknown, "Port": "80", "Protocol": "HTTP"}),
		}, []string{"Http (stack.yaml:3)", "AWS::ElasticLoadBalancingV2::LoadBalancer by a value known only at apply (LoadBalancerArn)"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			recs := satelliteRecords(Adapt(tc.insts))
			if tc.want == nil {
				if len(recs) != 0 {
					t.Fatalf("merged satellite reported as orphan: %+v", recs)
				}
				return
			}
			if len(recs) != 1 {
				t.Fatalf("want one orphan record, got %+v", recs)
			}
			c := recs[0]
			orphan := tc.insts[len(tc.insts)-1]
			if c.Scope != "iac-satellite:"+orphan.Type || c.Status != model.CoverageSkipped {
				t.Errorf("record %+v", c)
			}
			for _, w := range tc.want {
				if !strings.Contains(c.Reason, w) {
					t.Errorf("reason %q lacks %q", c.Reason, w)
				}
			}
			if !strings.Contains(c.Reason, "not evaluated") || !strings.Contains(c.Reason, "scan it together") {
				t.Errorf("reason %q does not say what to do", c.Reason)
			}
		})
	}
}

// TestPartialResources checks that orphan satellites naming their
// resource by a literal identifier build it partially — located at the
// satellite, with what it does not know unread — and leave no coverage
// record, while one naming it by an unknown value does.
func TestPartialResources(t *testing.T) {
	admin := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`
	public := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::legacy-assets/*"}]}`
	tests := []struct {
		name, typ, id, rule string
		sat                 cloudres.Instance
		set, unread         []string
		also                string // a rule the satellite's own value rightly fails
	}{
		{"bucket policy", "aws.s3.bucket", "legacy-assets", "aws-s3-public-bucket",
			tf("aws_s3_bucket_policy", "aws_s3_bucket_policy.p", 3, map[string]any{"bucket": "legacy-assets", "policy": public}),
			[]string{"policy"}, []string{"acl", "versioning", "public_access_block", "effective_public_access_block", "encryption"}, "aws-s3-secure-transport"},
		{"bucket ACL", "aws.s3.bucket", "legacy-assets", "aws-s3-public-bucket",
			tf("aws_s3_bucket_acl", "aws_s3_bucket_acl.a", 3, map[string]any{"bucket": "legacy-assets", "acl": "public-read"}),
			[]string{"acl"}, []string{"policy", "versioning"}, ""},
		{"bucket public access block", "aws.s3.bucket", "legacy-assets", "",
			tf("aws_s3_bucket_public_access_block", "aws_s3_bucket_public_access_block.b", 3, map[string]any{"bucket": "legacy-assets",
				"block_public_acls": true, "ignore_public_acls": true, "block_public_policy": true, "restrict_public_buckets": true}),
			[]string{"public_access_block", "effective_public_access_block"}, []string{"policy", "acl"}, ""},
		{"bucket public access block partly off", "aws.s3.bucket", "legacy-assets", "aws-s3-block-public-access",
			tf("aws_s3_bucket_public_access_block", "aws_s3_bucket_public_access_block.b", 3, map[string]any{"bucket": "legacy-assets",
				"block_public_acls": true, "ignore_public_acls": true, "block_public_policy": false, "restrict_public_buckets": false}),
			[]string{"public_access_block"}, []string{"policy", "acl", "effective_public_access_block"}, ""},
		{"role inline policy", "aws.iam.role", "ops", "aws-iam-inline-full-admin",
			tf("aws_iam_role_policy", "aws_iam_role_policy.ops", 3, map[string]any{"role": "ops", "policy": admin}),
			nil, []string{"trust", "role_policy_list", "attached_managed_policies"}, ""},
		{"CloudFormation user policy", "aws.iam.user", "ci", "aws-iam-inline-full-admin",
			cfnI("AWS::IAM::UserPolicy", "CiAdmin", 3, map[string]any{"UserName": "ci", "PolicyName": "admin",
				"PolicyDocument": map[string]any{"Version": "2012-10-17", "Statement": []any{map[string]any{"Effect": "Allow", "Action": "*", "Resource": "*"}}}}),
			nil, []string{"credentials", "user_policy_list", "active_access_keys"}, ""},
		{"group policy attachment", "aws.iam.group", "readers", "",
			tf("aws_iam_group_policy_attachment", "aws_iam_group_policy_attachment.r", 3, map[string]any{"group": "readers",
				"policy_arn": "arn:aws:iam::aws:policy/ReadOnlyAccess"}),
			nil, []string{"group_policy_list", "attached_managed_policies", "users"}, ""},
		{"policy naming several roles", "aws.iam.role", "batch", "aws-iam-inline-full-admin",
			cfnI("AWS::IAM::Policy", "Admin", 3, map[string]any{"Roles": []any{"batch"}, "PolicyName": "admin",
				"PolicyDocument": map[string]any{"Version": "2012-10-17", "Statement": []any{map[string]any{"Effect": "Allow", "Action": "*", "Resource": "*"}}}}),
			nil, []string{"trust", "role_policy_list"}, ""},
		{"security group rule", "aws.ec2.security_group", "sg-0123", "aws-ec2-sg-admin-ports-ipv4",
			tf("aws_security_group_rule", "aws_security_group_rule.ssh", 3, map[string]any{"type": "ingress", "security_group_id": "sg-0123",
				"protocol": "tcp", "from_port": int64(22), "to_port": int64(22), "cidr_blocks": []any{"0.0.0.0/0"}}),
			nil, []string{"ip_permissions", "ip_permissions_egress", "is_default"}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, got := evaluate(t, []cloudres.Instance{tc.sat})
			if recs := satelliteRecords(res); len(recs) != 0 {
				t.Errorf("a partially built satellite is also reported: %+v", recs)
			}
			if len(res.Resources) != 1 {
				t.Fatalf("want one partial resource, got %d", len(res.Resources))
			}
			r := res.Resources[0]
			if r.Type != tc.typ || r.Name != tc.id || r.ID != "iac:"+scopeKey(&tc.sat)+"#"+tc.typ+"/"+tc.id {
				t.Errorf("resource %s %s %s", r.Type, r.Name, r.ID)
			}
			if r.Source.File != tc.sat.File || r.Source.Line != tc.sat.Line || r.Source.Address != tc.sat.Address {
				t.Errorf("source %+v, want the satellite's", r.Source)
			}
			unread, _ := r.Attributes["unread"].([]any)
			for _, a := range tc.unread {
				if !slices.Contains(unread, any(a)) {
					t.Errorf("%s not unread: %v", a, unread)
				}
			}
			for _, a := range tc.set {
				if slices.Contains(unread, any(a)) {
					t.Errorf("%s, set by the satellite, is unread", a)
				}
			}
			if tc.rule != "" && !slices.Contains(got[tc.rule], tc.id) {
				t.Errorf("%s did not fire: %v", tc.rule, got)
			}
			for rule, names := range got {
				if rule != tc.rule && rule != tc.also && slices.Contains(names, tc.id) {
					t.Errorf("%s fired on what the partial resource does not know", rule)
				}
			}
		})
	}
	t.Run("identifier known only at apply", func(t *testing.T) {
		res := Adapt([]cloudres.Instance{tf("aws_iam_role_policy", "aws_iam_role_policy.ops", 3, map[string]any{"role": cloudres.Unknown{}, "policy": admin})})
		if len(res.Resources) != 0 {
			t.Errorf("built a resource for an unknown role: %v", res.Resources[0].ID)
		}
		if recs := satelliteRecords(res); len(recs) != 1 || !strings.Contains(recs[0].Reason, "known only at apply") {
			t.Errorf("coverage %+v", recs)
		}
	})
}
