package awsmodel

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	ostypes "github.com/aws/aws-sdk-go-v2/service/opensearch/types"
)

func TestOpenSearchDomainDerive(t *testing.T) {
	open, err := ParsePolicy(`{"Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"es:*","Resource":"*"}]}`, "111111111111")
	if err != nil {
		t.Fatal(err)
	}
	vpc := &ostypes.VPCDerivedInfo{VPCId: aws.String("vpc-1"), SubnetIds: []string{"subnet-1"}}
	for _, c := range []struct {
		name string
		d    OpenSearchDomain
		want OpenSearchDomain
	}{
		{"nothing set", OpenSearchDomain{}, OpenSearchDomain{}},
		{"open policy on the internet", OpenSearchDomain{Policy: open}, OpenSearchDomain{Public: true}},
		{"open policy in a VPC", OpenSearchDomain{Policy: open, VPCOptions: vpc}, OpenSearchDomain{InVPC: true}},
		{"hardened", OpenSearchDomain{
			EncryptionAtRestOptions:     &ostypes.EncryptionAtRestOptions{Enabled: aws.Bool(true)},
			NodeToNodeEncryptionOptions: &ostypes.NodeToNodeEncryptionOptions{Enabled: aws.Bool(true)},
			DomainEndpointOptions:       &ostypes.DomainEndpointOptions{EnforceHTTPS: aws.Bool(true), TLSSecurityPolicy: ostypes.TLSSecurityPolicyPolicyMinTls12201907},
		}, OpenSearchDomain{EncryptedAtRest: true, NodeToNodeEncrypted: true, HTTPSEnforced: true}},
		{"TLS 1.0", OpenSearchDomain{DomainEndpointOptions: &ostypes.DomainEndpointOptions{EnforceHTTPS: aws.Bool(true), TLSSecurityPolicy: ostypes.TLSSecurityPolicyPolicyMinTls10201907}},
			OpenSearchDomain{HTTPSEnforced: true, TLSBelow12: true}},
	} {
		t.Run(c.name, func(t *testing.T) {
			c.d.Derive()
			got := [6]bool{c.d.InVPC, c.d.EncryptedAtRest, c.d.NodeToNodeEncrypted, c.d.HTTPSEnforced, c.d.TLSBelow12, c.d.Public}
			want := [6]bool{c.want.InVPC, c.want.EncryptedAtRest, c.want.NodeToNodeEncrypted, c.want.HTTPSEnforced, c.want.TLSBelow12, c.want.Public}
			if got != want {
				t.Errorf("in_vpc, encrypted_at_rest, node_to_node_encrypted, https_enforced, tls_below_1_2, public = %v, want %v", got, want)
			}
		})
	}
}
