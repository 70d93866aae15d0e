package awsadapt

import (
	"github.com/aws/aws-sdk-go-v2/aws"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
	"github.com/vigil-cspm/vigil/internal/iac/cloudres"
)

// ec2RouteTable reads a route table with its routes, inline and
// declared as resources of their own.
func ec2RouteTable(ix *Index, b *builder) (string, any) {
	in := b.in
	if cfn(in) {
		rt := awsmodel.EC2RouteTable{RouteTable: ec2types.RouteTable{RouteTableId: aws.String(in.Address)}}
		if vpc, ok := b.strOrRef("VpcId", "vpc_id"); ok {
			rt.VpcId = aws.String(vpc)
		}
		for _, sat := range ix.Satellites("AWS::EC2::Route", "RouteTableId", in) {
			rt.Routes = append(rt.Routes, readRouteResource(b, sat, cfnRoute))
		}
		return in.Name, rt
	}
	id := b.idOr()
	rt := awsmodel.EC2RouteTable{RouteTable: ec2types.RouteTable{RouteTableId: aws.String(id)}}
	if vpc, ok := b.strOrRef("vpc_id", "vpc_id"); ok {
		rt.VpcId = aws.String(vpc)
	}
	for i := range b.list("route", "routes") {
		rt.Routes = append(rt.Routes, readRoute(b, "route."+itoa(i)+".", tfInlineRoute))
	}
	for _, sat := range ix.Satellites("aws_route", "route_table_id", in, id) {
		rt.Routes = append(rt.Routes, readRouteResource(b, sat, tfRoute))
	}
	return in.Name, rt
}

// readRouteResource reads the route a separate resource declares
// (aws_route, AWS::EC2::Route) into the table b builds.
func readRouteResource(b *builder, sat *cloudres.Instance, k routeKeys) ec2types.Route {
	sb := newBuilder(sat)
	defer b.merge(sb)
	return readRoute(sb, "", k)
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
