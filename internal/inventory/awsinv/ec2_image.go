package awsinv

// aws.ec2.image: AMIs, read with ec2:DescribeImages.

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
)

func collectEC2Images(ctx context.Context, s *Session, c *ec2.Client) error {
	p := ec2.NewDescribeImagesPaginator(c, &ec2.DescribeImagesInput{Owners: []string{"self"}, MaxResults: aws.Int32(1000)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		for _, im := range page.Images {
			id := aws.ToString(im.ImageId)
			tags, name := ec2Tags(im.Tags)
			if name == "" {
				name = aws.ToString(im.Name)
			}
			s.Emit(s.New(awsmodel.TypeEC2Image, ec2ARN(s, "", "image", id), nameOr(name, id), tags, nil, awsmodel.EC2Image{Image: im}))
		}
	}
	return nil
}
