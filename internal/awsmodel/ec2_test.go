package awsmodel

import (
	"fmt"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	ekstypes "github.com/aws/aws-sdk-go-v2/service/eks/types"
	rdstypes "github.com/aws/aws-sdk-go-v2/service/rds/types"
)

func TestEC2Derive(t *testing.T) {
	for _, tc := range []struct {
		mo   *ec2types.InstanceMetadataOptionsResponse
		want bool
	}{
		{nil, false},
		{&ec2types.InstanceMetadataOptionsResponse{HttpTokens: ec2types.HttpTokensStateOptional, HttpEndpoint: ec2types.InstanceMetadataEndpointStateEnabled}, false},
		{&ec2types.InstanceMetadataOptionsResponse{HttpTokens: ec2types.HttpTokensStateRequired, HttpEndpoint: ec2types.InstanceMetadataEndpointStateEnabled}, true},
		{&ec2types.InstanceMetadataOptionsResponse{HttpTokens: ec2types.HttpTokensStateOptional, HttpEndpoint: ec2types.InstanceMetadataEndpointStateDisabled}, true},
	} {
		i := EC2Instance{Instance: ec2types.Instance{MetadataOptions: tc.mo}}
		i.Derive()
		if i.IMDSv2Required != tc.want {
			t.Errorf("%+v: imdsv2_required %v", tc.mo, i.IMDSv2Required)
		}
	}
	g := EC2SecurityGroup{SecurityGroup: ec2types.SecurityGroup{GroupName: aws.String("default")}}
	g.Derive()
	if !g.IsDefault {
		t.Error("default group not recognised")
	}
	v := EC2VPC{FlowLogs: []ec2types.FlowLog{{FlowLogStatus: aws.String("INACTIVE")}}}
	v.Derive()
	if v.FlowLogsEnabled {
		t.Error("an inactive flow log does not count")
	}
	v.FlowLogs = append(v.FlowLogs, ec2types.FlowLog{FlowLogStatus: aws.String("ACTIVE")})
	v.Derive()
	if !v.FlowLogsEnabled {
		t.Error("active flow log not recognised")
	}
	if a := Attributes(v); a["flow_logs_enabled"] != true {
		t.Errorf("attributes: %v", a)
	}
}

func TestRDSSnapshotDerive(t *testing.T) {
	attrs := []rdstypes.DBSnapshotAttribute{{AttributeName: aws.String("other"), AttributeValues: []string{"all"}},
		{AttributeName: aws.String("restore"), AttributeValues: []string{"123456789012"}}}
	s := RDSDBSnapshot{RestoreAccounts: RestoreAccounts(attrs)}
	s.Derive()
	if s.Public || fmt.Sprint(s.RestoreAccounts) != "[123456789012]" {
		t.Errorf("shared with one account: %+v", s)
	}
	s.RestoreAccounts = append(s.RestoreAccounts, "all")
	s.Derive()
	if !s.Public {
		t.Error("restore=all is public")
	}
}

func TestEKSDerive(t *testing.T) {
	c := EKSCluster{Cluster: ekstypes.Cluster{
		Logging: &ekstypes.Logging{ClusterLogging: []ekstypes.LogSetup{
			{Enabled: aws.Bool(true), Types: []ekstypes.LogType{"audit", "api"}},
			{Enabled: aws.Bool(false), Types: []ekstypes.LogType{"scheduler"}},
		}},
		EncryptionConfig: []ekstypes.EncryptionConfig{{Resources: []string{"secrets"}}},
	}}
	c.Derive()
	if fmt.Sprint(c.EnabledLogTypes) != "[api audit]" || c.SecretsEncrypted {
		t.Errorf("logs %v, secrets %v (no key: not encrypted)", c.EnabledLogTypes, c.SecretsEncrypted)
	}
	c.EncryptionConfig[0].Provider = &ekstypes.Provider{KeyArn: aws.String("arn:aws:kms:eu-west-1:1:key/1")}
	c.Derive()
	if !c.SecretsEncrypted {
		t.Error("secrets with a KMS key")
	}
}
