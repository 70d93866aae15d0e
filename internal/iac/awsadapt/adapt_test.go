package awsadapt

import (
	"slices"
	"testing"

	"github.com/vigil-cspm/vigil/internal/iac/cloudres"
	"github.com/vigil-cspm/vigil/internal/model"
	"github.com/vigil-cspm/vigil/internal/policy"
	"github.com/vigil-cspm/vigil/internal/scan/scantest"
)

// evaluate adapts instances and runs the rule library over them,
// returning rule id -> resource names with findings.
func evaluate(t *testing.T, instances []cloudres.Instance) (Result, map[string][]string) {
	t.Helper()
	return evaluateWith(t, instances, Options{})
}

// evaluateWith is evaluate with adaptation options.
func evaluateWith(t *testing.T, instances []cloudres.Instance, opts Options) (Result, map[string][]string) {
	t.Helper()
	res, results := evaluateResultsWith(t, instances, opts)
	got := map[string][]string{}
	for _, r := range results {
		if !slices.Contains(got[r.Rule.ID], r.Resource.Name) {
			got[r.Rule.ID] = append(got[r.Rule.ID], r.Resource.Name)
		}
	}
	return res, got
}

// evaluateResults adapts instances and returns the rule library's
// results on them.
func evaluateResults(t *testing.T, instances []cloudres.Instance) (Result, []policy.Result) {
	t.Helper()
	return evaluateResultsWith(t, instances, Options{})
}

func evaluateResultsWith(t *testing.T, instances []cloudres.Instance, opts Options) (Result, []policy.Result) {
	t.Helper()
	res := AdaptWith(instances, opts)
	return res, scantest.Evaluate(t, scantest.Library(t).Engine, res.Resources)
}

func find(t *testing.T, res Result, name string) *model.Resource {
	t.Helper()
	for _, r := range res.Resources {
		if r.Name == name {
			return r
		}
	}
	t.Fatalf("no resource %s in %d", name, len(res.Resources))
	return nil
}

func tf(typ, addr string, line int, values map[string]any) cloudres.Instance {
	return cloudres.Instance{Source: cloudres.Terraform, Type: typ, Address: addr, Name: addr, File: "infra/main.tf", Line: line, Values: values}
}

func TestTerraformSplitBucket(t *testing.T) {
	ref := cloudres.Ref{Address: "aws_s3_bucket.logs", Attr: "id"}
	insts := []cloudres.Instance{
		tf("aws_s3_bucket", "aws_s3_bucket.logs", 1, map[string]any{"bucket": "acme-logs", "tags": map[string]any{"team": "sec"}}),
		tf("aws_s3_bucket_versioning", "aws_s3_bucket_versioning.logs", 10, map[string]any{"bucket": ref,
			"versioning_configuration": []any{map[string]any{"status": "Enabled"}}}),
		tf("aws_s3_bucket_policy", "aws_s3_bucket_policy.logs", 20, map[string]any{"bucket": "acme-logs",
			"policy": `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::acme-logs/*"}]}`}),
		tf("aws_s3_account_public_access_block", "aws_s3_account_public_access_block.this", 30, map[string]any{
			"block_public_acls": true, "ignore_public_acls": true, "block_public_policy": false, "restrict_public_buckets": false}),
		tf("aws_s3_bucket", "aws_s3_bucket.unknown", 40, map[string]any{"bucket": cloudres.Unknown{},
			"versioning": []any{map[string]any{"enabled": cloudres.Unknown{}}}}),
		tf("aws_sagemaker_domain", "aws_sagemaker_domain.x", 50, map[string]any{}),
	}
	insts[4].Name = "unknown"
	res, got := evaluate(t, insts)
	b := find(t, res, "acme-logs")
	if b.Source.Kind != model.SourceIaC || b.Source.File != "infra/main.tf" || b.Source.Line != 1 || b.Labels["team"] != "sec" {
		t.Errorf("source %+v labels %v", b.Source, b.Labels)
	}
	if v := b.Attributes["versioning"].(map[string]any); v["status"] != "Enabled" {
		t.Errorf("versioning from the satellite resource: %v", v)
	}
	if b.Source.Lines["versioning"] != 10 || b.Source.Lines["policy"] != 20 {
		t.Errorf("attribute lines %v", b.Source.Lines)
	}
	for _, want := range [][2]string{{"aws-s3-public-bucket", "acme-logs"}, {"aws-s3-block-public-access", "acme-logs"}, {"aws-s3-account-block-public-access", "account"}} {
		if !slices.Contains(got[want[0]], want[1]) {
			t.Errorf("rule %s did not fire on %s: %v", want[0], want[1], got)
		}
	}
	if slices.Contains(got["aws-s3-versioning"], "acme-logs") {
		t.Error("versioning is enabled by the separate resource")
	}
	u := find(t, res, "unknown")
	if unread, _ := u.Attributes["unread"].([]any); !slices.Contains(unread, any("versioning")) {
		t.Errorf("an unknown versioning setting must be unread: %v", u.Attributes["unread"])
	}
	if slices.Contains(got["aws-s3-versioning"], "unknown") {
		t.Error("a rule fired on a value known only after apply")
	}
	if len(res.Coverage) != 1 || res.Coverage[0].Scope != "iac-type:aws_sagemaker_domain" || res.Coverage[0].Status != model.CoverageSkipped {
		t.Errorf("unadapted types: %+v", res.Coverage)
	}
}

