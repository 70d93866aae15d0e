package awsadapt

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/vigil-cspm/vigil/internal/iac/cloudres"
)

// fuzzTypes are the source types FuzzAdapt builds; the first byte of
// the input picks one for the first instance, the second byte for the
// second (which the first may refer to).
var fuzzTypes = []string{
	"aws_elb", "AWS::ElasticLoadBalancing::LoadBalancer", "aws_ebs_snapshot", "aws_ebs_snapshot_copy",
	"aws_ebs_volume", "aws_instance", "AWS::EC2::Instance", "aws_neptune_cluster", "AWS::Neptune::DBCluster",
	"aws_subnet", "aws_default_subnet", "AWS::EC2::Subnet", "aws_ebs_encryption_by_default",
	"aws_elasticache_replication_group", "AWS::ElastiCache::ReplicationGroup", "aws_elasticache_cluster", "AWS::ElastiCache::CacheCluster",
	"aws_redshift_cluster", "AWS::Redshift::Cluster", "aws_redshift_parameter_group", "AWS::Redshift::ClusterParameterGroup",
	"aws_redshift_logging", "aws_msk_cluster", "AWS::MSK::Cluster",
	"aws_wafv2_web_acl", "AWS::WAFv2::WebACL", "aws_wafv2_web_acl_logging_configuration", "AWS::WAFv2::LoggingConfiguration",
	"aws_wafv2_web_acl_association", "aws_api_gateway_stage", "aws_cloudfront_distribution", "aws_acm_certificate",
	"AWS::CertificateManager::Certificate",
}

// fuzzValue turns decoded JSON into instance values: a string "ref:X"
// is a reference to X, "unknown" a value known only after apply.
func fuzzValue(v any) any {
	switch x := v.(type) {
	case string:
		if x == "unknown" {
			return cloudres.Unknown{}
		}
		if a, ok := strings.CutPrefix(x, "ref:"); ok {
			return cloudres.Ref{Address: a, Attr: "id"}
		}
	case []any:
		for i := range x {
			x[i] = fuzzValue(x[i])
		}
	case map[string]any:
		for k := range x {
			x[k] = fuzzValue(x[k])
		}
	}
	return v
}

// FuzzAdapt adapts arbitrary values of the load balancer, snapshot,
// instance, Neptune, subnet, ElastiCache, Redshift, MSK, WAF, API
// Gateway stage, CloudFront and ACM sources, alone and referring to one
// another: adapting must never panic and every resource must serialise.
func FuzzAdapt(f *testing.F) {
	for _, s := range []string{
		"\x00\x00" + `[{"listener": [{"lb_protocol": "http", "lb_port": 80}], "access_logs": [{"bucket": "b"}]}, {}]`,
		"\x01\x00" + `[{"Listeners": [{"Protocol": "SSL", "LoadBalancerPort": "443"}], "AccessLoggingPolicy": {"Enabled": "true"}}, {}]`,
		"\x03\x02" + `[{"source_snapshot_id": "ref:b", "encrypted": "unknown"}, {"volume_id": "ref:b"}]`,
		"\x02\x04" + `[{"volume_id": "ref:b"}, {"encrypted": "true"}]`,
		"\x03\x03" + `[{"source_snapshot_id": "ref:a"}, {"source_snapshot_id": "ref:b"}]`,
		"\x05\x0c" + `[{"root_block_device": [{"encrypted": "unknown"}], "ebs_block_device": [{"device_name": 3, "snapshot_id": "s"}]}, {}]`,
		"\x06\x00" + `[{"BlockDeviceMappings": [{"DeviceName": "/dev/xvda", "Ebs": {"Encrypted": "maybe"}}, {"Ebs": 1}], "LaunchTemplate": {}}, {}]`,
		"\x07\x08" + `[{"iam_database_authentication_enabled": "unknown", "kms_key_arn": "ref:k"}, {"IamAuthEnabled": "yes"}]`,
		"\x0a\x0b" + `[{"map_public_ip_on_launch": "unknown"}, {"MapPublicIpOnLaunch": []}]`,
		"\x0d\x0f" + `[{"engine_version": "unknown", "auth_token": "ref:b", "user_group_ids": ["ref:b", "unknown", 4]}, {"replication_group_id": "ref:a", "subnet_group_name": "unknown"}]`,
		"\x11\x13" + `[{"cluster_parameter_group_name": "ref:b", "port": "unknown"}, {"name": "g", "parameter": [{"name": "require_ssl", "value": "unknown"}, 3]}]`,
		"\x12\x14" + `[{"ClusterParameterGroupName": "ref:b", "LoggingProperties": {}}, {"Parameters": [{"ParameterName": "require_ssl", "ParameterValue": true}]}]`,
		"\x15\x11" + `[{"cluster_identifier": "ref:b"}, {"logging": [{"enable": "unknown"}]}]`,
		"\x16\x17" + `[{"client_authentication": [{"unauthenticated": "unknown", "tls": [{}]}], "encryption_info": [{"encryption_in_transit": [{"client_broker": 5}]}]}, {"ClientAuthentication": {"Tls": {"CertificateAuthorityArnList": []}}, "BrokerNodeGroupInfo": {"ConnectivityInfo": {"PublicAccess": {"Type": "unknown"}}}}]`,
		"\x18\x1a" + `[{"rule": [{"statement": [{"managed_rule_group_statement": "unknown"}], "visibility_config": [{"cloudwatch_metrics_enabled": "unknown"}]}, 7], "rule_json": "[{\"Statement\":{}}]"}, {"resource_arn": "ref:a", "log_destination_configs": ["unknown", 3]}]`,
		"\x19\x1b" + `[{"Rules": [{"Statement": {"RuleGroupReferenceStatement": {"Arn": "ref:b"}}, "Priority": "x"}], "DefaultAction": {"Block": 1}}, {"ResourceArn": "unknown"}]`,
		"\x1c\x1d" + `[{"resource_arn": "ref:b", "web_acl_arn": "unknown"}, {"stage_name": "prod"}]`,
		"\x1e\x1f" + `[{"web_acl_id": "unknown", "default_cache_behavior": [{}]}, {"private_key": "unknown", "key_algorithm": 5}]`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		if len(in) < 2 {
			return
		}
		var vals []map[string]any
		if json.Unmarshal([]byte(in[2:]), &vals) != nil || len(vals) < 2 {
			return
		}
		var insts []cloudres.Instance
		for i, name := range []string{"a", "b"} {
			typ := fuzzTypes[int(in[i])%len(fuzzTypes)]
			src := cloudres.Terraform
			if strings.HasPrefix(typ, "AWS::") {
				src = cloudres.CloudFormation
			}
			v, _ := fuzzValue(map[string]any(vals[i])).(map[string]any)
			insts = append(insts, cloudres.Instance{Source: src, Type: typ, Address: name, Name: name, File: "main.tf", Line: i + 1, Values: v})
		}
		for _, r := range Adapt(insts).Resources {
			if _, err := json.Marshal(r); err != nil {
				t.Fatalf("%s does not serialise: %v", r.ID, err)
			}
		}
	})
}
