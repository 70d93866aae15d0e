package awsadapt

import (
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	ekstypes "github.com/aws/aws-sdk-go-v2/service/eks/types"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
	"github.com/vigil-cspm/vigil/internal/iac/cloudres"
	"github.com/vigil-cspm/vigil/internal/model"
)

// The network family: EC2 and VPC (security groups, network ACLs, VPCs
// with their flow logs, route tables, instances, volumes, the region's
// EBS default, VPC endpoints), RDS and EKS.
func networkAdapters() []adapter {
	return []adapter{
		{Target: awsmodel.TypeEC2SecurityGroup, Consumes: []string{"aws_security_group", "aws_default_security_group", "aws_security_group_rule",
			"aws_vpc_security_group_ingress_rule", "aws_vpc_security_group_egress_rule",
			"AWS::EC2::SecurityGroup", "AWS::EC2::SecurityGroupIngress", "AWS::EC2::SecurityGroupEgress"}, Adapt: adaptSecurityGroups},
		{Target: awsmodel.TypeEC2NetworkACL, Consumes: []string{"aws_network_acl", "aws_default_network_acl", "aws_network_acl_rule",
			"AWS::EC2::NetworkAcl", "AWS::EC2::NetworkAclEntry"}, Adapt: adaptNetworkACLs},
		{Target: awsmodel.TypeEC2VPC, Consumes: []string{"aws_vpc", "aws_default_vpc", "aws_flow_log", "AWS::EC2::VPC", "AWS::EC2::FlowLog"}, Adapt: adaptVPCs},
		{Target: awsmodel.TypeEC2RouteTable, Consumes: []string{"aws_route_table", "aws_default_route_table", "aws_route",
			"AWS::EC2::RouteTable", "AWS::EC2::Route"}, Adapt: adaptRouteTables},
		{Target: awsmodel.TypeEC2Instance, Consumes: []string{"aws_instance", "aws_launch_template", "AWS::EC2::Instance", "AWS::EC2::LaunchTemplate"}, Adapt: adaptInstances},
		{Target: awsmodel.TypeEC2Volume, Consumes: []string{"aws_ebs_volume", "AWS::EC2::Volume"}, Adapt: adaptVolumes},
		{Target: awsmodel.TypeEC2RegionalSettings, Consumes: []string{"aws_ebs_encryption_by_default", "aws_ebs_default_kms_key"}, Adapt: adaptEC2RegionalSettings},
		{Target: awsmodel.TypeEC2VPCEndpoint, Consumes: []string{"aws_vpc_endpoint", "AWS::EC2::VPCEndpoint"}, Adapt: adaptVPCEndpoints},
		{Target: awsmodel.TypeRDSDBInstance, Consumes: []string{"aws_db_instance", "aws_rds_cluster_instance", "AWS::RDS::DBInstance"}, Adapt: adaptDBInstances},
		{Target: awsmodel.TypeRDSDBCluster, Consumes: []string{"aws_rds_cluster", "AWS::RDS::DBCluster"}, Adapt: adaptDBClusters},
		{Target: awsmodel.TypeEKSCluster, Consumes: []string{"aws_eks_cluster", "AWS::EKS::Cluster"}, Adapt: adaptEKSClusters},
	}
}

// ---- shared helpers -------------------------------------------------

// strOrRef reads a string that may be set from another resource. A Ref
// is an attribute (id, arn, name) of a resource of the same source:
// certain to exist, only its text comes at apply, so it is kept as a
// placeholder naming that resource (presence checks decide on it; no
// rule compares it). Unknown still marks attr unread.
func (b *builder) strOrRef(path, attr string) (string, bool) {
	v, ok := b.in.Get(path)
	if !ok || v == nil {
		return "", false
	}
	if r, isRef := v.(cloudres.Ref); isRef {
		if attr != "" {
			b.locateFirst(attr, path)
		}
		return refPlaceholder(r), true
	}
	return b.str(path, attr)
}

