package awsadapt

import (
	"slices"
	"testing"

	"github.com/vigil-cspm/vigil/internal/iac/cloudres"
)

func cfnRes(typ, id string, line int, props map[string]any) cloudres.Instance {
	return cloudres.Instance{Source: cloudres.CloudFormation, Type: typ, Address: id, Name: id, File: "stack.yaml", Line: line, Values: props}
}

func refAt(addr, attr string) cloudres.Ref { return cloudres.Ref{Address: addr, Attr: attr} }

func items(v ...any) []any { return v }

type props = map[string]any

// fires checks that rule fired on every name in bad and on none in good.
func assertFires(t *testing.T, got map[string][]string, rule string, bad, good []string) {
	t.Helper()
	for _, n := range bad {
		if !slices.Contains(got[rule], n) {
			t.Errorf("%s did not fire on %s: %v", rule, n, got[rule])
		}
	}
	for _, n := range good {
		if slices.Contains(got[rule], n) {
			t.Errorf("%s fired on %s", rule, n)
		}
	}
}

func unreadAttrs(t *testing.T, res Result, name string) []any {
	t.Helper()
	u, _ := find(t, res, name).Attributes["unread"].([]any)
	return u
}

func TestTerraformSecurityGroups(t *testing.T) {
	insts := []cloudres.Instance{
		// Inline ingress open to SSH; an aws_security_group_rule adds RDP
		// from ::/0 and a vpc ingress rule adds SMB.
		tf("aws_security_group", "aws_security_group.web", 1, props{"name": "web", "vpc_id": refAt("aws_vpc.main", "id"),
			"ingress": items(props{"protocol": "tcp", "from_port": int64(22), "to_port": int64(22), "cidr_blocks": items("0.0.0.0/0")})}),
		tf("aws_security_group_rule", "aws_security_group_rule.rdp", 10, props{"type": "ingress", "security_group_id": refAt("aws_security_group.web", "id"),
			"protocol": "6", "from_port": int64(3380), "to_port": int64(3390), "ipv6_cidr_blocks": items("::/0")}),
		tf("aws_vpc_security_group_ingress_rule", "aws_vpc_security_group_ingress_rule.smb", 20, props{"security_group_id": refAt("aws_security_group.web", "id"),
			"ip_protocol": "-1", "cidr_ipv4": "0.0.0.0/0"}),
		// A closed group: HTTPS only, and an egress rule.
		tf("aws_security_group", "aws_security_group.ok", 30, props{"name": "ok",
			"ingress": items(props{"protocol": "tcp", "from_port": int64(443), "to_port": int64(443), "cidr_blocks": items("0.0.0.0/0")}),
			"egress":  items(props{"protocol": "-1", "from_port": int64(0), "to_port": int64(0), "cidr_blocks": items("0.0.0.0/0")})}),
		// An unknown port range: the rule cannot be placed.
		tf("aws_security_group", "aws_security_group.unknown", 40, props{"name": "unknown",
			"ingress": items(props{"protocol": "tcp", "from_port": cloudres.Unknown{}, "to_port": int64(22), "cidr_blocks": items("0.0.0.0/0")})}),
		// The default group with rules declared, and one without.
		tf("aws_default_security_group", "aws_default_security_group.d", 50, props{"vpc_id": refAt("aws_vpc.main", "id"),
			"egress": items(props{"protocol": "-1", "from_port": int64(0), "to_port": int64(0), "cidr_blocks": items("0.0.0.0/0")})}),
		tf("aws_default_security_group", "aws_default_security_group.empty", 60, props{"vpc_id": "vpc-123"}),
	}
	res, got := evaluate(t, insts)
	assertFires(t, got, "aws-ec2-sg-admin-ports-ipv4", []string{"web"}, []string{"ok", "unknown"})
	assertFires(t, got, "aws-ec2-sg-admin-ports-ipv6", []string{"web"}, []string{"ok"})
	assertFires(t, got, "aws-ec2-smb-open", []string{"web"}, []string{"ok"})
	web := find(t, res, "web")
	if perms, _ := web.Attributes["ip_permissions"].([]any); len(perms) != 3 {
		t.Errorf("inline, rule and vpc rule merge into one group: %v", web.Attributes["ip_permissions"])
	}
	if web.Source.Lines["ip_permissions"] != 1 {
		t.Errorf("lines %v", web.Source.Lines)
	}
	if !slices.Contains(unreadAttrs(t, res, "unknown"), any("ip_permissions")) {
		t.Error("unknown ports must leave ip_permissions unread")
	}
	// Both default groups are named "default": tell them by ID.
	var withRules, empty bool
	for _, r := range res.Resources {
		if r.Type != "aws.ec2.security_group" || r.Name != "default" {
			continue
		}
		if r.Attributes["is_default"] != true {
			t.Errorf("default group not marked: %v", r.Attributes)
		}
		_, has := r.Attributes["ip_permissions_egress"]
		withRules = withRules || has
		empty = empty || !has
	}
	if !withRules || !empty {
		t.Error("default groups: one with declared egress, one emptied by Terraform")
	}
	if n := len(got["aws-ec2-default-sg-rules"]); n != 1 {
		t.Errorf("default-sg-rules fires once (the group with rules): %v", got["aws-ec2-default-sg-rules"])
	}
}

