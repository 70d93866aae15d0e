package awsadapt

import (
	"github.com/aws/aws-sdk-go-v2/aws"
	ekstypes "github.com/aws/aws-sdk-go-v2/service/eks/types"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
)

// eksCluster reads an EKS cluster; control-plane log types are a list
// of names in Terraform and {Type: api} items in CloudFormation.
func eksCluster(_ *Index, b *builder) (string, any) {
	in := b.in
	c := awsmodel.EKSCluster{}
	name := labelOr(b.in, spell(in, "name", "Name"))
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
	return name, c
}