func TestCloudFormationBucket(t *testing.T) {
	cf := func(typ, id string, line int, props map[string]any) cloudres.Instance {
		return cloudres.Instance{Source: cloudres.CloudFormation, Type: typ, Address: id, Name: id, File: "stack.yaml", Line: line, Values: props,
			Lines: map[string]int{"VersioningConfiguration.Status": line + 3}}
	}
	insts := []cloudres.Instance{
		cf("AWS::S3::Bucket", "Site", 5, map[string]any{"BucketName": "acme-site", "AccessControl": "PublicRead",
			"VersioningConfiguration":        map[string]any{"Status": "Suspended"},
			"PublicAccessBlockConfiguration": map[string]any{"BlockPublicAcls": false, "IgnorePublicAcls": false, "BlockPublicPolicy": true, "RestrictPublicBuckets": true}}),
		cf("AWS::S3::BucketPolicy", "SitePolicy", 20, map[string]any{"Bucket": cloudres.Ref{Address: "Site"},
			"PolicyDocument": map[string]any{"Statement": []any{map[string]any{"Effect": "Deny", "Principal": "*", "Action": "s3:*",
				"Resource": "*", "Condition": map[string]any{"Bool": map[string]any{"aws:SecureTransport": "false"}}}}}}),
	}
	res, got := evaluate(t, insts)
	b := find(t, res, "acme-site")
	if b.Attributes["secure_transport_required"] != true {
		t.Errorf("the bucket policy linked by !Ref denies plain HTTP: %v", b.Attributes)
	}
	if !slices.Contains(got["aws-s3-public-bucket"], "acme-site") || !slices.Contains(got["aws-s3-versioning"], "acme-site") {
		t.Errorf("findings %v", got)
	}
	if slices.Contains(got["aws-s3-secure-transport"], "acme-site") {
		t.Error("secure transport is enforced")
	}
	if b.Source.Lines["versioning"] != 8 {
		t.Errorf("versioning line %v", b.Source.Lines)
	}
}

// TestKnownListenerFiresBesideUnknownOne: a listener whose load balancer
// is unknown makes the listeners incomplete, but a known plain-HTTP
// listener is still reported.
func TestKnownListenerFiresBesideUnknownOne(t *testing.T) {
	_, got := evaluate(t, []cloudres.Instance{
		tf("aws_lb", "aws_lb.web", 1, map[string]any{"name": "web", "load_balancer_type": "application"}),
		tf("aws_lb_listener", "aws_lb_listener.http", 10, map[string]any{"load_balancer_arn": cloudres.Ref{Address: "aws_lb.web", Attr: "arn"}, "port": int64(80), "protocol": "HTTP",
			"default_action": []any{map[string]any{"type": "forward"}}}),
		tf("aws_lb_listener", "aws_lb_listener.other", 20, map[string]any{"load_balancer_arn": cloudres.Unknown{}, "port": int64(443), "protocol": "HTTPS"}),
	})
	if !slices.Contains(got["aws-elbv2-http-listener"], "web") {
		t.Errorf("findings %v", got)
	}
}

// TestPlacesInOtherFiles: a model attribute set in another file than the
// resource block — by an override file, by a satellite resource — keeps
// that file beside its line.
func TestPlacesInOtherFiles(t *testing.T) {
	bucket := tf("aws_s3_bucket", "aws_s3_bucket.logs", 1, map[string]any{"bucket": "acme-logs",
		"versioning": []any{map[string]any{"enabled": false}}})
	bucket.Lines = map[string]int{"bucket": 2, "versioning": 4, "versioning.0.enabled": 5}
	bucket.Files = map[string]string{"versioning": "infra/main_override.tf", "versioning.0.enabled": "infra/main_override.tf"}
	policy := tf("aws_s3_bucket_policy", "aws_s3_bucket_policy.logs", 7, map[string]any{"bucket": "acme-logs",
		"policy": `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::acme-logs/*"}]}`})
	policy.File = "infra/policy.tf"
	res, _ := evaluate(t, []cloudres.Instance{bucket, policy})
	src := find(t, res, "acme-logs").Source
	for attr, want := range map[string][2]any{"versioning": {"infra/main_override.tf", 5}, "policy": {"infra/policy.tf", 7}} {
		if src.Files[attr] != want[0] || src.Lines[attr] != want[1] {
			t.Errorf("%s set at %s:%d, want %s:%d", attr, src.Files[attr], src.Lines[attr], want[0], want[1])
		}
	}
	for attr, f := range src.Files {
		if f == src.File {
			t.Errorf("Files[%s] names the resource's own file", attr)
		}
	}
}