func TestCloudFormationSecurityGroups(t *testing.T) {
	insts := []cloudres.Instance{
		cfnRes("AWS::EC2::SecurityGroup", "Web", 1, props{"GroupDescription": "web", "VpcId": refAt("Vpc", ""),
			"SecurityGroupIngress": items(props{"IpProtocol": "tcp", "FromPort": "0", "ToPort": "65535", "CidrIp": "0.0.0.0/0"})}),
		cfnRes("AWS::EC2::SecurityGroup", "Db", 20, props{"GroupDescription": "db", "GroupName": "db",
			"SecurityGroupIngress": items(props{"IpProtocol": "tcp", "FromPort": 5432, "ToPort": 5432, "SourceSecurityGroupId": refAt("Web", "GroupId")})}),
		cfnRes("AWS::EC2::SecurityGroupIngress", "DbSSH", 30, props{"GroupId": refAt("Db", "GroupId"), "IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "CidrIpv6": "::/0"}),
	}
	res, got := evaluate(t, insts)
	assertFires(t, got, "aws-ec2-sg-admin-ports-ipv4", []string{"Web"}, []string{"db"})
	assertFires(t, got, "aws-ec2-sg-admin-ports-ipv6", []string{"db"}, []string{"Web"})
	assertFires(t, got, "aws-ec2-smb-open", []string{"Web"}, []string{"db"})
	if eg, _ := find(t, res, "Web").Attributes["ip_permissions_egress"].([]any); len(eg) != 1 {
		t.Errorf("EC2's default allow-all egress: %v", eg)
	}
}

func TestNetworkACLs(t *testing.T) {
	insts := []cloudres.Instance{
		tf("aws_network_acl", "aws_network_acl.open", 1, props{"vpc_id": refAt("aws_vpc.main", "id"),
			"ingress": items(props{"rule_no": int64(100), "action": "allow", "protocol": "tcp", "cidr_block": "0.0.0.0/0", "from_port": int64(0), "to_port": int64(65535)})}),
		tf("aws_network_acl", "aws_network_acl.guarded", 10, props{}),
		tf("aws_network_acl_rule", "aws_network_acl_rule.deny_ssh", 20, props{"network_acl_id": refAt("aws_network_acl.guarded", "id"),
			"rule_number": int64(50), "rule_action": "deny", "protocol": "-1", "cidr_block": "0.0.0.0/0"}),
		tf("aws_network_acl_rule", "aws_network_acl_rule.allow", 30, props{"network_acl_id": refAt("aws_network_acl.guarded", "id"),
			"rule_number": int64(100), "rule_action": "allow", "protocol": "tcp", "cidr_block": "0.0.0.0/0", "from_port": int64(22), "to_port": int64(22)}),
		tf("aws_default_network_acl", "aws_default_network_acl.d", 40, props{"default_network_acl_id": "acl-1",
			"ingress": items(props{"rule_no": int64(100), "action": "allow", "protocol": "-1", "ipv6_cidr_block": "::/0", "from_port": int64(0), "to_port": int64(0)})}),
		tf("aws_network_acl", "aws_network_acl.unknown", 50, props{
			"ingress": items(props{"rule_no": cloudres.Unknown{}, "action": "allow", "protocol": "tcp", "cidr_block": "0.0.0.0/0", "from_port": int64(22), "to_port": int64(22)})}),
		cfnRes("AWS::EC2::NetworkAcl", "Acl", 1, props{"VpcId": refAt("Vpc", "")}),
		cfnRes("AWS::EC2::NetworkAclEntry", "AclRdp", 10, props{"NetworkAclId": refAt("Acl", ""), "RuleNumber": "100", "Protocol": 6,
			"RuleAction": "allow", "CidrBlock": "0.0.0.0/0", "PortRange": props{"From": 3389, "To": 3389}}),
		cfnRes("AWS::EC2::NetworkAclEntry", "AclOut", 20, props{"NetworkAclId": refAt("Acl", ""), "RuleNumber": 100, "Protocol": -1,
			"Egress": true, "RuleAction": "allow", "CidrBlock": "0.0.0.0/0"}),
	}
	res, got := evaluate(t, insts)
	assertFires(t, got, "aws-ec2-nacl-admin-ports", []string{"aws_network_acl.open", "aws_default_network_acl.d", "Acl"},
		[]string{"aws_network_acl.guarded", "aws_network_acl.unknown"})
	if !slices.Contains(unreadAttrs(t, res, "aws_network_acl.unknown"), any("entries")) {
		t.Error("an unknown rule number leaves entries unread")
	}
	if d := find(t, res, "aws_default_network_acl.d"); d.Attributes["is_default"] != true {
		t.Error("default ACL")
	}
}

func TestVPCsAndRoutes(t *testing.T) {
	insts := []cloudres.Instance{
		tf("aws_vpc", "aws_vpc.logged", 1, props{"cidr_block": "10.0.0.0/16", "tags": props{"Name": "logged"}}),
		tf("aws_flow_log", "aws_flow_log.main", 10, props{"vpc_id": refAt("aws_vpc.logged", "id"), "traffic_type": "ALL"}),
		tf("aws_vpc", "aws_vpc.dark", 20, props{"cidr_block": "10.1.0.0/16"}),
		tf("aws_default_vpc", "aws_default_vpc.d", 30, props{}),
		cfnRes("AWS::EC2::VPC", "Vpc", 1, props{"CidrBlock": "10.0.0.0/16"}),
		cfnRes("AWS::EC2::FlowLog", "VpcLog", 10, props{"ResourceId": refAt("Vpc", ""), "ResourceType": "VPC", "TrafficType": "REJECT"}),
		cfnRes("AWS::EC2::VPC", "Other", 20, props{"CidrBlock": "10.2.0.0/16"}),
		// Routes: inline peering to the world, a separate aws_route, and a
		// CloudFormation route.
		tf("aws_route_table", "aws_route_table.peered", 40, props{"vpc_id": refAt("aws_vpc.logged", "id"),
			"route": items(props{"cidr_block": "0.0.0.0/0", "vpc_peering_connection_id": refAt("aws_vpc_peering_connection.p", "id")})}),
		tf("aws_route_table", "aws_route_table.private", 50, props{"vpc_id": refAt("aws_vpc.logged", "id")}),
		tf("aws_route", "aws_route.narrow", 60, props{"route_table_id": refAt("aws_route_table.private", "id"),
			"destination_cidr_block": "10.9.0.0/16", "vpc_peering_connection_id": "pcx-1"}),
		tf("aws_route", "aws_route.v6", 70, props{"route_table_id": refAt("aws_route_table.private", "id"),
			"destination_ipv6_cidr_block": "::/0", "gateway_id": "igw-1"}),
		cfnRes("AWS::EC2::RouteTable", "Rt", 30, props{"VpcId": refAt("Vpc", "")}),
		cfnRes("AWS::EC2::Route", "RtPeer", 40, props{"RouteTableId": refAt("Rt", ""), "DestinationIpv6CidrBlock": "::/0", "VpcPeeringConnectionId": "pcx-2"}),
	}
	res, got := evaluate(t, insts)
	assertFires(t, got, "aws-ec2-vpc-flow-logs", []string{"aws_vpc.dark", "aws_default_vpc.d", "Other"}, []string{"logged", "Vpc"})
	assertFires(t, got, "aws-ec2-peering-route-all", []string{"aws_route_table.peered", "Rt"}, []string{"aws_route_table.private"})
	if routes, _ := find(t, res, "aws_route_table.private").Attributes["routes"].([]any); len(routes) != 2 {
		t.Errorf("aws_route resources join their table: %v", routes)
	}
	if find(t, res, "logged").Source.Lines["flow_logs_enabled"] != 10 {
		t.Error("the flow log's line is the evidence")
	}

	// A flow log whose VPC is unknown might be any VPC's: undecided.
	res, got = evaluate(t, []cloudres.Instance{
		tf("aws_vpc", "aws_vpc.a", 1, props{}),
		tf("aws_flow_log", "aws_flow_log.x", 10, props{"vpc_id": cloudres.Unknown{}}),
	})
	assertFires(t, got, "aws-ec2-vpc-flow-logs", nil, []string{"aws_vpc.a"})
	if !slices.Contains(unreadAttrs(t, res, "aws_vpc.a"), any("flow_logs_enabled")) {
		t.Error("flow_logs_enabled unread")
	}
}

func TestInstancesVolumesSettings(t *testing.T) {
	insts := []cloudres.Instance{
		// Defaults: http_tokens optional, no profile.
		tf("aws_instance", "aws_instance.legacy", 1, props{"ami": "ami-1", "instance_type": "t3.micro"}),
		tf("aws_instance", "aws_instance.hardened", 10, props{"metadata_options": items(props{"http_tokens": "required"}),
			"iam_instance_profile": refAt("aws_iam_instance_profile.app", "name")}),
		// From a launch template.
		tf("aws_launch_template", "aws_launch_template.lt", 20, props{"name": "lt", "metadata_options": items(props{"http_tokens": "required"}),
			"iam_instance_profile": items(props{"name": "app"})}),
		tf("aws_instance", "aws_instance.templated", 30, props{"launch_template": items(props{"id": refAt("aws_launch_template.lt", "id")})}),
		cfnRes("AWS::EC2::Instance", "Box", 1, props{"ImageId": "ami-1", "MetadataOptions": props{"HttpEndpoint": "disabled"}, "IamInstanceProfile": "app"}),
		cfnRes("AWS::EC2::Instance", "Old", 10, props{"ImageId": "ami-1", "MetadataOptions": props{"HttpTokens": "optional"}}),
		// Volumes.
		tf("aws_ebs_volume", "aws_ebs_volume.plain", 40, props{"size": int64(10)}),
		tf("aws_ebs_volume", "aws_ebs_volume.enc", 50, props{"encrypted": true}),
		cfnRes("AWS::EC2::Volume", "Vol", 20, props{"Size": "10"}),
		cfnRes("AWS::EC2::Volume", "VolEnc", 30, props{"Encrypted": "true"}),
		tf("aws_ebs_encryption_by_default", "aws_ebs_encryption_by_default.off", 60, props{"enabled": false}),
	}
	insts[6].Name, insts[7].Name = "plain", "enc"
	res, got := evaluate(t, insts)
	assertFires(t, got, "aws-ec2-imdsv2", []string{"aws_instance.legacy", "Old"}, []string{"aws_instance.hardened", "aws_instance.templated", "Box"})
	assertFires(t, got, "aws-ec2-instance-profile", []string{"aws_instance.legacy", "Old"}, []string{"aws_instance.hardened", "aws_instance.templated", "Box"})
	assertFires(t, got, "aws-ec2-volume-encrypted", []string{"plain", "Vol"}, []string{"enc", "VolEnc"})
	assertFires(t, got, "aws-ec2-ebs-default-encryption", []string{"aws_ebs_encryption_by_default.off"}, nil)
	if st := find(t, res, "aws_instance.legacy").Attributes["state"].(map[string]any); st["name"] != "running" {
		t.Errorf("state %v", st)
	}
	if u := unreadAttrs(t, res, "aws_ebs_encryption_by_default.off"); !slices.Contains(u, any("instance_metadata_defaults")) {
		t.Errorf("settings the resource does not declare stay unread: %v", u)
	}

	// Encryption by default (enabled defaults to true) covers volumes
	// that do not say.
	_, got = evaluate(t, []cloudres.Instance{
		tf("aws_ebs_encryption_by_default", "aws_ebs_encryption_by_default.on", 1, props{}),
		tf("aws_ebs_volume", "aws_ebs_volume.plain", 40, props{"size": int64(10)}),
	})
	assertFires(t, got, "aws-ec2-volume-encrypted", nil, []string{"aws_ebs_volume.plain"})
	assertFires(t, got, "aws-ec2-ebs-default-encryption", nil, []string{"aws_ebs_encryption_by_default.on"})
}

func TestVPCEndpoint(t *testing.T) {
	res, _ := evaluate(t, []cloudres.Instance{
		tf("aws_vpc_endpoint", "aws_vpc_endpoint.s3", 1, props{"service_name": "com.amazonaws.us-east-1.s3", "vpc_id": refAt("aws_vpc.main", "id"),
			"policy": `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"*"}]}`}),
		cfnRes("AWS::EC2::VPCEndpoint", "Ep", 1, props{"ServiceName": "com.amazonaws.us-east-1.s3", "VpcEndpointType": "Interface",
			"PolicyDocument": props{"Statement": items(props{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "*"})}}),
	})
	for _, n := range []string{"aws_vpc_endpoint.s3", "Ep"} {
		p, _ := find(t, res, n).Attributes["policy"].(map[string]any)
		if a, _ := p["analysis"].(map[string]any); a["public"] != true {
			t.Errorf("%s: parsed policy %v", n, p)
		}
	}
}

func TestRDSAndEKS(t *testing.T) {
	insts := []cloudres.Instance{
		// Terraform defaults: unencrypted, single-AZ, private, auto upgrades.
		tf("aws_db_instance", "aws_db_instance.plain", 1, props{"identifier": "plain", "engine": "postgres"}),
		tf("aws_db_instance", "aws_db_instance.good", 10, props{"identifier": "good", "storage_encrypted": true, "multi_az": true}),
		tf("aws_db_instance", "aws_db_instance.bad", 20, props{"identifier": "bad", "storage_encrypted": true, "multi_az": true,
			"publicly_accessible": true, "auto_minor_version_upgrade": false}),
		tf("aws_db_instance", "aws_db_instance.restored", 30, props{"identifier": "restored", "snapshot_identifier": "snap-1", "multi_az": true}),
		tf("aws_rds_cluster", "aws_rds_cluster.c", 40, props{"cluster_identifier": "aurora"}),
		tf("aws_rds_cluster_instance", "aws_rds_cluster_instance.c1", 50, props{"identifier": "aurora-1", "cluster_identifier": refAt("aws_rds_cluster.c", "id")}),
		cfnRes("AWS::RDS::DBInstance", "Db", 1, props{"Engine": "mysql", "MultiAZ": "true", "StorageEncrypted": true}),
		cfnRes("AWS::RDS::DBInstance", "DbBad", 10, props{"Engine": "mysql", "PubliclyAccessible": true, "AutoMinorVersionUpgrade": false}),
		cfnRes("AWS::RDS::DBCluster", "Cluster", 20, props{"Engine": "aurora-postgresql", "StorageEncrypted": true}),
		cfnRes("AWS::RDS::DBCluster", "Serverless", 30, props{"Engine": "aurora", "EngineMode": "serverless"}),
		// EKS: defaults are a public endpoint open to the world, no logs,
		// no customer key.
		tf("aws_eks_cluster", "aws_eks_cluster.open", 60, props{"name": "open", "vpc_config": items(props{"subnet_ids": items("s-1")})}),
		tf("aws_eks_cluster", "aws_eks_cluster.closed", 70, props{"name": "closed",
			"vpc_config":                items(props{"endpoint_public_access": false, "endpoint_private_access": true}),
			"enabled_cluster_log_types": items("api", "audit", "authenticator", "controllerManager", "scheduler"),
			"encryption_config":         items(props{"resources": items("secrets"), "provider": items(props{"key_arn": refAt("aws_kms_key.eks", "arn")})})}),
		cfnRes("AWS::EKS::Cluster", "Eks", 40, props{"Name": "eks", "ResourcesVpcConfig": props{"PublicAccessCidrs": items("203.0.113.0/24")},
			"Logging": props{"ClusterLogging": props{"EnabledTypes": items(props{"Type": "api"}, props{"Type": "audit"})}}}),
		cfnRes("AWS::EKS::Cluster", "EksOpen", 50, props{"ResourcesVpcConfig": props{"EndpointPublicAccess": "true"},
			"EncryptionConfig": items(props{"Resources": items("secrets"), "Provider": props{"KeyArn": "arn:aws:kms:us-east-1:111111111111:key/1"}})}),
	}
	res, got := evaluate(t, insts)
	assertFires(t, got, "aws-rds-storage-encrypted", []string{"plain", "aurora", "DbBad"}, []string{"good", "aurora-1", "Db", "Cluster", "Serverless"})
	assertFires(t, got, "aws-rds-multi-az", []string{"plain", "DbBad"}, []string{"good", "aurora-1", "Db"})
	assertFires(t, got, "aws-rds-publicly-accessible", []string{"bad", "DbBad"}, []string{"plain", "good", "Db"})
	assertFires(t, got, "aws-rds-auto-minor-upgrade", []string{"bad", "DbBad"}, []string{"plain", "aurora-1", "Db"})
	if !slices.Contains(unreadAttrs(t, res, "restored"), any("storage_encrypted")) {
		t.Error("a restored database inherits encryption: unread")
	}
	if !slices.Contains(unreadAttrs(t, res, "Db"), any("publicly_accessible")) {
		t.Error("CloudFormation's PubliclyAccessible has no fixed default")
	}
	assertFires(t, got, "aws-eks-public-endpoint", []string{"open", "EksOpen"}, []string{"closed", "eks"})
	assertFires(t, got, "aws-eks-control-plane-logging", []string{"open", "eks", "EksOpen"}, []string{"closed"})
	assertFires(t, got, "aws-eks-secrets-encryption", []string{"open", "eks"}, []string{"closed", "EksOpen"})
}

// TestGroupLabelledDefault: a group whose resource is called "default"
// but whose name is known only at apply is not the VPC's default group
// (AWS reserves the name); an adopted default group is.
func TestGroupLabelledDefault(t *testing.T) {
	insts := []cloudres.Instance{
		tf("aws_security_group", "aws_security_group.default", 1, props{"name": cloudres.Unknown{}, "vpc_id": refAt("aws_vpc.main", "id"),
			"ingress": items(props{"protocol": "tcp", "from_port": int64(443), "to_port": int64(443), "cidr_blocks": items("10.0.0.0/8")})}),
		tf("aws_default_security_group", "aws_default_security_group.adopted", 10, props{"vpc_id": refAt("aws_vpc.main", "id"),
			"ingress": items(props{"protocol": "-1", "from_port": int64(0), "to_port": int64(0), "self": true})}),
		cfnRes("AWS::EC2::SecurityGroup", "default", 20, props{"GroupDescription": "x",
			"SecurityGroupIngress": items(props{"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "CidrIp": "10.0.0.0/8"})}),
	}
	res, got := evaluate(t, insts)
	assertFires(t, got, "aws-ec2-default-sg-rules", []string{"default"}, nil)
	for _, r := range res.Resources {
		if r.Source.Address == "aws_default_security_group.adopted" {
			continue
		}
		if r.Attributes["is_default"] == true {
			t.Errorf("%s (%s) is taken for the VPC's default group", r.Name, r.Source.Address)
		}
	}
	if n := len(got["aws-ec2-default-sg-rules"]); n != 1 {
		t.Errorf("aws-ec2-default-sg-rules fired %d times, want once (the adopted group): %v", n, got["aws-ec2-default-sg-rules"])
	}
}
