package awsadapt

import (
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
	"github.com/vigil-cspm/vigil/internal/iac/cloudres"
)

// ec2NetworkACL reads a network ACL with its entries, inline and
// declared as resources of their own.
func ec2NetworkACL(ix *Index, b *builder) (string, any) {
	in := b.in
	if cfn(in) {
		a := awsmodel.EC2NetworkACL{NetworkAcl: ec2types.NetworkAcl{NetworkAclId: aws.String(in.Address), IsDefault: aws.Bool(false)}}
		if vpc, ok := b.strOrRef("VpcId", "vpc_id"); ok {
			a.VpcId = aws.String(vpc)
		}
		for _, sat := range ix.Satellites("AWS::EC2::NetworkAclEntry", "NetworkAclId", in) {
			a.Entries = append(a.Entries, readEntryResource(b, sat, cfnEntry)...)
		}
		return in.Name, a
	}
	isDefault := in.Type == "aws_default_network_acl"
	id := b.idOr()
	a := awsmodel.EC2NetworkACL{NetworkAcl: ec2types.NetworkAcl{NetworkAclId: aws.String(id), IsDefault: aws.Bool(isDefault)}}
	if vpc, ok := b.strOrRef("vpc_id", "vpc_id"); ok {
		a.VpcId = aws.String(vpc)
	}
	// Terraform manages the whole entry list (an adopted default ACL
	// loses the entries it had): the entries are those declared.
	for _, dir := range []string{"ingress", "egress"} {
		for i := range b.list(dir, "entries") {
			if e, ok := readEntry(b, dir+"."+itoa(i)+".", tfInlineEntry, dir == "egress"); ok {
				a.Entries = append(a.Entries, e)
			}
		}
	}
	if !isDefault {
		for _, sat := range ix.Satellites("aws_network_acl_rule", "network_acl_id", in, id) {
			a.Entries = append(a.Entries, readEntryResource(b, sat, tfRuleEntry)...)
		}
	}
	return in.Name, a
}

// readEntryResource reads the entry a separate resource declares
// (aws_network_acl_rule, AWS::EC2::NetworkAclEntry; ingress unless it
// says egress) into the ACL b builds.
func readEntryResource(b *builder, sat *cloudres.Instance, k naclKeys) []ec2types.NetworkAclEntry {
	sb := newBuilder(sat)
	defer b.merge(sb)
	egress, _ := sb.boolean(spell(sat, "egress", "Egress"), "entries")
	if e, ok := readEntry(sb, "", k, egress); ok {
		return []ec2types.NetworkAclEntry{e}
	}
	return nil
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
	proto, okP := b.str(prefix+k.proto, "entries")
	if !okN || !okA || !okP || len(b.unread) > before {
		b.unknown("entries")
		return e, false
	}
	e.RuleNumber, e.RuleAction = int32p(num), ec2types.RuleAction(strings.ToLower(act))
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
			e.PortRange = &ec2types.PortRange{From: int32p(from), To: int32p(to)}
		}
	}
	if len(b.unread) > before {
		return e, false
	}
	return e, true
}

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
