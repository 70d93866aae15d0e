package awsadapt

import (
	"github.com/aws/aws-sdk-go-v2/aws"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
	"github.com/vigil-cspm/vigil/internal/model"
)

// ec2RouteTableAdapter reads route tables with their routes.
func ec2RouteTableAdapter() adapter {
	return adapter{Target: awsmodel.TypeEC2RouteTable, Adapt: adaptRouteTables,
		Consumes: []string{"aws_route_table", "aws_default_route_table", "aws_route",
			"AWS::EC2::RouteTable", "AWS::EC2::Route"}}
}

func adaptRouteTables(ix *Index) []*model.Resource {
	var out []*model.Resource
	for _, t := range []string{"aws_route_table", "aws_default_route_table"} {
		for _, in := range ix.OfType(t) {
			b := newBuilder(in)
			id := b.idOr("id")
			rt := awsmodel.EC2RouteTable{RouteTable: ec2types.RouteTable{RouteTableId: aws.String(id)}}
			if vpc, ok := b.strOrRef("vpc_id", "vpc_id"); ok {
				rt.VpcId = aws.String(vpc)
			}
			for i := range b.list("route", "routes") {
				rt.Routes = append(rt.Routes, readRoute(b, "route."+itoa(i)+".", tfInlineRoute))
			}
			for _, sat := range ix.Satellites("aws_route", "route_table_id", in, id) {
				sb := newBuilder(sat)
				rt.Routes = append(rt.Routes, readRoute(sb, "", tfRoute))
				b.merge(sb)
			}
			out = append(out, b.resource(awsmodel.TypeEC2RouteTable, in.Name, rt))
		}
	}
	for _, in := range ix.OfType("AWS::EC2::RouteTable") {
		b := newBuilder(in)
		rt := awsmodel.EC2RouteTable{RouteTable: ec2types.RouteTable{RouteTableId: aws.String(in.Address)}}
		if vpc, ok := b.strOrRef("VpcId", "vpc_id"); ok {
			rt.VpcId = aws.String(vpc)
		}
		for _, sat := range ix.Satellites("AWS::EC2::Route", "RouteTableId", in) {
			sb := newBuilder(sat)
			rt.Routes = append(rt.Routes, readRoute(sb, "", cfnRoute))
			b.merge(sb)
		}
		out = append(out, b.resource(awsmodel.TypeEC2RouteTable, in.Name, rt))
	}
	return out
}

type routeKeys struct{ cidr4, cidr6, peering, gateway, nat, tgw string }

var (
	tfInlineRoute = routeKeys{"cidr_block", "ipv6_cidr_block", "vpc_peering_connection_id", "gateway_id", "nat_gateway_id", "transit_gateway_id"}
	tfRoute       = routeKeys{"destination_cidr_block", "destination_ipv6_cidr_block", "vpc_peering_connection_id", "gateway_id", "nat_gateway_id", "transit_gateway_id"}
	cfnRoute      = routeKeys{"DestinationCidrBlock", "DestinationIpv6CidrBlock", "VpcPeeringConnectionId", "GatewayId", "NatGatewayId", "TransitGatewayId"}
)

// readRoute reads a route; targets set from other resources (a peering
// connection declared alongside) keep a placeholder: the target's kind
// is what rules read.
func readRoute(b *builder, prefix string, k routeKeys) ec2types.Route {
	var r ec2types.Route
	for _, f := range []struct {
		key string
		dst **string
	}{{k.cidr4, &r.DestinationCidrBlock}, {k.cidr6, &r.DestinationIpv6CidrBlock}, {k.peering, &r.VpcPeeringConnectionId},
		{k.gateway, &r.GatewayId}, {k.nat, &r.NatGatewayId}, {k.tgw, &r.TransitGatewayId}} {
		if s, ok := b.strOrRef(prefix+f.key, "routes"); ok && s != "" {
			*f.dst = aws.String(s)
		}
	}
	return r
}
