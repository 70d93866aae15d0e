package awsadapt

import (
	"github.com/aws/aws-sdk-go-v2/aws"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
)

// ec2Image reads an AMI and its launch permissions; group "all" makes it
// public.
func ec2Image(ix *Index, b *builder) (string, any) {
	in := b.in
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
	return name, img
}