func refPlaceholder(r cloudres.Ref) string {
	s := r.Address
	if r.Attr != "" {
		s += "." + r.Attr
	}
	return "${" + s + "}"
}

// strList reads a string or a list of strings. Unknown elements mark
// attr unread and are dropped; Ref elements become placeholders when
// refs is true, else they are unknown too.
func (b *builder) strList(path, attr string, refs bool) []string {
	v, ok := b.value(path, attr)
	if !ok {
		return nil
	}
	var items []any
	switch x := v.(type) {
	case []any:
		items = x
	default:
		items = []any{x}
	}
	var out []string
	for _, e := range items {
		switch x := e.(type) {
		case string:
			if x != "" {
				out = append(out, x)
			}
		case cloudres.Ref:
			if refs {
				out = append(out, refPlaceholder(x))
			} else {
				b.unknown(attr)
			}
		case cloudres.Unknown:
			b.unknown(attr)
		}
	}
	return out
}

// idOr is the identifier the model's *_id field carries: the source's
// known value, else the IaC address (the real ID exists only after
// apply; rules print it in messages).
func (b *builder) idOr(path string) string {
	if path != "" {
		if v, ok := b.in.Get(path); ok {
			if s, ok := v.(string); ok && s != "" {
				return s
			}
		}
	}
	return b.in.Address
}

// nameOr is the value at path when it is a known string, else the
// resource's name label or logical ID.
func (b *builder) nameOr(path string) string {
	if v, ok := b.in.Get(path); ok {
		if s, ok := v.(string); ok && s != "" {
			return s
		}
	}
	return b.in.Name
}

// scalar reads a string or a number as text (a protocol may be written
// either way; decoded YAML gives Go ints).
func (b *builder) scalar(path, attr string) (string, bool) {
	if v, ok := b.in.Get(path); ok {
		if n, isInt := v.(int); isInt {
			b.value(path, attr)
			return itoa(n), true
		}
	}
	return b.str(path, attr)
}

func i32(n int64) *int32 { v := int32(n); return &v }

// inScope returns the instances of type t in the scope of of.
func (ix *Index) inScope(t string, of *cloudres.Instance) []*cloudres.Instance {
	var out []*cloudres.Instance
	for _, in := range ix.OfType(t) {
		if scopeKey(in) == scopeKey(of) {
			out = append(out, in)
		}
	}
	return out
}

// linkState tells how a satellite's link attribute points: at target,
// elsewhere, or nowhere known (Unknown, or a Ref that does not resolve).
type linkState int

const (
	linkOther linkState = iota
	linkTarget
	linkUnknown
)

func (ix *Index) linkOf(sat *cloudres.Instance, attr string, target *cloudres.Instance, ids ...string) linkState {
	v, ok := sat.Get(attr)
	if !ok || v == nil {
		return linkOther
	}
	switch x := v.(type) {
	case cloudres.Unknown:
		return linkUnknown
	case cloudres.Ref:
		to, ok := ix.Resolve(sat, x)
		if !ok {
			return linkUnknown
		}
		if to == target {
			ix.claim(sat, attr)
			return linkTarget
		}
		return linkOther
	case string:
		for _, id := range ids {
			if id != "" && x == id {
				ix.claim(sat, attr)
				return linkTarget
			}
		}
	}
	return linkOther
}

// ---- security groups ------------------------------------------------

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
	proto, ok := b.scalar(prefix+k.proto, attr)
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
			*f.dst = i32(n)
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

func adaptSecurityGroups(ix *Index) []*model.Resource {
	var out []*model.Resource
	for _, t := range []string{"aws_security_group", "aws_default_security_group"} {
		for _, in := range ix.OfType(t) {
			out = append(out, tfSecurityGroup(ix, in, t == "aws_default_security_group"))
		}
	}
	for _, in := range ix.OfType("AWS::EC2::SecurityGroup") {
		out = append(out, cfnSecurityGroup(ix, in))
	}
	return out
}

