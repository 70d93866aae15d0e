package awsadapt

import (
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
	"github.com/vigil-cspm/vigil/internal/iac/cloudres"
)

// ec2SecurityGroup reads a security group with its rules, inline and
// declared as resources of their own.
func ec2SecurityGroup(ix *Index, b *builder) (string, any) {
	if cfn(b.in) {
		return cfnSecurityGroup(ix, b)
	}
	return tfSecurityGroup(ix, b)
}

// tfSecurityGroup reads aws_security_group or aws_default_security_group
// with the rule resources that name it.
func tfSecurityGroup(ix *Index, b *builder) (string, any) {
	in := b.in
	g := awsmodel.EC2SecurityGroup{}
	name := labelOr(b.in, "name")
	if in.Type == "aws_default_security_group" {
		name = "default"
	}
	id := b.idOr()
	g.GroupId, g.GroupName = aws.String(id), aws.String(groupName(in, "name", name))
	if vpc, ok := b.strOrRef("vpc_id", "vpc_id"); ok {
		g.VpcId = aws.String(vpc)
	}
	if d, ok := b.str("description", ""); ok {
		g.Description = aws.String(d)
	}
	// Terraform removes the egress rule AWS adds to a new group (and
	// every rule of an adopted default group): the group holds exactly
	// the rules declared, inline and in the separate rule resources.
	for _, dir := range []struct {
		key, attr string
		dst       *[]ec2types.IpPermission
	}{{"ingress", "ip_permissions", &g.IpPermissions}, {"egress", "ip_permissions_egress", &g.IpPermissionsEgress}} {
		for i := range b.list(dir.key, dir.attr) {
			if p, ok := readPerm(b, dir.key+"."+itoa(i)+".", tfInlinePerm, dir.attr, id); ok {
				*dir.dst = append(*dir.dst, p)
			}
		}
	}
	for _, t := range []string{"aws_security_group_rule", "aws_vpc_security_group_ingress_rule", "aws_vpc_security_group_egress_rule"} {
		for _, sat := range ix.Satellites(t, "security_group_id", in, id) {
			readSGRule(b, &g, sat, id)
		}
	}
	return name, g
}

// cfnSecurityGroup reads AWS::EC2::SecurityGroup with the
// SecurityGroupIngress and SecurityGroupEgress resources that name it.
func cfnSecurityGroup(ix *Index, b *builder) (string, any) {
	in := b.in
	g := awsmodel.EC2SecurityGroup{}
	name := labelOr(b.in, "GroupName")
	id := in.Address
	g.GroupId, g.GroupName = aws.String(id), aws.String(groupName(in, "GroupName", name))
	if vpc, ok := b.strOrRef("VpcId", "vpc_id"); ok {
		g.VpcId = aws.String(vpc)
	}
	if d, ok := b.str("GroupDescription", ""); ok {
		g.Description = aws.String(d)
	}
	for i := range b.list("SecurityGroupIngress", "ip_permissions") {
		if p, ok := readPerm(b, "SecurityGroupIngress."+itoa(i)+".", cfnInPerm, "ip_permissions", id); ok {
			g.IpPermissions = append(g.IpPermissions, p)
		}
	}
	egress := b.list("SecurityGroupEgress", "ip_permissions_egress")
	for i := range egress {
		if p, ok := readPerm(b, "SecurityGroupEgress."+itoa(i)+".", cfnOutPerm, "ip_permissions_egress", id); ok {
			g.IpPermissionsEgress = append(g.IpPermissionsEgress, p)
		}
	}
	if _, set := in.Get("SecurityGroupEgress"); !set {
		// AWS::EC2::SecurityGroup: EC2 gives a VPC group an allow-all
		// egress rule, removed only when SecurityGroupEgress lists rules.
		g.IpPermissionsEgress = append(g.IpPermissionsEgress, ec2types.IpPermission{IpProtocol: aws.String("-1"),
			IpRanges: []ec2types.IpRange{{CidrIp: aws.String("0.0.0.0/0")}}})
	}
	for _, t := range []string{"AWS::EC2::SecurityGroupIngress", "AWS::EC2::SecurityGroupEgress"} {
		sats := ix.Satellites(t, "GroupId", in)
		if t == "AWS::EC2::SecurityGroupIngress" {
			sats = append(sats, ix.Satellites(t, "GroupName", in, name)...)
		}
		for _, sat := range sats {
			readSGRule(b, &g, sat, id)
		}
	}
	return name, g
}

