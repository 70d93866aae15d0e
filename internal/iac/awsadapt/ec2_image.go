package awsadapt

import (
	"github.com/aws/aws-sdk-go-v2/aws"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
	"github.com/vigil-cspm/vigil/internal/model"
)

// ec2ImageAdapter reads AMIs and their launch permissions (Terraform
// only: CloudFormation has no AMI resource); group "all" makes one
// public.
func ec2ImageAdapter() adapter {
	return adapter{Target: awsmodel.TypeEC2Image, Adapt: adaptImages,
		Consumes: []string{"aws_ami", "aws_ami_copy", "aws_ami_from_instance", "aws_ami_launch_permission"}}
}

func adaptImages(ix *Index) []*model.Resource {
	var out []*model.Resource
	for _, t := range []string{"aws_ami", "aws_ami_copy", "aws_ami_from_instance"} {
		for _, in := range ix.OfType(t) {
			b := newBuilder(in)
			name, _ := b.str("name", "")
			if name == "" {
				name = in.Name
			}
			img := awsmodel.EC2Image{Image: ec2types.Image{Name: aws.String(name), ImageId: aws.String(in.Address), Public: aws.Bool(false)}}
			for _, p := range ix.Satellites("aws_ami_launch_permission", "image_id", in) {
				pb := newBuilder(p)
				if g, ok := pb.str("group", "public"); ok && g == "all" {
					img.Public = aws.Bool(true)
				}
				b.merge(pb)
			}
			out = append(out, b.resource(awsmodel.TypeEC2Image, name, img))
		}
	}
	return out
}
