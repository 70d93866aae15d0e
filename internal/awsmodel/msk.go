package awsmodel

import (
	kafkatypes "github.com/aws/aws-sdk-go-v2/service/kafka/types"
)

// TypeMSKCluster is an Amazon MSK (Managed Streaming for Apache Kafka)
// cluster, provisioned or serverless.
const TypeMSKCluster = "aws.msk.cluster"

// MSKCluster is aws.msk.cluster: the cluster as ListClustersV2 returns
// it. A serverless cluster always encrypts traffic, authenticates
// clients with IAM and is reachable only from its VPCs; the derived
// fields say so.
type MSKCluster struct {
	kafkatypes.Cluster
	// InClusterEncrypted: brokers talk to each other over TLS.
	InClusterEncrypted bool
	// ClientTLSOnly: brokers accept clients over TLS only (client-broker
	// encryption TLS, not TLS_PLAINTEXT or PLAINTEXT).
	ClientTLSOnly bool `attr:"client_tls_only"`
	// PublicAccess: the brokers have public endpoints.
	PublicAccess bool
	// UnauthenticatedAccess: clients may connect without authenticating
	// (unauthenticated access on, or no IAM, SASL/SCRAM or mutual TLS
	// authentication at all).
	UnauthenticatedAccess bool
	// EnhancedMonitoringEnabled: CloudWatch gets broker metrics beyond
	// the DEFAULT level.
	EnhancedMonitoringEnabled bool
}

// Derive computes the derived fields.
func (c *MSKCluster) Derive() {
	if c.ClusterType == kafkatypes.ClusterTypeServerless || (c.Provisioned == nil && c.Serverless != nil) {
		c.InClusterEncrypted, c.ClientTLSOnly, c.PublicAccess, c.UnauthenticatedAccess = true, true, false, false
		c.EnhancedMonitoringEnabled = true
		return
	}
	p := c.Provisioned
	if p == nil {
		p = &kafkatypes.Provisioned{}
	}
	// The API's defaults: in-cluster TLS on, client-broker TLS only.
	c.InClusterEncrypted, c.ClientTLSOnly = true, true
	if e := p.EncryptionInfo; e != nil && e.EncryptionInTransit != nil {
		t := e.EncryptionInTransit
		c.InClusterEncrypted = t.InCluster == nil || *t.InCluster
		c.ClientTLSOnly = t.ClientBroker == "" || t.ClientBroker == kafkatypes.ClientBrokerTls
	}
	c.PublicAccess = false
	if b := p.BrokerNodeGroupInfo; b != nil && b.ConnectivityInfo != nil && b.ConnectivityInfo.PublicAccess != nil {
		t := b.ConnectivityInfo.PublicAccess.Type
		c.PublicAccess = t != nil && *t != "" && *t != "DISABLED"
	}
	c.UnauthenticatedAccess = unauthenticated(p.ClientAuthentication)
	c.EnhancedMonitoringEnabled = p.EnhancedMonitoring != "" && p.EnhancedMonitoring != kafkatypes.EnhancedMonitoringDefault
}

// unauthenticated reports whether clients may connect without
// authenticating.
func unauthenticated(a *kafkatypes.ClientAuthentication) bool {
	if a == nil {
		return true
	}
	if a.Unauthenticated != nil && a.Unauthenticated.Enabled != nil && *a.Unauthenticated.Enabled {
		return true
	}
	on := func(b *bool) bool { return b != nil && *b }
	authed := a.Tls != nil && on(a.Tls.Enabled)
	if s := a.Sasl; s != nil {
		authed = authed || (s.Iam != nil && on(s.Iam.Enabled)) || (s.Scram != nil && on(s.Scram.Enabled))
	}
	return !authed
}