// readSGRule merges one separate rule resource (aws_security_group_rule,
// aws_vpc_security_group_*_rule, AWS::EC2::SecurityGroupIngress or
// Egress) into the group b builds, whose ID is id.
func readSGRule(b *builder, g *awsmodel.EC2SecurityGroup, sat *cloudres.Instance, id string) {
	sb := newBuilder(sat)
	defer b.merge(sb)
	var keys permKeys
	egress := false
	switch sat.Type {
	case "aws_security_group_rule":
		keys = tfRulePerm
		typ, ok := sb.str("type", "ip_permissions")
		if !ok {
			return
		}
		egress = typ == "egress"
	case "aws_vpc_security_group_ingress_rule", "aws_vpc_security_group_egress_rule":
		keys, egress = tfVPCPerm, sat.Type == "aws_vpc_security_group_egress_rule"
	case "AWS::EC2::SecurityGroupIngress":
		keys = cfnInPerm
	case "AWS::EC2::SecurityGroupEgress":
		keys, egress = cfnOutPerm, true
	}
	attr, dst := "ip_permissions", &g.IpPermissions
	if egress {
		attr, dst = "ip_permissions_egress", &g.IpPermissionsEgress
	}
	if p, ok := readPerm(sb, "", keys, attr, id); ok {
		*dst = append(*dst, p)
	}
}

// permKeys names the fields of one security group rule in a source.
type permKeys struct {
	proto, from, to, cidr4, cidr6, prefix, group, self string
}

var (
	tfInlinePerm = permKeys{"protocol", "from_port", "to_port", "cidr_blocks", "ipv6_cidr_blocks", "prefix_list_ids", "security_groups", "self"}
	tfRulePerm   = permKeys{"protocol", "from_port", "to_port", "cidr_blocks", "ipv6_cidr_blocks", "prefix_list_ids", "source_security_group_id", "self"}
	tfVPCPerm    = permKeys{"ip_protocol", "from_port", "to_port", "cidr_ipv4", "cidr_ipv6", "prefix_list_id", "referenced_security_group_id", ""}
	cfnInPerm    = permKeys{"IpProtocol", "FromPort", "ToPort", "CidrIp", "CidrIpv6", "SourcePrefixListId", "SourceSecurityGroupId", ""}
	cfnOutPerm   = permKeys{"IpProtocol", "FromPort", "ToPort", "CidrIp", "CidrIpv6", "DestinationPrefixListId", "DestinationSecurityGroupId", ""}
)

// sgProtocol spells a protocol as DescribeSecurityGroups returns it:
// names for TCP, UDP, ICMP and ICMPv6, "-1" for all.
func sgProtocol(p string) string {
	switch strings.ToLower(p) {
	case "6", "tcp":
		return "tcp"
	case "17", "udp":
		return "udp"
	case "1", "icmp":
		return "icmp"
	case "58", "icmpv6":
		return "icmpv6"
	case "all", "-1":
		return "-1"
	}
	return strings.ToLower(p)
}

// readPerm reads one rule at prefix into the API's IpPermission. A rule
// whose protocol or ports are unknown cannot be placed: it is dropped
// and attr marked unread.
func readPerm(b *builder, prefix string, k permKeys, attr, selfID string) (ec2types.IpPermission, bool) {
	var p ec2types.IpPermission
	proto, ok := b.str(prefix+k.proto, attr)
	if !ok {
		if _, set := b.in.Get(prefix + k.proto); set {
			b.unknown(attr)
		}
		return p, false
	}
	proto = sgProtocol(proto)
	p.IpProtocol = aws.String(proto)
	if proto != "-1" { // all protocols: the API gives no ports
		for _, f := range []struct {
			key string
			dst **int32
		}{{k.from, &p.FromPort}, {k.to, &p.ToPort}} {
			n, ok := b.integer(prefix+f.key, attr)
			if !ok {
				if _, set := b.in.Get(prefix + f.key); set {
					b.unknown(attr)
					return p, false
				}
				continue
			}
			*f.dst = int32p(n)
		}
	}
	for _, c := range b.strList(prefix+k.cidr4, attr, false) {
		p.IpRanges = append(p.IpRanges, ec2types.IpRange{CidrIp: aws.String(c)})
	}
	for _, c := range b.strList(prefix+k.cidr6, attr, false) {
		p.Ipv6Ranges = append(p.Ipv6Ranges, ec2types.Ipv6Range{CidrIpv6: aws.String(c)})
	}
	for _, c := range b.strList(prefix+k.prefix, attr, true) {
		p.PrefixListIds = append(p.PrefixListIds, ec2types.PrefixListId{PrefixListId: aws.String(c)})
	}
	for _, g := range b.strList(prefix+k.group, attr, true) {
		p.UserIdGroupPairs = append(p.UserIdGroupPairs, ec2types.UserIdGroupPair{GroupId: aws.String(g)})
	}
	if k.self != "" {
		if self, ok := b.boolean(prefix+k.self, attr); ok && self {
			p.UserIdGroupPairs = append(p.UserIdGroupPairs, ec2types.UserIdGroupPair{GroupId: aws.String(selfID)})
		}
	}
	return p, true
}

// groupName is the group's name as AWS will know it: the name written,
// "default" for the adopted default group, and otherwise a name given
// at apply. It is never the resource's label, which may well be
// "default" while the group is not the VPC's default group (a name AWS
// reserves: only the VPC can create a group of that name).
func groupName(in *cloudres.Instance, path, name string) string {
	if in.Type == "aws_default_security_group" {
		return "default"
	}
	if s := knownStr(in, path); s != "" {
		return s
	}
	return setAtApply
}