func tfSecurityGroup(ix *Index, in *cloudres.Instance, isDefault bool) *model.Resource {
	b := newBuilder(in)
	g := awsmodel.EC2SecurityGroup{}
	name := b.nameOr("name")
	if isDefault {
		name = "default"
	}
	id := b.idOr("id")
	g.GroupId, g.GroupName = aws.String(id), aws.String(name)
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
	return b.resource(awsmodel.TypeEC2SecurityGroup, name, g)
}

func cfnSecurityGroup(ix *Index, in *cloudres.Instance) *model.Resource {
	b := newBuilder(in)
	g := awsmodel.EC2SecurityGroup{}
	name := b.nameOr("GroupName")
	id := in.Address
	g.GroupId, g.GroupName = aws.String(id), aws.String(name)
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
	return b.resource(awsmodel.TypeEC2SecurityGroup, name, g)
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

// ---- network ACLs ---------------------------------------------------

// naclProtocol spells a protocol as DescribeNetworkAcls returns it: the
// IANA number, "-1" for all.
func naclProtocol(p string) string {
	switch strings.ToLower(p) {
	case "tcp":
		return "6"
	case "udp":
		return "17"
	case "icmp":
		return "1"
	case "icmpv6":
		return "58"
	case "all":
		return "-1"
	}
	return p
}

type naclKeys struct{ number, action, proto, cidr4, cidr6, from, to string }

var (
	tfInlineEntry = naclKeys{"rule_no", "action", "protocol", "cidr_block", "ipv6_cidr_block", "from_port", "to_port"}
	tfRuleEntry   = naclKeys{"rule_number", "rule_action", "protocol", "cidr_block", "ipv6_cidr_block", "from_port", "to_port"}
	cfnEntry      = naclKeys{"RuleNumber", "RuleAction", "Protocol", "CidrBlock", "Ipv6CidrBlock", "PortRange.From", "PortRange.To"}
)

// readEntry reads one NACL entry; any unknown field drops it and marks
// "entries" unread (an entry cannot be half evaluated: its rule number
// orders it against the others).
func readEntry(b *builder, prefix string, k naclKeys, egress bool) (ec2types.NetworkAclEntry, bool) {
	e := ec2types.NetworkAclEntry{Egress: aws.Bool(egress)}
	before := len(b.unread)
	num, okN := b.integer(prefix+k.number, "entries")
	act, okA := b.str(prefix+k.action, "entries")
	proto, okP := b.scalar(prefix+k.proto, "entries")
	if !okN || !okA || !okP || len(b.unread) > before {
		b.unknown("entries")
		return e, false
	}
	e.RuleNumber, e.RuleAction = i32(num), ec2types.RuleAction(strings.ToLower(act))
	e.Protocol = aws.String(naclProtocol(proto))
	if c, ok := b.str(prefix+k.cidr4, "entries"); ok && c != "" {
		e.CidrBlock = aws.String(c)
	}
	if c, ok := b.str(prefix+k.cidr6, "entries"); ok && c != "" {
		e.Ipv6CidrBlock = aws.String(c)
	}
	if *e.Protocol != "-1" {
		from, okF := b.integer(prefix+k.from, "entries")
		to, okT := b.integer(prefix+k.to, "entries")
		if okF && okT {
			e.PortRange = &ec2types.PortRange{From: i32(from), To: i32(to)}
		}
	}
	if len(b.unread) > before {
		return e, false
	}
	return e, true
}

func adaptNetworkACLs(ix *Index) []*model.Resource {
	var out []*model.Resource
	for _, t := range []string{"aws_network_acl", "aws_default_network_acl"} {
		for _, in := range ix.OfType(t) {
			b := newBuilder(in)
			isDefault := t == "aws_default_network_acl"
			id := b.idOr("id")
			a := awsmodel.EC2NetworkACL{NetworkAcl: ec2types.NetworkAcl{NetworkAclId: aws.String(id), IsDefault: aws.Bool(isDefault)}}
			if vpc, ok := b.strOrRef("vpc_id", "vpc_id"); ok {
				a.VpcId = aws.String(vpc)
			}
			// Terraform manages the whole entry list (an adopted default
			// ACL loses the entries it had): the entries are those declared.
			for _, dir := range []string{"ingress", "egress"} {
				for i := range b.list(dir, "entries") {
					if e, ok := readEntry(b, dir+"."+itoa(i)+".", tfInlineEntry, dir == "egress"); ok {
						a.Entries = append(a.Entries, e)
					}
				}
			}
			if !isDefault {
				for _, sat := range ix.Satellites("aws_network_acl_rule", "network_acl_id", in, id) {
					sb := newBuilder(sat)
					egress, _ := sb.boolean("egress", "entries") // default false (ingress)
					if e, ok := readEntry(sb, "", tfRuleEntry, egress); ok {
						a.Entries = append(a.Entries, e)
					}
					b.merge(sb)
				}
			}
			out = append(out, b.resource(awsmodel.TypeEC2NetworkACL, in.Name, a))
		}
	}
	for _, in := range ix.OfType("AWS::EC2::NetworkAcl") {
		b := newBuilder(in)
		a := awsmodel.EC2NetworkACL{NetworkAcl: ec2types.NetworkAcl{NetworkAclId: aws.String(in.Address), IsDefault: aws.Bool(false)}}
		if vpc, ok := b.strOrRef("VpcId", "vpc_id"); ok {
			a.VpcId = aws.String(vpc)
		}
		for _, sat := range ix.Satellites("AWS::EC2::NetworkAclEntry", "NetworkAclId", in) {
			sb := newBuilder(sat)
			egress, _ := sb.boolean("Egress", "entries") // default false
			if e, ok := readEntry(sb, "", cfnEntry, egress); ok {
				a.Entries = append(a.Entries, e)
			}
			b.merge(sb)
		}
		out = append(out, b.resource(awsmodel.TypeEC2NetworkACL, in.Name, a))
	}
	return out
}

// ---- VPCs and flow logs ---------------------------------------------

func adaptVPCs(ix *Index) []*model.Resource {
	var out []*model.Resource
	for _, t := range []string{"aws_vpc", "aws_default_vpc", "AWS::EC2::VPC"} {
		for _, in := range ix.OfType(t) {
			b := newBuilder(in)
			v := awsmodel.EC2VPC{}
			v.VpcId, v.IsDefault = aws.String(b.idOr("id")), aws.Bool(t == "aws_default_vpc")
			if c, ok := b.str(spell(in, "cidr_block", "CidrBlock"), ""); ok {
				v.CidrBlock = aws.String(c)
			}
			// A flow log the source declares for the VPC is created
			// ACTIVE (the state DescribeFlowLogs reports for a working
			// log). A flow log whose VPC cannot be told (unknown, or a
			// reference out of the scope) might be this VPC's: the
			// derived flag is then unread rather than false.
			undecided := false
			for _, fl := range ix.inScope(spell(in, "aws_flow_log", "AWS::EC2::FlowLog"), in) {
				if cfn(fl) {
					if rt, _ := fl.Get("ResourceType"); rt != "VPC" {
						continue
					}
				}
				switch ix.linkOf(fl, spell(fl, "vpc_id", "ResourceId"), in, *v.VpcId) {
				case linkTarget:
					fb := newBuilder(fl)
					f := ec2types.FlowLog{FlowLogId: aws.String(fl.Address), ResourceId: v.VpcId, FlowLogStatus: aws.String("ACTIVE")}
					if tt, ok := fb.str(spell(fl, "traffic_type", "TrafficType"), "flow_logs"); ok {
						f.TrafficType = ec2types.TrafficType(tt)
					}
					v.FlowLogs = append(v.FlowLogs, f)
					b.locateBlock("flow_logs_enabled", fl)
					b.merge(fb)
				case linkUnknown:
					undecided = true
				}
			}
			// Every flow log declared is active: with one, the flag is set.
			if undecided && len(v.FlowLogs) == 0 {
				b.unknown("flow_logs_enabled")
			}
			out = append(out, b.resource(awsmodel.TypeEC2VPC, b.nameTag(), v))
		}
	}
	return out
}

// ---- route tables ---------------------------------------------------

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

// ---- instances ------------------------------------------------------

func adaptInstances(ix *Index) []*model.Resource {
	var out []*model.Resource
	for _, in := range both(ix, "aws_instance", "AWS::EC2::Instance") {
		out = append(out, ec2Instance(ix, in))
	}
	return out
}

// ec2Instance builds an instance. Its state is "running": an instance a
// template declares is launched running and stays so unless something
// outside the declaration stops it — the state the rules mean by a live
// instance (a Terraform state file's recorded instance_state wins).
// IMDS and the instance profile come from the instance, else from a
// launch template of the same scope it names.
func ec2Instance(ix *Index, in *cloudres.Instance) *model.Resource {
	b := newBuilder(in)
	inst := awsmodel.EC2Instance{}
	inst.InstanceId = aws.String(b.idOr("id"))
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
	if lt != nil {
		b.merge(lt)
	}
	if unknownIMDS {
		b.unknown("imdsv2_required")
	}
	return b.resource(awsmodel.TypeEC2Instance, b.nameTag(), inst)
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

// ---- volumes and the region's EBS default ---------------------------

// ebsDefault returns whether the scope turns EBS encryption by default
// on (aws_ebs_encryption_by_default; its "enabled" defaults to true).
func ebsDefault(ix *Index, of *cloudres.Instance) bool {
	for _, in := range ix.inScope("aws_ebs_encryption_by_default", of) {
		v, set := in.Get("enabled")
		if !set || v == nil || v == true {
			return true
		}
	}
	return false
}

func adaptVolumes(ix *Index) []*model.Resource {
	var out []*model.Resource
	for _, in := range both(ix, "aws_ebs_volume", "AWS::EC2::Volume") {
		b := newBuilder(in)
		v := awsmodel.EC2Volume{}
		v.VolumeId = aws.String(b.idOr("id"))
		// Encrypted defaults to false (Terraform aws_ebs_volume and
		// CloudFormation AWS::EC2::Volume), unless the region encrypts
		// new volumes by default — known here only when the same scope
		// declares aws_ebs_encryption_by_default.
		enc := spell(in, "encrypted", "Encrypted")
		if e, ok := b.boolean(enc, "encrypted"); ok {
			v.Encrypted = aws.Bool(e)
		} else if _, set := in.Get(enc); !set {
			v.Encrypted = aws.Bool(ebsDefault(ix, in))
		}
		if k, ok := b.strOrRef(spell(in, "kms_key_id", "KmsKeyId"), "kms_key_id"); ok {
			v.KmsKeyId = aws.String(k)
		}
		if n, ok := b.integer(spell(in, "size", "Size"), ""); ok {
			v.Size = i32(n)
		}
		if s, ok := b.str(spell(in, "type", "VolumeType"), ""); ok {
			v.VolumeType = ec2types.VolumeType(s)
		}
		out = append(out, b.resource(awsmodel.TypeEC2Volume, b.nameTag(), v))
	}
	return out
}

// adaptEC2RegionalSettings builds the region's settings from
// aws_ebs_encryption_by_default (and aws_ebs_default_kms_key in the same
// scope). The other regional settings are not declared by it: they are
// unread, not assumed.
func adaptEC2RegionalSettings(ix *Index) []*model.Resource {
	var out []*model.Resource
	for _, in := range ix.OfType("aws_ebs_encryption_by_default") {
		b := newBuilder(in)
		var st awsmodel.EC2RegionalSettings
		// "enabled" defaults to true (Terraform aws_ebs_encryption_by_default).
		if e, ok := b.boolean("enabled", "ebs_encryption_by_default"); ok {
			st.EbsEncryptionByDefault = aws.Bool(e)
		} else if _, set := in.Get("enabled"); !set {
			st.EbsEncryptionByDefault = aws.Bool(true)
		}
		keyKnown := false
		for _, k := range ix.inScope("aws_ebs_default_kms_key", in) {
			kb := newBuilder(k)
			if s, ok := kb.strOrRef("key_arn", "ebs_default_kms_key_id"); ok {
				st.EbsDefaultKmsKeyID, keyKnown = aws.String(s), true
			}
			b.merge(kb)
		}
		if !keyKnown {
			b.unknown("ebs_default_kms_key_id")
		}
		for _, a := range []string{"instance_metadata_defaults", "snapshot_block_public_access_state", "image_block_public_access_state"} {
			b.unknown(a)
		}
		out = append(out, b.resource(awsmodel.TypeEC2RegionalSettings, in.Name, st))
	}
	return out
}

// ---- VPC endpoints --------------------------------------------------

func adaptVPCEndpoints(ix *Index) []*model.Resource {
	var out []*model.Resource
	for _, in := range both(ix, "aws_vpc_endpoint", "AWS::EC2::VPCEndpoint") {
		b := newBuilder(in)
		e := awsmodel.EC2VPCEndpoint{}
		e.VpcEndpointId = aws.String(b.idOr("id"))
		if s, ok := b.strOrRef(spell(in, "service_name", "ServiceName"), "service_name"); ok {
			e.ServiceName = aws.String(s)
		}
		// The endpoint type defaults to Gateway (both sources).
		e.VpcEndpointType = ec2types.VpcEndpointTypeGateway
		if s, ok := b.str(spell(in, "vpc_endpoint_type", "VpcEndpointType"), "vpc_endpoint_type"); ok {
			e.VpcEndpointType = ec2types.VpcEndpointType(s)
		}
		if s, ok := b.strOrRef(spell(in, "vpc_id", "VpcId"), "vpc_id"); ok {
			e.VpcId = aws.String(s)
		}
		pol := spell(in, "policy", "PolicyDocument")
		if doc := b.policy(pol, "policy", ""); doc != nil {
			e.Policy = doc
			e.PolicyDocument = aws.String(mustJSON(in.Values[pol]))
			if s, ok := in.Values[pol].(string); ok {
				e.PolicyDocument = aws.String(s)
			}
		}
		out = append(out, b.resource(awsmodel.TypeEC2VPCEndpoint, in.Name, e))
	}
	return out
}

// ---- RDS ------------------------------------------------------------

// rdsBool reads a boolean, applying the default AWS (or the provider)
// applies when the source omits it; nil when the value is unknown.
func rdsBool(b *builder, path, attr string, def bool) *bool {
	if v, ok := b.boolean(path, attr); ok {
		return aws.Bool(v)
	}
	if _, set := b.in.Get(path); set {
		return nil // unknown: marked unread
	}
	return aws.Bool(def)
}

func adaptDBInstances(ix *Index) []*model.Resource {
	var out []*model.Resource
	for _, t := range []string{"aws_db_instance", "aws_rds_cluster_instance", "AWS::RDS::DBInstance"} {
		for _, in := range ix.OfType(t) {
			b := newBuilder(in)
			d := awsmodel.RDSDBInstance{}
			name := b.nameOr(spell(in, "identifier", "DBInstanceIdentifier"))
			d.DBInstanceIdentifier = aws.String(name)
			if s, ok := b.str(spell(in, "engine", "Engine"), ""); ok {
				d.Engine = aws.String(s)
			}
			if s, ok := b.str(spell(in, "instance_class", "DBInstanceClass"), ""); ok {
				d.DBInstanceClass = aws.String(s)
			}
			if s, ok := b.strOrRef(spell(in, "cluster_identifier", "DBClusterIdentifier"), "db_cluster_identifier"); ok {
				d.DBClusterIdentifier = aws.String(s)
			}
			if s, ok := b.strOrRef(spell(in, "kms_key_id", "KmsKeyId"), "kms_key_id"); ok {
				d.KmsKeyId = aws.String(s)
			}
			// Defaults of the provider (aws_db_instance,
			// aws_rds_cluster_instance) and of AWS::RDS::DBInstance:
			// auto_minor_version_upgrade true; multi_az and
			// storage_encrypted false (aws_rds_cluster_instance has
			// neither: its cluster decides). publicly_accessible is false
			// in Terraform; CloudFormation's PubliclyAccessible has no
			// fixed default (it follows the VPC's internet gateway and the
			// subnet group): omitted, it is unread.
			pub := spell(in, "publicly_accessible", "PubliclyAccessible")
			if _, set := in.Get(pub); set || !cfn(in) {
				d.PubliclyAccessible = rdsBool(b, pub, "publicly_accessible", false)
			} else {
				b.unknown("publicly_accessible")
			}
			d.AutoMinorVersionUpgrade = rdsBool(b, spell(in, "auto_minor_version_upgrade", "AutoMinorVersionUpgrade"), "auto_minor_version_upgrade", true)
			if t != "aws_rds_cluster_instance" {
				d.MultiAZ = rdsBool(b, spell(in, "multi_az", "MultiAZ"), "multi_az", false)
				d.StorageEncrypted = rdsEncrypted(b, spell(in, "storage_encrypted", "StorageEncrypted"),
					spell(in, "snapshot_identifier", "DBSnapshotIdentifier"), spell(in, "replicate_source_db", "SourceDBInstanceIdentifier"))
			}
			out = append(out, b.resource(awsmodel.TypeRDSDBInstance, name, d))
		}
	}
	return out
}

// rdsEncrypted reads storage encryption, default false; a database
// restored from a snapshot or replicating another inherits its source's
// encryption, which the source does not tell: unread.
func rdsEncrypted(b *builder, path string, inherits ...string) *bool {
	if _, set := b.in.Get(path); !set {
		for _, p := range inherits {
			if v, set := b.in.Get(p); p != "" && set && v != nil && v != "" {
				b.unknown("storage_encrypted")
				return nil
			}
		}
	}
	return rdsBool(b, path, "storage_encrypted", false)
}

func adaptDBClusters(ix *Index) []*model.Resource {
	var out []*model.Resource
	for _, in := range both(ix, "aws_rds_cluster", "AWS::RDS::DBCluster") {
		b := newBuilder(in)
		c := awsmodel.RDSDBCluster{}
		name := b.nameOr(spell(in, "cluster_identifier", "DBClusterIdentifier"))
		c.DBClusterIdentifier = aws.String(name)
		if s, ok := b.str(spell(in, "engine", "Engine"), ""); ok {
			c.Engine = aws.String(s)
		}
		mode, _ := b.str(spell(in, "engine_mode", "EngineMode"), "")
		if mode == "" {
			mode = "provisioned" // the default of both sources
		}
		c.EngineMode = aws.String(mode)
		if s, ok := b.strOrRef(spell(in, "kms_key_id", "KmsKeyId"), "kms_key_id"); ok {
			c.KmsKeyId = aws.String(s)
		}
		// Storage encryption defaults to false, except for Aurora
		// Serverless v1 clusters, which are always encrypted (provider
		// docs, AWS::RDS::DBCluster StorageEncrypted); a cluster restored
		// from a snapshot or another cluster inherits its source's.
		enc := spell(in, "storage_encrypted", "StorageEncrypted")
		c.StorageEncrypted = rdsEncrypted(b, enc, spell(in, "snapshot_identifier", "SnapshotIdentifier"),
			spell(in, "replication_source_identifier", "SourceDBClusterIdentifier"), spell(in, "restore_to_point_in_time", ""))
		if _, set := in.Get(enc); !set && mode == "serverless" {
			c.StorageEncrypted = aws.Bool(true)
		}
		out = append(out, b.resource(awsmodel.TypeRDSDBCluster, name, c))
	}
	return out
}

// ---- EKS ------------------------------------------------------------

// adaptEKSClusters reads both sources; control-plane log types are a
// list of names in Terraform and {Type: api} items in CloudFormation.
func adaptEKSClusters(ix *Index) []*model.Resource {
	var out []*model.Resource
	for _, in := range both(ix, "aws_eks_cluster", "AWS::EKS::Cluster") {
		out = append(out, eksCluster(in))
	}
	return out
}

func eksCluster(in *cloudres.Instance) *model.Resource {
	b := newBuilder(in)
	c := awsmodel.EKSCluster{}
	name := b.nameOr(spell(in, "name", "Name"))
	c.Name = aws.String(name)
	// EKS API defaults (VpcConfigRequest; the provider and CloudFormation
	// pass them through): endpointPublicAccess true, endpointPrivateAccess
	// false, publicAccessCidrs ["0.0.0.0/0"] when public access is on.
	vpc := spell(in, "vpc_config.0.", "ResourcesVpcConfig.")
	vc := &ekstypes.VpcConfigResponse{EndpointPublicAccess: true}
	if v, ok := b.boolean(vpc+spell(in, "endpoint_public_access", "EndpointPublicAccess"), "resources_vpc_config"); ok {
		vc.EndpointPublicAccess = v
	}
	if v, ok := b.boolean(vpc+spell(in, "endpoint_private_access", "EndpointPrivateAccess"), "resources_vpc_config"); ok {
		vc.EndpointPrivateAccess = v
	}
	vc.PublicAccessCidrs = b.strList(vpc+spell(in, "public_access_cidrs", "PublicAccessCidrs"), "resources_vpc_config", false)
	if len(vc.PublicAccessCidrs) == 0 && vc.EndpointPublicAccess {
		vc.PublicAccessCidrs = []string{"0.0.0.0/0"}
	}
	c.ResourcesVpcConfig = vc
	// Control-plane logs: none unless listed.
	ls := ekstypes.LogSetup{Enabled: aws.Bool(true)}
	logs := spell(in, "enabled_cluster_log_types", "Logging.ClusterLogging.EnabledTypes")
	for i := range b.list(logs, "enabled_log_types") {
		// Terraform lists the names; CloudFormation {Type: name} items.
		if s, ok := b.str(logs+"."+itoa(i)+spell(in, "", ".Type"), "enabled_log_types"); ok {
			ls.Types = append(ls.Types, ekstypes.LogType(s))
		}
	}
	if len(ls.Types) > 0 {
		c.Logging = &ekstypes.Logging{ClusterLogging: []ekstypes.LogSetup{ls}}
	}
	// Envelope encryption: a key set from another resource (a KMS key of
	// the template) is a customer-managed key whatever its ARN.
	enc := spell(in, "encryption_config", "EncryptionConfig")
	for i := range b.list(enc, "secrets_encrypted") {
		p := enc + "." + itoa(i) + "."
		// The resource list no longer narrows what EKS encrypts (it
		// encrypts all API data); only the key matters.
		var ec ekstypes.EncryptionConfig
		if k, ok := b.strOrRef(p+spell(in, "provider.0.key_arn", "Provider.KeyArn"), "secrets_encrypted"); ok {
			ec.Provider = &ekstypes.Provider{KeyArn: aws.String(k)}
		}
		c.EncryptionConfig = append(c.EncryptionConfig, ec)
	}
	return b.resource(awsmodel.TypeEKSCluster, name, c)
}
