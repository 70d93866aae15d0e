package awsadapt

import (
	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
)

// ec2Subnet reads a subnet (aws_subnet, aws_default_subnet,
// AWS::EC2::Subnet). Instances launched into it get a public IPv4
// address when map_public_ip_on_launch (MapPublicIpOnLaunch) is true: it
// defaults to false for a subnet the source creates, and to true for a
// default subnet, which AWS creates that way and aws_default_subnet
// adopts as it is.
func ec2Subnet(_ *Index, b *builder) (string, any) {
	in := b.in
	sn := awsmodel.EC2Subnet{}
	sn.SubnetId = aws.String(b.idOr())
	sn.DefaultForAz = aws.Bool(in.Type == "aws_default_subnet")
	b.setStr(&sn.VpcId, spell(in, "vpc_id", "VpcId"), "")
	b.setStr(&sn.CidrBlock, spell(in, "cidr_block", "CidrBlock"), "")
	b.setStr(&sn.AvailabilityZone, spell(in, "availability_zone", "AvailabilityZone"), "")
	mapIP := spell(in, "map_public_ip_on_launch", "MapPublicIpOnLaunch")
	if v, ok := b.boolean(mapIP, "map_public_ip_on_launch"); ok {
		sn.MapPublicIpOnLaunch = aws.Bool(v)
	} else if _, set := in.Get(mapIP); !set {
		sn.MapPublicIpOnLaunch = aws.Bool(*sn.DefaultForAz)
	}
	return b.nameTag(), sn
}
