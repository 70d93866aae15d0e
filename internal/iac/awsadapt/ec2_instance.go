package awsadapt

import (
	"github.com/aws/aws-sdk-go-v2/aws"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
)

// ec2Instance builds an instance. Its state is "running": an instance a
// template declares is launched running and stays so unless something
// outside the declaration stops it — the state the rules mean by a live
// instance (a Terraform state file's recorded instance_state wins).
// IMDS and the instance profile come from the instance, else from a
// launch template of the same scope it names.
func ec2Instance(ix *Index, b *builder) (string, any) {
	in := b.in
	inst := awsmodel.EC2Instance{}
	inst.InstanceId = aws.String(b.idOr())
	state := "running"
	if statePath := spell(in, "instance_state", ""); statePath != "" {
		if s, ok := b.str(statePath, ""); ok && s != "" {
			state = s
		}
	}
	inst.State = &ec2types.InstanceState{Name: ec2types.InstanceStateName(state)}
	if it, ok := b.str(spell(in, "instance_type", "InstanceType"), ""); ok {
		inst.InstanceType = ec2types.InstanceType(it)
	}
	lt := launchTemplate(ix, b)
	// What the instance does not set, its launch template does.
	from := func(tf, cf, ltTF, ltCF string) (*builder, string) {
		path := spell(in, tf, cf)
		if _, set := in.Get(path); set || lt == nil {
			return b, path
		}
		return lt, spell(lt.in, ltTF, ltCF)
	}
	tokSrc, tokPath := from("metadata_options.0.http_tokens", "MetadataOptions.HttpTokens",
		"metadata_options.0.http_tokens", "LaunchTemplateData.MetadataOptions.HttpTokens")
	endSrc, endPath := from("metadata_options.0.http_endpoint", "MetadataOptions.HttpEndpoint",
		"metadata_options.0.http_endpoint", "LaunchTemplateData.MetadataOptions.HttpEndpoint")
	// EC2 defaults (RunInstances; Terraform metadata_options and
	// CloudFormation MetadataOptions document the same): http_tokens
	// "optional", http_endpoint "enabled" when not given. (An AMI
	// registered with ImdsSupport v2.0, or account IMDS defaults, can
	// change that; neither is visible in the source.)
	mo := &ec2types.InstanceMetadataOptionsResponse{HttpTokens: ec2types.HttpTokensStateOptional, HttpEndpoint: ec2types.InstanceMetadataEndpointStateEnabled}
	unknownIMDS := false
	if s, ok := tokSrc.str(tokPath, "metadata_options"); ok {
		mo.HttpTokens = ec2types.HttpTokensState(s)
	} else if _, set := tokSrc.in.Get(tokPath); set {
		unknownIMDS = true
	}
	if s, ok := endSrc.str(endPath, "metadata_options"); ok {
		mo.HttpEndpoint = ec2types.InstanceMetadataEndpointState(s)
	} else if _, set := endSrc.in.Get(endPath); set {
		unknownIMDS = true
	}
	inst.MetadataOptions = mo
	// The instance profile: the name (Terraform, CloudFormation) or the
	// launch template's ARN, else its name.
	profSrc, profPath := from("iam_instance_profile", "IamInstanceProfile",
		"iam_instance_profile.0.arn", "LaunchTemplateData.IamInstanceProfile.Arn")
	profPaths := []string{profPath}
	if profSrc == lt {
		profPaths = append(profPaths, spell(lt.in, "iam_instance_profile.0.name", "LaunchTemplateData.IamInstanceProfile.Name"))
	}
	for _, p := range profPaths {
		if s, ok := profSrc.strOrRef(p, "iam_instance_profile"); ok && s != "" {
			inst.IamInstanceProfile = &ec2types.IamInstanceProfile{Arn: aws.String(s)}
			break
		}
	}
	// User data: Terraform's user_data is text, user_data_base64 and a
	// launch template's user_data base64; CloudFormation's UserData is
	// base64 (Fn::Base64 of the script).
	udSrc, udPath, encoded := b, spell(in, "user_data", "UserData"), cfn(in)
	if _, set := in.Get(udPath); !set && !cfn(in) {
		if _, set := in.Get("user_data_base64"); set {
			udPath, encoded = "user_data_base64", true
		}
	}
	if _, set := in.Get(udPath); !set && lt != nil {
		udSrc, udPath, encoded = lt, spell(lt.in, "user_data", "LaunchTemplateData.UserData"), true
	}
	inst.UserDataCredentials = textCredentials(ix, udSrc, udPath, "user_data_credentials", encoded)
	if lt != nil {
		b.merge(lt)
	}
	if unknownIMDS {
		b.unknown("imdsv2_required")
	}
	return b.nameTag(), inst
}

// launchTemplate returns a builder on the launch template of the same
// scope an instance names (by reference, or by name), nil when it names
// none; one out of reach makes what it would decide unread.
func launchTemplate(ix *Index, b *builder) *builder {
	in := b.in
	ltPath := spell(in, "launch_template.0", "LaunchTemplate")
	if _, set := in.Get(ltPath); !set {
		return nil
	}
	var lt *builder
	for _, key := range []string{spell(in, "id", "LaunchTemplateId"), spell(in, "name", "LaunchTemplateName")} {
		v, ok := in.Get(ltPath + "." + key)
		if !ok {
			continue
		}
		if to, ok := ix.Resolve(in, v); ok {
			lt = newBuilder(to)
			break
		}
		if s, ok := v.(string); ok {
			for _, t := range []string{"aws_launch_template", "AWS::EC2::LaunchTemplate"} {
				for _, cand := range ix.inScope(t, in) {
					if n, _ := cand.Get(spell(cand, "name", "LaunchTemplateName")); n == s {
						lt = newBuilder(cand)
					}
				}
			}
		}
	}
	if lt == nil {
		// A template out of reach decides IMDS and the profile.
		b.unknown("metadata_options")
		b.unknown("imdsv2_required")
		b.unknown("iam_instance_profile")
	}
	return lt
}
