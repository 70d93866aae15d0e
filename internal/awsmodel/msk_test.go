package awsmodel

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	kafkatypes "github.com/aws/aws-sdk-go-v2/service/kafka/types"
)

func TestMSKClusterDerive(t *testing.T) {
	prov := func(p kafkatypes.Provisioned) MSKCluster {
		return MSKCluster{Cluster: kafkatypes.Cluster{ClusterType: kafkatypes.ClusterTypeProvisioned, Provisioned: &p}}
	}
	iam := &kafkatypes.ClientAuthentication{Sasl: &kafkatypes.Sasl{Iam: &kafkatypes.Iam{Enabled: aws.Bool(true)}}}
	for _, c := range []struct {
		name string
		c    MSKCluster
		want [5]bool // in-cluster, client TLS only, public, unauthenticated, enhanced monitoring
	}{
		{"provisioned, nothing set", prov(kafkatypes.Provisioned{}), [5]bool{true, true, false, true, false}},
		{"serverless", MSKCluster{Cluster: kafkatypes.Cluster{ClusterType: kafkatypes.ClusterTypeServerless}}, [5]bool{true, true, false, false, true}},
		{"plaintext and public", prov(kafkatypes.Provisioned{
			EncryptionInfo: &kafkatypes.EncryptionInfo{EncryptionInTransit: &kafkatypes.EncryptionInTransit{
				InCluster: aws.Bool(false), ClientBroker: kafkatypes.ClientBrokerTlsPlaintext}},
			BrokerNodeGroupInfo: &kafkatypes.BrokerNodeGroupInfo{ConnectivityInfo: &kafkatypes.ConnectivityInfo{
				PublicAccess: &kafkatypes.PublicAccess{Type: aws.String("SERVICE_PROVIDED_EIPS")}}},
			ClientAuthentication: &kafkatypes.ClientAuthentication{Unauthenticated: &kafkatypes.Unauthenticated{Enabled: aws.Bool(true)}, Sasl: iam.Sasl},
			EnhancedMonitoring:   kafkatypes.EnhancedMonitoringDefault}), [5]bool{false, false, true, true, false}},
		{"hardened", prov(kafkatypes.Provisioned{
			EncryptionInfo: &kafkatypes.EncryptionInfo{EncryptionInTransit: &kafkatypes.EncryptionInTransit{
				InCluster: aws.Bool(true), ClientBroker: kafkatypes.ClientBrokerTls}},
			BrokerNodeGroupInfo: &kafkatypes.BrokerNodeGroupInfo{ConnectivityInfo: &kafkatypes.ConnectivityInfo{
				PublicAccess: &kafkatypes.PublicAccess{Type: aws.String("DISABLED")}}},
			ClientAuthentication: iam, EnhancedMonitoring: kafkatypes.EnhancedMonitoringPerBroker}), [5]bool{true, true, false, false, true}},
		{"mutual TLS only", prov(kafkatypes.Provisioned{ClientAuthentication: &kafkatypes.ClientAuthentication{
			Tls: &kafkatypes.Tls{Enabled: aws.Bool(true)}}}), [5]bool{true, true, false, false, false}},
	} {
		t.Run(c.name, func(t *testing.T) {
			c.c.Derive()
			got := [5]bool{c.c.InClusterEncrypted, c.c.ClientTLSOnly, c.c.PublicAccess, c.c.UnauthenticatedAccess, c.c.EnhancedMonitoringEnabled}
			if got != c.want {
				t.Errorf("in_cluster_encrypted, client_tls_only, public_access, unauthenticated_access, enhanced_monitoring_enabled = %v, want %v", got, c.want)
			}
		})
	}
}
