# Network helpers for AWS rules: security group permissions and network
# ACL entries as DescribeSecurityGroups and DescribeNetworkAcls return
# them (snake_case attributes). Library modules carry no METADATA header
# and no deny rule.
package vigil.lib.aws_net

import rego.v1

# The two "whole internet" CIDRs.
any_ipv4 := "0.0.0.0/0"

any_ipv6 := "::/0"

# Protocols as the APIs spell them: security groups say "tcp"/"udp",
# NACLs give IANA numbers; "-1" is every protocol (and every port).
tcp := {"tcp", "6"}

udp := {"udp", "17"}

all_protocols := {"-1", "all"}

# range_covers holds when port lies in [from, to].
range_covers(from, to, port) if {
	from <= port
	port <= to
}

# proto_matches(p, proto): an API protocol value p carries proto
# ("tcp" or "udp").
proto_matches(p, _) if p in all_protocols

proto_matches(p, "tcp") if p in tcp

proto_matches(p, "udp") if p in udp

# sg_covers(perm, proto, port): a security group permission (an
# ip_permissions item) admits proto traffic to port. Protocol -1 opens
# every port whatever from_port/to_port say.
sg_covers(perm, _, _) if perm.ip_protocol in all_protocols

sg_covers(perm, proto, port) if {
	not perm.ip_protocol in all_protocols
	proto_matches(perm.ip_protocol, proto)
	range_covers(perm.from_port, perm.to_port, port)
}

# sg_from(perm, cidr): the permission admits sources of cidr (one of the
# IPv4 ranges or IPv6 ranges is exactly cidr).
sg_from(perm, cidr) if {
	some r in object.get(perm, "ip_ranges", [])
	r.cidr_ip == cidr
}

sg_from(perm, cidr) if {
	some r in object.get(perm, "ipv6_ranges", [])
	r.cidr_ipv6 == cidr
}

# sg_open(perm, cidr, port): the permission admits TCP to port from
# cidr.
sg_open(perm, cidr, port) if {
	sg_from(perm, cidr)
	sg_covers(perm, "tcp", port)
}

# nacl_cidr is the source (inbound) or destination (outbound) range of
# a NACL entry, IPv4 or IPv6.
nacl_cidr(entry) := entry.cidr_block

nacl_cidr(entry) := entry.ipv6_cidr_block

# nacl_inbound_covers(entry, cidr, proto, port): an inbound entry
# matches proto traffic to port from every address of cidr.
nacl_inbound_covers(entry, cidr, proto, port) if {
	not entry.egress
	nacl_cidr(entry) == cidr
	proto_matches(entry.protocol, proto)
	nacl_port_covers(entry, port)
}

nacl_port_covers(entry, _) if entry.protocol in all_protocols

nacl_port_covers(entry, port) if {
	not entry.protocol in all_protocols
	range_covers(entry.port_range.from, entry.port_range.to, port)
}

# nacl_exposes(entries, allow, cidr, proto, port): allow is an inbound
# allow entry for cidr, proto and port that takes effect — NACL entries
# are evaluated lowest rule number first, so an allow only matters when
# no lower-numbered deny already matches the same traffic from all of
# cidr. (A deny from a narrower range leaves the rest of the internet
# allowed, so it does not count.)
nacl_exposes(entries, allow, cidr, proto, port) if {
	allow.rule_action == "allow"
	nacl_inbound_covers(allow, cidr, proto, port)
	not nacl_denied_before(entries, allow.rule_number, cidr, proto, port)
}

nacl_denied_before(entries, n, cidr, proto, port) if {
	some d in entries
	d.rule_action == "deny"
	d.rule_number < n
	nacl_inbound_covers(d, cidr, proto, port)
}
