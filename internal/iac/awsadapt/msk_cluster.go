package awsadapt

import (
	"github.com/aws/aws-sdk-go-v2/aws"
	kafkatypes "github.com/aws/aws-sdk-go-v2/service/kafka/types"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
)

// mskCluster reads an MSK cluster, provisioned (aws_msk_cluster,
// AWS::MSK::Cluster) or serverless (aws_msk_serverless_cluster,
// AWS::MSK::ServerlessCluster). Omitted settings take the documented
// defaults: TLS between brokers and from clients only, no public
// access, DEFAULT monitoring; with no client authentication block,
// clients connect unauthenticated (as CreateCluster does).
func mskCluster(_ *Index, b *builder) (string, any) {
	in := b.in
	name := labelOr(in, spell(in, "cluster_name", "ClusterName"))
	c := kafkatypes.Cluster{ClusterName: aws.String(name)}
	if arn := knownStr(in, "arn"); arn != "" {
		c.ClusterArn = &arn
	}
	if tags := b.tags(spell(in, "tags", "Tags")); len(tags) > 0 {
		c.Tags = tags
	}
	switch in.Type {
	case "aws_msk_serverless_cluster", "AWS::MSK::ServerlessCluster":
		c.ClusterType = kafkatypes.ClusterTypeServerless
		c.Serverless = &kafkatypes.Serverless{}
		return name, awsmodel.MSKCluster{Cluster: c}
	}
	c.ClusterType = kafkatypes.ClusterTypeProvisioned
	p := &kafkatypes.Provisioned{EnhancedMonitoring: kafkatypes.EnhancedMonitoringDefault}
	c.Provisioned = p
	if s, ok := b.str(spell(in, "enhanced_monitoring", "EnhancedMonitoring"), "enhanced_monitoring_enabled"); ok {
		p.EnhancedMonitoring = kafkatypes.EnhancedMonitoring(s)
	}
	if s, ok := b.str(spell(in, "kafka_version", "KafkaVersion"), ""); ok {
		p.CurrentBrokerSoftwareInfo = &kafkatypes.BrokerSoftwareInfo{KafkaVersion: &s}
	}

	transit := &kafkatypes.EncryptionInTransit{ClientBroker: kafkatypes.ClientBrokerTls, InCluster: aws.Bool(true)}
	tp := spell(in, "encryption_info.0.encryption_in_transit.0.", "EncryptionInfo.EncryptionInTransit.")
	if s, ok := b.str(tp+spell(in, "client_broker", "ClientBroker"), "client_tls_only"); ok {
		transit.ClientBroker = kafkatypes.ClientBroker(s)
	} else if v, set := in.Get(tp + spell(in, "client_broker", "ClientBroker")); set && v != nil {
		b.unknown("client_tls_only")
	}
	transit.InCluster = rdsBool(b, tp+spell(in, "in_cluster", "InCluster"), "in_cluster_encrypted", true)
	p.EncryptionInfo = &kafkatypes.EncryptionInfo{EncryptionInTransit: transit}
	if k, ok := presentStr(b, spell(in, "encryption_info.0.encryption_at_rest_kms_key_arn", "EncryptionInfo.EncryptionAtRest.DataVolumeKMSKeyId"), ""); ok {
		p.EncryptionInfo.EncryptionAtRest = &kafkatypes.EncryptionAtRest{DataVolumeKMSKeyId: &k}
	}

	pa := spell(in, "broker_node_group_info.0.connectivity_info.0.public_access.0.type", "BrokerNodeGroupInfo.ConnectivityInfo.PublicAccess.Type")
	typ := "DISABLED"
	if s, ok := b.str(pa, "public_access"); ok {
		typ = s
	}
	p.BrokerNodeGroupInfo = &kafkatypes.BrokerNodeGroupInfo{ConnectivityInfo: &kafkatypes.ConnectivityInfo{
		PublicAccess: &kafkatypes.PublicAccess{Type: aws.String(typ)}}}
	b.setStr(&p.BrokerNodeGroupInfo.InstanceType, spell(in, "broker_node_group_info.0.instance_type", "BrokerNodeGroupInfo.InstanceType"), "")

	p.ClientAuthentication = mskClientAuthentication(b)
	return name, awsmodel.MSKCluster{Cluster: c}
}

// mskClientAuthentication reads the client authentication block; nil
// when the cluster declares none.
func mskClientAuthentication(b *builder) *kafkatypes.ClientAuthentication {
	in := b.in
	root := spell(in, "client_authentication.0", "ClientAuthentication")
	if v, set := in.Get(root); !set || v == nil {
		return nil
	}
	const attr = "unauthenticated_access"
	a := &kafkatypes.ClientAuthentication{}
	on := func(path string) *bool { return rdsBool(b, path, attr, false) }
	if cfn(in) {
		a.Unauthenticated = &kafkatypes.Unauthenticated{Enabled: on("ClientAuthentication.Unauthenticated.Enabled")}
		a.Sasl = &kafkatypes.Sasl{Iam: &kafkatypes.Iam{Enabled: on("ClientAuthentication.Sasl.Iam.Enabled")},
			Scram: &kafkatypes.Scram{Enabled: on("ClientAuthentication.Sasl.Scram.Enabled")}}
		tls := on("ClientAuthentication.Tls.Enabled")
		if _, set := in.Get("ClientAuthentication.Tls.CertificateAuthorityArnList"); set {
			tls = aws.Bool(true)
		}
		a.Tls = &kafkatypes.Tls{Enabled: tls}
		return a
	}
	a.Unauthenticated = &kafkatypes.Unauthenticated{Enabled: on("client_authentication.0.unauthenticated")}
	a.Sasl = &kafkatypes.Sasl{Iam: &kafkatypes.Iam{Enabled: on("client_authentication.0.sasl.0.iam")},
		Scram: &kafkatypes.Scram{Enabled: on("client_authentication.0.sasl.0.scram")}}
	_, tls := in.Get("client_authentication.0.tls")
	a.Tls = &kafkatypes.Tls{Enabled: aws.Bool(tls)}
	return a
}
